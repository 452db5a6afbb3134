// The relay reads time from Effect's Clock: pass windows are checked on virtual time, without sleeping.
import { Effect, Exit } from "effect"
import { TestClock } from "effect/testing"
import { describe, expect, it } from "vitest"
import { RTCPeerConnection, useOPUS } from "werift"
import { Relay } from "../src/Relay.ts"
import { pass } from "./support/keys.ts"
import { layerOptions } from "./support/relayFixtures.ts"

const layer = Relay.layer(layerOptions)

const tagOf = (exit: Exit.Exit<unknown, unknown>) =>
  Exit.isFailure(exit)
    ? exit.cause.reasons
        .map((r) =>
          r._tag === "Fail"
            ? `${(r.error as Error & { _tag: string })._tag}: ${(r.error as Error).message}`
            : r._tag
        )
        .join()
    : "ok"

describe("Relay on the test clock", () => {
  it("accepts a pass inside its window and rejects it once the clock passes exp, or before nbf", async () => {
    const token = pass({ nbf: 1_000, exp: 2_000 })
    const attempt = (offer: string) =>
      Relay.use((relay) => relay.listen({ room: "main", track: undefined, offer, credential: token }))
    const program = Effect.gen(function* () {
      const early = yield* Effect.exit(attempt("not sdp"))
      yield* TestClock.setTime(1_500_000)
      const inside = yield* Effect.exit(attempt("not sdp"))
      yield* TestClock.adjust("10 minutes")
      const late = yield* Effect.exit(attempt("not sdp"))
      return [early, inside, late].map(tagOf)
    }).pipe(Effect.provide(layer), Effect.provide(TestClock.layer()))
    const [early, inside, late] = await Effect.runPromise(program)
    expect(early).toContain("InvalidPass: The listener pass is not valid yet")
    // Inside the window the pass is fine, so the request goes on to the offer, which is not SDP.
    expect(inside).toContain("InvalidOffer")
    expect(late).toContain("InvalidPass: The listener pass has expired")
  })

  it("ends a session whose peer never connects once connectTimeoutMs passes on the clock", async () => {
    const pc = new RTCPeerConnection({ codecs: { audio: [useOPUS()], video: [] }, iceStunGatherTimeout: 0 })
    pc.addTransceiver("audio", { direction: "recvonly" })
    await pc.setLocalDescription(await pc.createOffer())
    const offer = pc.localDescription?.sdp ?? ""
    const token = pass()
    const program = Effect.gen(function* () {
      const relay = yield* Relay
      const created = yield* relay.listen({ room: "main", track: undefined, offer, credential: token })
      yield* TestClock.adjust("29 seconds")
      const before = (yield* relay.stats).listeners.map((l) => l.session)
      yield* TestClock.adjust("2 seconds")
      const after = (yield* relay.stats).listeners.map((l) => l.session)
      return { id: created.id, before, after }
    }).pipe(Effect.provide(layer), Effect.provide(TestClock.layer()))
    const { id, before, after } = await Effect.runPromise(program)
    expect(before).toEqual([id])
    expect(after).toEqual([])
    await pc.close()
  })
})
