import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { candidateProblem, formatSdpFrag, parseSdpFrag, type SdpFrag } from "../src/SdpFrag.ts"

const iceChars = fc.constantFrom(
  ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/".split("")
)
const iceString = (min: number, max: number) =>
  fc.array(iceChars, { minLength: min, maxLength: max }).map((a) => a.join(""))

const address = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.uuid().map((u) => `${u}.local`)
)
const candidate = fc
  .record({
    foundation: iceString(1, 32),
    component: fc.integer({ min: 1, max: 256 }),
    transport: fc.constantFrom("udp", "UDP", "tcp"),
    priority: fc.integer({ min: 0, max: 0xffffffff }),
    address,
    port: fc.integer({ min: 0, max: 65535 }),
    type: fc.constantFrom("host", "srflx", "prflx", "relay"),
    extra: fc.constantFrom("", " raddr 0.0.0.0 rport 9", " tcptype passive", " generation 0 ufrag abcd")
  })
  .map(
    (c) =>
      `candidate:${c.foundation} ${c.component} ${c.transport} ${c.priority} ${c.address} ${c.port} typ ${c.type}${c.extra}`
  )

const mid = fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/)

/** A fragment the formatter can express: an optional first section without an m-line, then m-line sections. */
const fragment: fc.Arbitrary<SdpFrag> = fc
  .record({
    creds: fc.option(fc.record({ ufrag: iceString(4, 40), pwd: iceString(22, 60) }), { nil: undefined }),
    implicit: fc.option(
      fc.record({ candidates: fc.array(candidate, { minLength: 1, maxLength: 4 }), end: fc.boolean() }),
      { nil: undefined }
    ),
    sections: fc.array(
      fc.record({
        mid: fc.option(mid, { nil: undefined }),
        candidates: fc.array(candidate, { maxLength: 4 }),
        end: fc.boolean()
      }),
      { maxLength: 3 }
    ),
    end: fc.boolean()
  })
  .map(({ creds, implicit, sections, end }) => {
    const media: Array<SdpFrag["media"][number]> = []
    if (implicit !== undefined)
      media.push({
        mLine: undefined,
        mid: undefined,
        mLineIndex: 0,
        candidates: implicit.candidates,
        endOfCandidates: implicit.end
      })
    for (const s of sections)
      media.push({
        mLine: "audio 9 UDP/TLS/RTP/SAVPF 0",
        mid: s.mid,
        mLineIndex: media.length,
        candidates: s.candidates,
        endOfCandidates: s.end
      })
    return { ufrag: creds?.ufrag, pwd: creds?.pwd, media, endOfCandidates: end }
  })
  .filter(
    (f) =>
      f.ufrag !== undefined ||
      f.endOfCandidates ||
      f.media.some((m) => m.candidates.length > 0 || m.endOfCandidates)
  )

const parse = (text: string) => {
  const r = parseSdpFrag(text)
  if (Result.isFailure(r)) throw r.failure
  return r.success
}
const failure = (text: string) => {
  const r = parseSdpFrag(text)
  if (Result.isSuccess(r)) throw new Error(`parsed: ${text}`)
  return r.failure
}

describe("parseSdpFrag / formatSdpFrag", () => {
  it("round-trips generated fragments (credentials, candidates, mids, end-of-candidates)", () => {
    fc.assert(
      fc.property(fragment, (f) => {
        expect(parse(formatSdpFrag(f))).toEqual(f)
      }),
      { numRuns: 300 }
    )
  })

  it("accepts every generated candidate and LF line ends", () => {
    fc.assert(fc.property(candidate, (c) => candidateProblem(c) === undefined))
    const f = parse(
      "a=ice-ufrag:EsAw\na=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1\nm=audio 9 RTP/AVP 0\na=mid:0\na=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0 ufrag EsAw network-id 1\na=end-of-candidates\n"
    )
    expect(f.ufrag).toBe("EsAw")
    expect(f.media).toHaveLength(1)
    expect(f.media[0]?.mid).toBe("0")
    expect(f.media[0]?.endOfCandidates).toBe(true)
  })

  it("parses the RFC 8840 example shape and ignores other attributes", () => {
    const f = parse(
      [
        "a=ice-options:trickle",
        "a=group:BUNDLE audio0",
        "a=ice-ufrag:EsAw",
        "a=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1",
        "m=audio 9 RTP/AVP 0",
        "a=mid:audio0",
        "a=candidate:1 1 UDP 2130706431 10.0.1.1 8998 typ host",
        "a=candidate:2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 10.0.1.1 rport 8998",
        ""
      ].join("\r\n")
    )
    expect(f.media[0]?.candidates).toHaveLength(2)
    expect(f.media[0]?.candidates[1]).toContain("typ srflx raddr 10.0.1.1 rport 8998")
  })

  it("names the line and the rule of a bad fragment", () => {
    expect(failure("a=ice-ufrag:abcd\r\nhello\r\n")).toMatchObject({ line: 2 })
    expect(failure("a=ice-ufrag:abc\r\na=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1\r\n").message).toContain(
      "line 1: a=ice-ufrag must be 4-256"
    )
    expect(failure("a=ice-ufrag:abcd\r\na=ice-pwd:short\r\n")).toMatchObject({ line: 2 })
    expect(failure("a=ice-ufrag:abcd\r\n").reason).toContain("without a=ice-pwd")
    expect(failure("a=mid:0\r\na=end-of-candidates\r\n").reason).toContain("must follow an m= line")
    expect(failure("m=audio 9 RTP/AVP 0\r\na=candidate:1 1 udp 1 1.2.3.4 99999 typ host\r\n")).toMatchObject({
      line: 2,
      reason: "the port 99999 is above 65535"
    })
    expect(failure("a=candidate:1 1 udp 1 1.2.3.4 9 host\r\n").reason).toContain("typ <type>")
    expect(failure("a=candidate:1 0 udp 1 1.2.3.4 9 typ host\r\n").reason).toContain("component id 0")
    expect(failure("m=audio\r\n").reason).toContain("<media> <port> <proto>")
    expect(failure("").line).toBe(0)
    expect(
      failure("a=ice-ufrag:abcd\r\na=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1\r\na=ice-ufrag:efgh\r\n")
    ).toMatchObject({
      line: 3
    })
  })

  it("never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        parseSdpFrag(s)
      })
    )
  })
})
