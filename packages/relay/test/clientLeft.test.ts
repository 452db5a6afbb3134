// A listener whose HTTP client gives up before its answer (a browser tab closed, a player's fetch timed out
// during a storm) costs the relay nothing: while it waits for a join slot it leaves the queue at once, and
// a session made for it after all is ended at once, so neither holds a slot nor a listener place.
import { Effect, Exit, Fiber } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { type RunningRelay, startRelay } from "../src/promise.ts"
import { Relay } from "../src/Relay.ts"
import { localRelay, pass } from "./support/keys.ts"
import { layerOptions, neverConnectingOffer } from "./support/relayFixtures.ts"

const offer = neverConnectingOffer

const until = async (what: string, ok: () => Promise<boolean>, ms = 5_000) => {
  const deadline = Date.now() + ms
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

let relay: RunningRelay | undefined
afterEach(async () => {
  await relay?.close()
  relay = undefined
})

describe("a listener whose client leaves before the answer", () => {
  it("gives its place in the join queue up at once, and the slot goes to the next join", async () => {
    relay = await startRelay({ ...localRelay, rooms: { main: ["main"] }, maxJoinsInFlight: 1 })
    const r = relay
    const whep = (id: string, signal?: AbortSignal) =>
      fetch(`${r.url}/whep/main`, {
        method: "POST",
        headers: { "Content-Type": "application/sdp", Authorization: `Bearer ${pass({ pass: id })}` },
        body: offer,
        ...(signal === undefined ? {} : { signal })
      })
    const admission = async () => (await r.stats()).admission
    // the first join holds the only slot (its peer never connects)
    const first = await whep("first")
    expect(first.status).toBe(201)
    const location = first.headers.get("location") ?? ""
    // the second waits for it, then its client leaves
    const leaving = new AbortController()
    const second = whep("second", leaving.signal).catch((e: unknown) => e)
    await until("the second join waits", async () => (await admission())?.joinsQueued === 1)
    leaving.abort()
    expect(await second).toBeInstanceOf(Error)
    await until("the queue is empty", async () => (await admission())?.joinsQueued === 0, 2_000)
    // when the first session ends, its slot goes to the next join at once: the one that left has none
    expect(
      (
        await fetch(`${r.url}${location}`, {
          method: "DELETE",
          headers: { Authorization: `Bearer ${pass({ pass: "first" })}` }
        })
      ).status
    ).toBe(200)
    const t0 = performance.now()
    const third = await whep("third")
    expect(third.status).toBe(201)
    expect(performance.now() - t0).toBeLessThan(2_000)
    const stats = await r.stats()
    // only the third listener has a session: the second never got one
    expect(stats.listeners.map((l) => l.pass)).toEqual(["third"])
    expect(stats.admission).toMatchObject({ joinsQueued: 0, joinsInFlight: 1 })
  }, 30_000)

  it("ends a session made for a caller that was interrupted once its join had started", async () => {
    let interruptJoin: () => void = () => {}
    const layer = Relay.layer({
      ...layerOptions,
      // the caller goes away while its join runs (the id is drawn once the join is admitted)
      sessionId: () => {
        interruptJoin()
        return `s-${Math.random().toString(36).slice(2)}`
      }
    })
    const program = Effect.gen(function* () {
      const relay = yield* Relay
      const join = (id: string) =>
        relay.listen({ room: "main", track: undefined, offer, credential: pass({ pass: id }) })
      const leaving = yield* Effect.forkChild(join("leaving"))
      interruptJoin = () => {
        interruptJoin = () => {}
        leaving.interruptUnsafe()
      }
      const exit = yield* Fiber.await(leaving)
      const after = yield* relay.stats
      // a caller that stays is answered as before
      const stays = yield* join("stays")
      const last = yield* relay.stats
      return { exit, after, stays, last }
    }).pipe(Effect.provide(layer))
    const { exit, after, stays, last } = await Effect.runPromise(program)
    expect(Exit.hasInterrupts(exit)).toBe(true)
    // the interrupted caller's session was made (its join ran to its end), then ended at once
    expect(after.joins).toBe(1)
    expect(after.listeners).toEqual([])
    expect(after.admission).toMatchObject({ joinsInFlight: 0, joinsQueued: 0, listeners: 0 })
    expect(last.listeners.map((l) => l.session)).toEqual([stays.id])
  }, 30_000)
})
