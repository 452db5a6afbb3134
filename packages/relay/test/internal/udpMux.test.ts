// The shared UDP port (`udpPort`): how the mux reads STUN to demultiplex, the rules on the option, and
// a taken port refused at start.
import { createSocket } from "node:dgram"
import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Message } from "werift"
import { openUdpMux, stunClass, stunLocalUfrag } from "../../src/internal/udpMux.ts"
import { startRelay } from "../../src/promise.ts"
import { resolveConfig } from "../../src/RelayConfig.ts"
import { passKinds, publicKeys } from "../support/keys.ts"

// ICE ufrags: 4-256 ice-chars (RFC 8839)
const ufrag = fc.stringMatching(/^[A-Za-z0-9+/]{4,32}$/)
const BINDING = 0x0001
const classes = { request: 0x0000, indication: 0x0010, success: 0x0100, error: 0x0110 } as const

describe("reading STUN for the demultiplexer", () => {
  it("finds the local ufrag of any binding request's USERNAME, with or without integrity", () => {
    fc.assert(
      fc.property(ufrag, ufrag, fc.boolean(), (local, remote, signed) => {
        const m = new Message(BINDING, classes.request)
        m.setAttribute("USERNAME", `${local}:${remote}`)
        m.setAttribute("PRIORITY", 1234)
        if (signed) m.addMessageIntegrity(Buffer.from("a-password-of-22-chars", "utf8")).addFingerprint()
        expect(stunClass(m.bytes)).toBe(0)
        expect(stunLocalUfrag(m.bytes)).toBe(local)
      })
    )
  })

  it("tells each STUN class apart and never takes DTLS, RTP or RTCP for STUN", () => {
    for (const [name, cls] of Object.entries(classes))
      expect(stunClass(new Message(BINDING, cls).bytes)).toBe(
        ["request", "indication", "success", "error"].indexOf(name)
      )
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), (bytes) => {
        const b = Buffer.from(bytes)
        // DTLS records start with 20-63, RTP/RTCP with 128-191 (RFC 7983): none of them is STUN
        if (b.length > 0 && (b[0] ?? 0) >= 20) expect(stunClass(b)).toBe(-1)
        // and any bytes at all are read without throwing
        expect(() => stunLocalUfrag(b)).not.toThrow()
      })
    )
  })

  it("reads no ufrag from a request without USERNAME or with an attribute running past the end", () => {
    const m = new Message(BINDING, classes.request)
    m.setAttribute("PRIORITY", 1)
    expect(stunLocalUfrag(m.bytes)).toBeUndefined()
    const cut = Buffer.from(m.bytes)
    cut.writeUInt16BE(0x0006, 20)
    cut.writeUInt16BE(200, 22)
    expect(stunLocalUfrag(cut)).toBeUndefined()
  })
})

describe("udpPort", () => {
  const base = { publicKeys, passKinds, publisherSecret: "0123456789abcdef" }
  const failure = (input: unknown) => {
    const r = resolveConfig(input)
    return Result.isFailure(r) ? r.failure.message : "ok"
  }

  it("is off by default, and turns TCP candidates off when set", () => {
    const off = resolveConfig(base)
    expect(Result.isSuccess(off) && [off.success.relay.udpPort, off.success.relay.iceTcp]).toEqual([
      undefined,
      true
    ])
    const on = resolveConfig({ ...base, udpPort: 50_000, workers: 2 })
    expect(Result.isSuccess(on) && [on.success.relay.udpPort, on.success.relay.iceTcp]).toEqual([
      50_000,
      false
    ])
  })

  it("names the field and the rule when it cannot work", () => {
    expect(failure({ ...base, udpPort: 0 })).toContain("udpPort")
    expect(failure({ ...base, udpPort: 65_536 })).toContain("udpPort")
    expect(failure({ ...base, udpPort: 1.5 })).toContain("udpPort")
    expect(failure({ ...base, udpPort: 65_534, workers: 2 })).toContain(
      "udpPort must leave room for one port per worker"
    )
    expect(failure({ ...base, udpPort: 50_000, iceTcp: true })).toContain(
      "iceTcp cannot be true with udpPort"
    )
  })

  it("refuses to start on a UDP port another socket holds, naming it", async () => {
    const holder = createSocket("udp4")
    const port = await new Promise<number>((resolve) =>
      holder.bind(0, "127.0.0.1", () => resolve(holder.address().port))
    )
    let held = true
    try {
      const started = startRelay({
        ...base,
        port: 0,
        host: "127.0.0.1",
        iceHosts: ["127.0.0.1"],
        iceIpv6: false,
        udpPort: port
      })
      await expect(started).rejects.toThrow(`udpPort must leave UDP ports ${port} free`)
      // and a mux that could not open leaves nothing behind: the same port opens once it is free
      await new Promise<void>((resolve) => holder.close(() => resolve()))
      held = false
      const mux = await openUdpMux({ port, ipv6: false, bind: { udp4: "127.0.0.1" } })
      expect(mux.port).toBe(port)
      await mux.close()
    } finally {
      if (held) holder.close()
    }
  })
})
