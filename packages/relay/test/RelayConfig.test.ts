import { networkInterfaces } from "node:os"
import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { startRelay } from "../src/promise.ts"
import { RelayConfig, resolveConfig } from "../src/RelayConfig.ts"
import { passKinds, publicKeys, publicKeyText } from "./support/keys.ts"

const base = { publicKeys, passKinds, publisherSecret: "0123456789abcdef" }
const failure = (input: unknown) => {
  const r = resolveConfig(input)
  return Result.isFailure(r) ? r.failure.message : "ok"
}

describe("resolveConfig", () => {
  it("applies defaults", () => {
    const r = resolveConfig(base)
    expect(Result.isSuccess(r) && r.success.http).toEqual({
      port: 8080,
      host: "0.0.0.0",
      corsOrigin: "*",
      maxBodyBytes: 65_536
    })
    expect(Result.isSuccess(r) && r.success.relay.takeover).toBe("replace")
    const noKinds = resolveConfig({ publicKeys, publisherSecret: "0123456789abcdef" })
    expect(Result.isSuccess(noKinds)).toBe(true)
    expect(Result.isSuccess(r) && [r.success.relay.iceIpv6, r.success.relay.iceTcp]).toEqual([true, true])
    expect(Result.isSuccess(r) && r.success.relay.upstreamIdleMs).toBe(3_000)
  })

  it("names the field and the rule for bad settings", () => {
    expect(failure({ ...base, port: 70_000 })).toContain("port")
    expect(failure({ ...base, publisherSecret: "short" })).toContain("publisherSecret")
    expect(failure({ ...base, publicKeys: [publicKeyText, "nope"] })).toContain(
      "publicKeys.1 must be a @microdrop/codes token public key"
    )
    // A key id over 255.
    expect(failure({ ...base, publicKeys: [publicKeyText.replace(/^1:/, "256:")] })).toContain("publicKeys.0")
    expect(failure({ ...base, passKinds: { vip: { tracks: [] } } })).toContain("passKinds.vip.tracks")
    expect(failure({ ...base, takeover: "maybe" })).toContain("takeover")
    expect(failure({ ...base, icePortRange: [5000, 5000] })).toContain("min < max")
    expect(failure({ ...base, rooms: { "bad room": ["mix"] } })).toContain("rooms")
    expect(failure({ publisherSecret: "0123456789abcdef" })).toContain("publicKeys")
    expect(failure({ ...base, upstreamIdleMs: 50 })).toContain("upstreamIdleMs")
    expect(failure({ ...base, upstreamIdleMs: 1.5 })).toContain("upstreamIdleMs")
    // Two of this machine's IPv4 addresses: werift can bind its ICE sockets to only one.
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((i) => i !== undefined && i.family === "IPv4" && !i.internal)?.address
    if (lan !== undefined)
      expect(failure({ ...base, iceHosts: ["127.0.0.1", lan] })).toContain(
        "iceHosts may hold one address of this machine per IP family"
      )
    expect(failure({ ...base, iceHosts: ["127.0.0.1", "203.0.113.7"] })).toBe("ok")
  })

  it("refuses keys that are not settings, naming every one (a typo is never silently ignored)", async () => {
    expect(failure({ ...base, worker: 2 })).toBe(
      "Invalid relay configuration: worker is not a relay setting (did you mean 'worker' → 'workers'?)."
    )
    expect(failure({ ...base, passKinds: { vip: { tracks: ["mix"], seat: 1 } } })).toContain(
      "passKinds.vip.seat is not a relay setting"
    )
    const known = new Set(Object.keys(RelayConfig.fields))
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !known.has(k) && k !== "__proto__"),
          { minLength: 1, maxLength: 3 }
        ),
        (keys) => {
          const r = resolveConfig({ ...base, ...Object.fromEntries(keys.map((k) => [k, 1])) })
          expect(Result.isFailure(r)).toBe(true)
          // Each key is named once, bare when it is a plain name, else JSON-quoted (never ambiguous).
          const shown = (k: string) => (/^[A-Za-z_$][\w$-]*$|^\d+$/.test(k) ? k : JSON.stringify(k))
          if (Result.isFailure(r))
            expect(r.failure.field.split(/, (?=(?:[^"\\]|\\.|"(?:[^"\\]|\\.)*")*$)/).sort()).toEqual(
              keys.map(shown).sort()
            )
        }
      )
    )
    // The promise entry refuses it too (the type refuses it first; a cast or JSON gets here).
    const started = startRelay({ ...base, worker: 2 } as Parameters<typeof startRelay>[0])
    await expect(started).rejects.toMatchObject({ _tag: "InvalidRelayConfig", field: "worker" })
  })
})
