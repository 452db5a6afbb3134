// Ending a peer connection so the far end knows at once. werift 0.25.2's `pc.close()` sends neither a DTLS
// close_notify nor an RTCP BYE ("todo impl send alert" in RTCDtlsTransport.stop), so a player the relay
// drops (seat replace-oldest, publisher takeover, DELETE, shutdown) kept "connected" until its ICE consent
// expired (~30 s). `closePeer` first sends, on every connected DTLS transport, an RTCP BYE for each of its
// senders' SSRCs (SRTCP, compound RR + BYE) and a DTLS close_notify alert (RFC 6347 / RFC 5246 §7.2.1,
// encrypted under the current epoch), then closes. Pinned to werift 0.25.2's private DTLS fields.
import type { RTCPeerConnection } from "werift"

/** The werift 0.25.2 DTLS fields used here (private in werift's typings). */
interface DtlsSocketState {
  readonly dtls: {
    readonly version: { readonly major: number; readonly minor: number }
    readonly epoch: number
    recordSequenceNumber: number
  }
  readonly cipher: {
    readonly encryptPacket: (pkt: {
      recordLayerHeader: {
        contentType: number
        protocolVersion: { major: number; minor: number }
        epoch: number
        sequenceNumber: number
        contentLen: number
      }
      fragment: Buffer
    }) => { fragment: Buffer }
  }
  readonly transport: { readonly send: (buf: Buffer) => Promise<unknown> }
}

interface DtlsTransportState {
  readonly state: string
  readonly dtls: DtlsSocketState | undefined
  readonly sendRtcp: (packets: ReadonlyArray<{ serialize: () => Buffer }>) => Promise<unknown>
}

const ALERT = 21
const WARNING = 1
const CLOSE_NOTIFY = 0

/** A DTLS record holding a close_notify alert, encrypted as werift's own application data is. */
const closeNotify = (socket: DtlsSocketState): Buffer => {
  const { dtls, cipher } = socket
  const sequenceNumber = ++dtls.recordSequenceNumber
  const { fragment } = cipher.encryptPacket({
    recordLayerHeader: {
      contentType: ALERT,
      protocolVersion: { major: dtls.version.major, minor: dtls.version.minor },
      epoch: dtls.epoch,
      sequenceNumber,
      contentLen: 2
    },
    fragment: Buffer.from([WARNING, CLOSE_NOTIFY])
  })
  const record = Buffer.alloc(13 + fragment.length)
  record[0] = ALERT
  record[1] = dtls.version.major
  record[2] = dtls.version.minor
  record.writeUInt16BE(dtls.epoch, 3)
  record.writeUIntBE(sequenceNumber, 5, 6)
  record.writeUInt16BE(fragment.length, 11)
  fragment.copy(record, 13)
  return record
}

/** RTCP receiver report (no blocks) + BYE for `ssrc`: a compound packet, as RFC 3550 §6.1 wants. */
const bye = (ssrc: number) => ({
  serialize: () => {
    const b = Buffer.alloc(16)
    b.writeUInt8(0x80, 0) // V=2, RC=0
    b.writeUInt8(201, 1) // RR
    b.writeUInt16BE(1, 2)
    b.writeUInt32BE(ssrc >>> 0, 4)
    b.writeUInt8(0x81, 8) // V=2, SC=1
    b.writeUInt8(203, 9) // BYE
    b.writeUInt16BE(1, 10)
    b.writeUInt32BE(ssrc >>> 0, 12)
    return b
  }
})

/** Tells the far end the session is over (best effort: a send that fails is ignored), then closes `pc`. */
export const closePeer = async (pc: RTCPeerConnection): Promise<void> => {
  const sends: Array<Promise<unknown>> = []
  for (const transport of pc.dtlsTransports as unknown as ReadonlyArray<DtlsTransportState>) {
    const socket = transport.dtls
    if (transport.state !== "connected" || socket === undefined) continue
    const ssrcs = pc
      .getTransceivers()
      .filter((t) => (t.sender.dtlsTransport as unknown) === transport)
      .map((t) => t.sender.ssrc)
    try {
      if (ssrcs.length > 0) sends.push(transport.sendRtcp(ssrcs.map(bye)).catch(() => undefined))
      sends.push(socket.transport.send(closeNotify(socket)).catch(() => undefined))
    } catch {
      // a transport torn down between the check and the send: nothing to tell
    }
  }
  // The sends are UDP writes; wait for them (briefly) so closing the sockets does not drop them.
  await Promise.race([Promise.all(sends), new Promise((r) => setTimeout(r, 100).unref())])
  await pc.close().catch(() => undefined)
}
