import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { RTCRtpSender } from "werift"
import { RtpHeader, RtpPacket } from "werift"
import { leanSend, ntpNow } from "../../src/internal/leanSend.ts"
import { forward, type ListenerLeg, makeRoomTrack } from "../../src/RoomTrack.ts"

interface Sent {
  seq: number
  ts: number
  ssrc: number
  pt: number
}

/** A stand-in with the werift 0.25.2 sender fields leanSend uses; it records what would be encrypted. */
const fakeSender = (state = "connected") => {
  const sent: Sent[] = []
  const s = {
    ssrc: 0xabcdef01,
    stopped: false,
    codec: { payloadType: 111 },
    dtlsTransport: {
      state,
      sendRtp: (_payload: Buffer, h: RtpHeader) => {
        sent.push({ seq: h.sequenceNumber, ts: h.timestamp, ssrc: h.ssrc, pt: h.payloadType })
        return Promise.resolve(0)
      }
    },
    rtpContinuityPending: false,
    pendingTimestampStep: 1,
    sequenceNumber: undefined as number | undefined,
    timestamp: undefined as number | undefined,
    seqOffset: 0,
    timestampOffset: 0,
    ntpTimestamp: 0n,
    rtpTimestamp: 0,
    octetCount: 0,
    packetCount: 0,
    headerBytesSent: 0,
    rtcpRunning: true,
    runRtcp: () => Promise.resolve(),
    replaceRTP(_h: unknown, _d: boolean, step: number) {
      this.rtpContinuityPending = true
      this.pendingTimestampStep = step
    }
  }
  return { s, sent, sender: s as unknown as RTCRtpSender }
}
const packet = (seq: number, ts: number) =>
  new RtpPacket(
    new RtpHeader({ sequenceNumber: seq & 0xffff, timestamp: ts >>> 0, payloadType: 96 }),
    Buffer.alloc(10)
  )

describe("leanSend", () => {
  it("rewrites SSRC and payload type and passes a fresh listener's numbering through", () => {
    const { sender, sent, s } = fakeSender()
    leanSend(sender, packet(5, 1000), ntpNow())
    expect(sent).toEqual([{ seq: 5, ts: 1000, ssrc: 0xabcdef01, pt: 111 }])
    expect([s.packetCount, s.octetCount, s.rtpTimestamp]).toEqual([1, 10, 1000])
  })

  it("sends nothing before DTLS is connected", () => {
    const { sender, sent } = fakeSender("connecting")
    expect(leanSend(sender, packet(1, 1), ntpNow())).toBe(false)
    expect(sent).toEqual([])
  })

  it("a track counts as sent only the packets its connected listeners were sent (issue 16)", () => {
    const states = fc.array(fc.constantFrom("new", "connecting", "connected", "failed", "closed"), {
      maxLength: 30
    })
    fc.assert(
      fc.property(states, fc.integer({ min: 1, max: 20 }), (listenerStates, packets) => {
        const track = makeRoomTrack("room", "main")
        const source = { id: "pub" }
        track.publisher = source
        const fakes = listenerStates.map((state) => fakeSender(state))
        for (const f of fakes) track.listeners.add({ sender: f.sender } as unknown as ListenerLeg)
        for (let i = 0; i < packets; i++) forward(track, source, packet(i, i * 960))
        const sent = fakes.reduce((n, f) => n + f.sent.length, 0)
        expect(sent).toBe(packets * listenerStates.filter((st) => st === "connected").length)
        expect(track.packetsOut).toBe(sent)
        expect(track.bytesOut).toBe(sent * 10)
      })
    )
  })

  it("continues its own sequence across a source change, stepping the timestamp by the gap", () => {
    const { sender, sent, s } = fakeSender()
    for (let i = 0; i < 3; i++) leanSend(sender, packet(100 + i, 5000 + i * 960), ntpNow())
    s.replaceRTP(undefined, false, 1300 * 48)
    leanSend(sender, packet(40_000, 9_999_999), ntpNow())
    leanSend(sender, packet(40_001, 9_999_999 + 960), ntpNow())
    expect(sent.slice(2).map((p) => [p.seq, p.ts])).toEqual([
      [102, 5000 + 2 * 960],
      [103, 5000 + 2 * 960 + 1300 * 48],
      [104, 5000 + 2 * 960 + 1300 * 48 + 960]
    ])
  })

  it("on the shared port, encrypts and sends straight to the socket, counting as werift does", () => {
    const { s } = fakeSender()
    const direct: Array<{ data: Buffer; addr: readonly [string, number] }> = []
    let fresh = true
    const pair = {
      remoteAddr: ["127.0.0.1", 5004] as const,
      protocol: {
        transport: { sendNow: (data: Buffer, addr: readonly [string, number]) => direct.push({ data, addr }) }
      },
      packetsSent: 0,
      bytesSent: 0
    }
    const slow: Array<number> = []
    const dtls = {
      state: "connected",
      sendRtp: (_p: Buffer, h: RtpHeader) => {
        slow.push(h.sequenceNumber)
        return Promise.resolve(0)
      },
      // a stand-in cipher: the header's sequence number and SSRC, then the payload
      srtp: {
        encrypt: (payload: Buffer, h: RtpHeader) => {
          const head = Buffer.alloc(6)
          head.writeUInt16BE(h.sequenceNumber, 0)
          head.writeUInt32BE(h.ssrc, 2)
          return Buffer.concat([head, payload])
        }
      },
      iceTransport: { connection: { nominated: pair, canSendApplicationData: () => fresh } },
      bytesSent: 0,
      packetsSent: 0
    }
    const sender = { ...s, dtlsTransport: dtls } as unknown as RTCRtpSender
    expect(leanSend(sender, packet(7, 960), ntpNow())).toBe(true)
    expect(direct).toHaveLength(1)
    expect(direct[0]?.addr).toEqual(["127.0.0.1", 5004])
    expect(direct[0]?.data.readUInt16BE(0)).toBe(7)
    expect(direct[0]?.data.readUInt32BE(2)).toBe(0xabcdef01)
    expect([dtls.packetsSent, dtls.bytesSent, pair.packetsSent, pair.bytesSent]).toEqual([1, 16, 1, 16])
    // without consent (RFC 7675) the direct path is not taken: werift's own chain decides, as before
    fresh = false
    leanSend(sender, packet(8, 1920), ntpNow())
    expect(direct).toHaveLength(1)
    expect(slow).toEqual([8])
  })

  describe("properties", () => {
    it("after any sequence of source changes, output seq steps by 1 and output ts by 960 or the requested gap", () => {
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              seq: fc.nat(0xffff),
              ts: fc.nat(0xffffffff),
              n: fc.integer({ min: 1, max: 20 }),
              gap: fc.integer({ min: 1, max: 480_000 })
            }),
            { minLength: 1, maxLength: 8 }
          ),
          (sources) => {
            const { sender, sent, s } = fakeSender()
            const expectedSteps: number[] = []
            for (const [k, src] of sources.entries()) {
              if (k > 0) s.replaceRTP(undefined, false, src.gap)
              for (let i = 0; i < src.n; i++) {
                leanSend(sender, packet(src.seq + i, src.ts + i * 960), ntpNow())
                if (sent.length > 1) expectedSteps.push(i === 0 ? src.gap : 960)
              }
            }
            for (let i = 1; i < sent.length; i++) {
              const a = sent[i - 1] as Sent
              const b = sent[i] as Sent
              expect((b.seq - a.seq + 0x10000) % 0x10000).toBe(1)
              expect((b.ts - a.ts + 0x1_0000_0000) % 0x1_0000_0000).toBe(expectedSteps[i - 1])
            }
          }
        )
      )
    })
  })
})
