// Every time option of the relay (config durations and intervals, Relay.layer's options, the upstream and
// push loops' pauses, the revocation poll, a pass verifier's `nowMs` and `leeway`) refuses a non-number,
// NaN, an infinity or a negative value with `InvalidRelayConfig` naming the option: never a pass for an expired
// token, never a loop that spins or never ends.
import { generateTokenKeyPair, signToken } from "@microdrop/codes"
import { Effect, Exit, Layer, Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { InvalidRelayConfig } from "../src/errors.ts"
import { codesPassVerifier } from "../src/PassVerifier.ts"
import { pushForever } from "../src/Push.ts"
import { Relay } from "../src/Relay.ts"
import { resolveConfig } from "../src/RelayConfig.ts"
import { watchRevocationFile } from "../src/RevocationFile.ts"
import { makeRoomTrack } from "../src/RoomTrack.ts"
import { pullForever, pullOnce } from "../src/Upstream.ts"
import { publicKeys } from "./support/keys.ts"

const { privateKey, publicKey } = generateTokenKeyPair(4)
// Expired in 2020: a clock that is NaN must not let it in.
const expired = signToken({ id: "T1", event: "main", kind: "remote", nbf: 0, exp: 1_600_000_000 }, privateKey)
const verifier = () =>
  codesPassVerifier({ publicKeys: [publicKey], passKinds: { remote: { tracks: ["mix"] } } })
const peer = {
  iceAdditionalHostAddresses: ["127.0.0.1"],
  icePortRange: undefined,
  iceIpv6: false,
  iceTcp: false,
  gatherTimeoutMs: 5_000
}
const relayOptions = {
  ...peer,
  publisherSecret: "0123456789abcdef",
  verifier: verifier(),
  takeover: "replace" as const,
  seatPolicy: "replace-oldest" as const,
  rooms: {},
  connectTimeoutMs: 30_000
}
const upstream = { room: "main", track: "mix", url: "http://127.0.0.1:9/whep/main", token: "t" }
const slot = { forward: () => undefined, activate: () => undefined, release: () => undefined }
const sink = { hub: makeRoomTrack("main", "mix").hub, attach: () => () => undefined }

/** Runs an Effect that must fail at once; a hang (a loop that took the value) counts as "accepted". */
const failure = async (effect: Effect.Effect<unknown, unknown, never>): Promise<unknown> => {
  const exit = await Effect.runPromiseExit(Effect.timeout(effect, 2_000))
  if (Exit.isSuccess(exit)) return "accepted"
  const fail = exit.cause.reasons.find((r) => r._tag === "Fail")
  return fail?._tag === "Fail" ? fail.error : exit.cause
}
const thrown = (f: () => unknown): unknown => {
  try {
    f()
    return "accepted"
  } catch (e) {
    return e
  }
}

/** Each time option: its name and how to hand it a value (returning the error, or "accepted"). */
const sites: ReadonlyArray<{
  readonly option: string
  readonly infinityAllowed?: boolean
  readonly give: (value: unknown) => Promise<unknown> | unknown
}> = [
  ...["upstreamIdleMs", "upstreamRetryMs", "revocationPollMs", "connectTimeoutMs"].map((option) => ({
    option,
    give: (value: unknown) => {
      const r = resolveConfig({ publicKeys, publisherSecret: "0123456789abcdef", [option]: value })
      return Result.isFailure(r) ? r.failure : "accepted"
    }
  })),
  ...["connectTimeoutMs", "gatherTimeoutMs", "upstreamRetryMs", "upstreamIdleMs"].map((option) => ({
    option,
    infinityAllowed: option === "upstreamIdleMs",
    give: (value: unknown) =>
      failure(Effect.scoped(Layer.build(Relay.layer({ ...relayOptions, [option]: value as number }))))
  })),
  {
    option: "leeway",
    give: (value) =>
      thrown(() => codesPassVerifier({ publicKeys: [publicKey], passKinds: {}, leeway: value as number }))
  },
  {
    option: "nowMs",
    give: (value) => {
      const r = verifier().verify(expired, value as number)
      return Result.isFailure(r) ? r.failure : "accepted"
    }
  },
  {
    option: "idleMs",
    infinityAllowed: true,
    give: (value) => failure(pullOnce(upstream, peer, slot, value as number))
  },
  {
    option: "idleMs",
    infinityAllowed: true,
    give: (value) => failure(pullForever(upstream, peer, slot, 1_000, value as number))
  },
  { option: "retryMs", give: (value) => failure(pullForever(upstream, peer, slot, value as number, 3_000)) },
  { option: "retryMs", give: (value) => failure(pushForever(upstream, peer, sink, value as number)) },
  {
    option: "pollMs",
    give: (value) =>
      failure(
        Effect.scoped(
          watchRevocationFile({ file: "/nonexistent/list", pollMs: value as number, publicKeys: [publicKey] })
        )
      )
  }
]

const badTime = fc.oneof(
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Date.parse("garbage")),
  fc.constantFrom(null, true, false, {}, [], "1000", "", "5s", 10n),
  fc.string(),
  fc.integer({ min: -1_000_000_000, max: -1 }),
  fc.double({ max: -Number.MIN_VALUE, noNaN: true })
)

describe("time options", () => {
  it("each refuses a non-finite, mistyped or negative value with InvalidRelayConfig naming the option", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(sites.length - 1), badTime, async (i, value) => {
        const site = sites[i]
        if (site === undefined) return
        fc.pre(!(site.infinityAllowed === true && value === Number.POSITIVE_INFINITY))
        const e = (await site.give(value)) as InvalidRelayConfig
        expect(e, `${site.option} = ${String(value)}`).toMatchObject({ _tag: "InvalidRelayConfig" })
        expect(e.field.split(".")[0]).toBe(site.option)
        expect(e.message).toContain(site.option)
      }),
      { numRuns: 300 }
    )
  })

  it("every site is tried with every kind of bad value", async () => {
    for (const site of sites)
      for (const value of [Number.NaN, "1000", null, -1]) {
        const e = (await site.give(value)) as InvalidRelayConfig
        expect(e, `${site.option} = ${String(value)}`).toMatchObject({
          _tag: "InvalidRelayConfig",
          field: site.option
        })
      }
  })

  it("still takes good values (the check refuses only bad ones)", async () => {
    expect(Result.isSuccess(verifier().verify(expired, Date.now()))).toBe(false)
    const ok = codesPassVerifier({
      publicKeys: [publicKey],
      passKinds: { remote: { tracks: ["mix"] } },
      leeway: 0.5
    })
    const fresh = signToken(
      { id: "T2", event: "main", kind: "remote", nbf: 0, exp: 4_000_000_000 },
      privateKey
    )
    expect(Result.isSuccess(ok.verify(fresh, Date.now()))).toBe(true)
    expect(
      Result.isSuccess(
        resolveConfig({ publicKeys, publisherSecret: "0123456789abcdef", upstreamIdleMs: 500 })
      )
    ).toBe(true)
  })
})
