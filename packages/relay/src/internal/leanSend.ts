// The per-listener send step of forwarding, done directly on werift's sender state instead of through
// `hub.writeRtp` → `sender.sendRtp` → `dispatchRtp`: no packet clone, no header-extension rebuild,
// one NTP timestamp per packet instead of one per listener, and no per-packet promise chain beyond
// the transport's own. It keeps werift's semantics for what it does: SSRC and payload type of the
// sender, sequence/timestamp offsets (including `replaceRTP` continuity requests), and the counters
// the sender's RTCP sender reports read. Pinned to werift 0.25.2's sender fields (see package.json).
import { performance } from "node:perf_hooks"
import type { RTCRtpSender, RtpPacket } from "werift"
import { RtpHeader } from "werift"

/** The werift 0.25.2 ICE fields the direct path reads (private in werift's typings). */
interface IceState {
  readonly connection: {
    readonly nominated:
      | {
          readonly remoteAddr: readonly [string, number]
          readonly protocol: {
            readonly transport: {
              /** The shared-port mux's transports have it (internal/udpMux.ts); werift's own do not. */
              readonly sendNow?: (data: Buffer, addr: readonly [string, number]) => void
            }
          }
          packetsSent: number
          bytesSent: number
        }
      | undefined
    readonly canSendApplicationData: () => boolean
  }
}

/** The werift 0.25.2 DTLS transport fields this step reads and writes. */
interface DtlsState {
  readonly state: string
  readonly sendRtp: (payload: Buffer, header: RtpHeader) => Promise<number>
  readonly srtp: { readonly encrypt: (payload: Buffer, header: RtpHeader) => Buffer }
  readonly iceTransport: IceState | undefined
  bytesSent: number
  packetsSent: number
}

/** The werift 0.25.2 sender fields this step reads and writes (private in werift's typings). */
interface SenderState {
  readonly ssrc: number
  readonly stopped: boolean
  readonly codec: { readonly payloadType: number } | undefined
  readonly dtlsTransport: DtlsState | undefined
  rtpContinuityPending: boolean
  pendingTimestampStep: number
  sequenceNumber: number | undefined
  timestamp: number | undefined
  seqOffset: number
  timestampOffset: number
  ntpTimestamp: bigint
  rtpTimestamp: number
  octetCount: number
  packetCount: number
  headerBytesSent: number
  rtcpRunning: boolean
  readonly runRtcp: () => Promise<void>
}

const NTP_EPOCH_OFFSET_MS = 2_208_988_800_000
const scratch = new RtpHeader()

/** The current time as a 64-bit NTP timestamp (for RTCP sender reports). */
export const ntpNow = (): bigint => {
  const ms = performance.timeOrigin + performance.now() + NTP_EPOCH_OFFSET_MS
  const seconds = Math.floor(ms / 1000)
  const fraction = Math.floor(((ms % 1000) / 1000) * 0x1_0000_0000)
  return (BigInt(seconds) << 32n) | BigInt(fraction)
}

/**
 * Sends one packet through a listener's sender. The header is serialized and encrypted synchronously
 * (werift's SRTP runs before the transport's first await), so one scratch header serves every call.
 * Returns false, sending nothing, while the listener's DTLS is not connected (or it stopped).
 */
export const leanSend = (sender: RTCRtpSender, rtp: RtpPacket, ntp: bigint): boolean => {
  const s = sender as unknown as SenderState
  const dtls = s.dtlsTransport
  const codec = s.codec
  if (s.stopped || dtls === undefined || dtls.state !== "connected" || codec === undefined) return false
  const inSeq = rtp.header.sequenceNumber
  const inTs = rtp.header.timestamp
  if (s.rtpContinuityPending) {
    if (s.sequenceNumber !== undefined && s.timestamp !== undefined) {
      s.seqOffset = (s.sequenceNumber + 1 - inSeq) & 0xffff
      s.timestampOffset = (s.timestamp + s.pendingTimestampStep - inTs) >>> 0
    }
    s.rtpContinuityPending = false
    s.pendingTimestampStep = 1
  }
  const seq = (inSeq + s.seqOffset) & 0xffff
  const ts = (inTs + s.timestampOffset) >>> 0
  scratch.marker = rtp.header.marker
  scratch.payloadType = codec.payloadType
  scratch.sequenceNumber = seq
  scratch.timestamp = ts
  scratch.ssrc = s.ssrc
  s.sequenceNumber = seq
  s.timestamp = ts
  s.ntpTimestamp = ntp
  s.rtpTimestamp = ts
  s.octetCount += rtp.payload.length
  s.headerBytesSent += 12
  s.packetCount = (s.packetCount + 1) >>> 0
  send(dtls, rtp.payload)
  if (!s.rtcpRunning) void s.runRtcp()
  return true
}

/**
 * Encrypts and sends the packet in `scratch`. On the shared UDP port it does what werift's
 * `RTCDtlsTransport.sendRtp` → `Connection.send` → `sendData` → `transport.send` chain does (the same
 * counters, consent check and nominated pair) without its four promises per packet; elsewhere it is that
 * chain.
 */
const send = (dtls: DtlsState, payload: Buffer): void => {
  const connection = dtls.iceTransport?.connection
  const pair = connection?.nominated
  const sendNow = pair?.protocol.transport.sendNow
  if (pair === undefined || sendNow === undefined || !connection?.canSendApplicationData()) {
    void dtls.sendRtp(payload, scratch)
    return
  }
  let enc: Buffer
  try {
    enc = dtls.srtp.encrypt(payload, scratch)
  } catch {
    return // as werift's sendRtp: a packet that cannot be encrypted is dropped, never thrown to the loop
  }
  dtls.bytesSent += enc.length
  dtls.packetsSent++
  sendNow(enc, pair.remoteAddr)
  pair.packetsSent++
  pair.bytesSent += enc.length
}
