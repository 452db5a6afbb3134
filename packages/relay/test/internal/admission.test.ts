// Admission control: a burst of joins never overshoots the listener cap, never runs more joins at once
// than allowed, refuses at once what neither fits nor can wait, and serves the queue in order.
import { Cause, Effect, Exit, Fiber } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { RelayAtCapacity } from "../../src/errors.ts"
import { makeAdmission } from "../../src/internal/admission.ts"

const tick = () => new Promise((r) => setImmediate(r))

describe("admission", () => {
  it("admits, queues and refuses a burst by the limits, and never overshoots the cap", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 60 }),
        async (listening, maxListeners, maxJoinsInFlight, maxQueuedJoins, burst) => {
          let listeners = Math.min(listening, maxListeners)
          const admission = makeAdmission({ maxListeners, maxJoinsInFlight, maxQueuedJoins }, () => listeners)
          const fibers = Array.from({ length: burst }, () => Effect.runFork(admission.enter(1)))
          await tick()
          const exits = fibers.map((f) => f.pollUnsafe())
          const now = exits.filter((e) => e !== undefined && Exit.isSuccess(e)).length
          const refused = exits.filter((e) => e !== undefined && Exit.isFailure(e)).length
          const room = maxListeners - listeners
          const fits = Math.min(burst, room)
          expect(now).toBe(Math.min(fits, maxJoinsInFlight))
          expect(admission.counts().joinsQueued).toBe(Math.min(fits - now, maxQueuedJoins))
          expect(refused).toBe(burst - now - admission.counts().joinsQueued)
          expect(admission.counts().joinsInFlight).toBe(now)
          // Each admitted join becomes a listener and finishes its handshake: the queue drains in order,
          // never more than maxJoinsInFlight at once, never past the cap.
          let served = 0
          for (const f of fibers) {
            if (f.pollUnsafe() === undefined) await tick()
            const exit = f.pollUnsafe()
            if (exit === undefined || Exit.isFailure(exit)) continue
            listeners++
            served++
            exit.value.placed()
            exit.value.done()
            expect(listeners).toBeLessThanOrEqual(maxListeners)
            expect(admission.counts().joinsInFlight).toBeLessThanOrEqual(maxJoinsInFlight)
            await tick()
          }
          expect(served).toBe(now + Math.min(fits - now, maxQueuedJoins))
          expect(admission.counts()).toMatchObject({ joinsInFlight: 0, joinsQueued: 0 })
        }
      ),
      { numRuns: 60 }
    )
  })

  it("tells a refused listener which bound it hit and when to come back", async () => {
    const full = makeAdmission({ maxListeners: 1, maxJoinsInFlight: 1, maxQueuedJoins: 0 }, () => 1)
    const cap = await Effect.runPromise(Effect.flip(full.enter(1)))
    expect(cap).toMatchObject({
      _tag: "RelayAtCapacity",
      limit: "listeners",
      capacity: 1,
      retryAfterSeconds: 10
    })
    expect(cap.status).toBe(503)
    // replacing the pass's own oldest session adds no listener: admitted at the cap
    expect(Exit.isSuccess(await Effect.runPromiseExit(full.enter(0)))).toBe(true)
    const busy = makeAdmission({ maxListeners: Infinity, maxJoinsInFlight: 1, maxQueuedJoins: 0 }, () => 0)
    await Effect.runPromise(busy.enter(1))
    const queueFull = await Effect.runPromise(Effect.flip(busy.enter(1)))
    expect(queueFull).toMatchObject({ limit: "joins", capacity: 1, retryAfterSeconds: 2 })
    expect(busy.counts()).toMatchObject({ refusedJoins: 1, refusedListeners: 0, joinsInFlight: 1 })
  })

  it("gives a waiter's place back when it stops waiting", async () => {
    const a = makeAdmission({ maxListeners: 2, maxJoinsInFlight: 1, maxQueuedJoins: 5 }, () => 0)
    await Effect.runPromise(a.enter(1))
    const waiting = Effect.runFork(a.enter(1))
    await tick()
    expect(a.counts().joinsQueued).toBe(1)
    // both places are taken (one joining, one waiting): a third is refused
    expect((await Effect.runPromise(Effect.flip(a.enter(1))))._tag).toBe("RelayAtCapacity")
    await Effect.runPromise(Fiber.interrupt(waiting))
    expect(a.counts().joinsQueued).toBe(0)
    // its place is free again: the next join waits instead of being refused
    const next = Effect.runFork(a.enter(1))
    await tick()
    expect(next.pollUnsafe()).toBeUndefined()
    expect(a.counts().joinsQueued).toBe(1)
    await Effect.runPromise(Fiber.interrupt(next))
  })

  it("loses no slot when a waiter gives up just as the slot is passed to it", async () => {
    const a = makeAdmission({ maxListeners: 2, maxJoinsInFlight: 1, maxQueuedJoins: 5 }, () => 0)
    const first = await Effect.runPromise(a.enter(1))
    const waiting = Effect.runFork(a.enter(1))
    await tick()
    // the slot is handed to the waiter (its wake is scheduled), and the waiter's client leaves before it runs
    first.done()
    expect(a.counts()).toMatchObject({ joinsInFlight: 1, joinsQueued: 0 })
    await Effect.runPromise(Fiber.interrupt(waiting))
    await tick()
    expect(a.counts()).toMatchObject({ joinsInFlight: 0, joinsQueued: 0 })
    // the slot and the place are free: the next join is admitted at once, and one more may wait
    const next = Effect.runFork(a.enter(1))
    const after = Effect.runFork(a.enter(1))
    await tick()
    expect(next.pollUnsafe()).toBeDefined()
    expect(after.pollUnsafe()).toBeUndefined()
    expect(a.counts()).toMatchObject({ joinsInFlight: 1, joinsQueued: 1, refusedListeners: 0 })
    await Effect.runPromise(Fiber.interrupt(after))
  })
})

describe("admission when the relay closes", () => {
  it("refuses every waiting join and every later one with RelayAtCapacity (limit closing), and frees their places", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 12 }),
        async (slots, burst) => {
          const admission = makeAdmission(
            { maxListeners: Number.POSITIVE_INFINITY, maxJoinsInFlight: slots, maxQueuedJoins: 100 },
            () => 0
          )
          const fibers = Array.from({ length: slots + burst }, () => Effect.runFork(admission.enter(1)))
          await tick()
          expect(admission.counts().joinsQueued).toBe(burst)
          admission.close()
          await tick()
          const exits = fibers.map((f) => f.pollUnsafe())
          // the joins already in flight keep their slots; every waiter is refused at once
          expect(exits.filter((e) => e !== undefined && Exit.isSuccess(e)).length).toBe(slots)
          const refused = exits.filter((e) => e !== undefined && Exit.isFailure(e))
          expect(refused.length).toBe(burst)
          for (const e of refused)
            if (e !== undefined && Exit.isFailure(e))
              expect((Cause.squash(e.cause) as RelayAtCapacity).limit).toBe("closing")
          expect(admission.counts().joinsQueued).toBe(0)
          // a join arriving after close is refused too, with the advice to come back (another instance)
          const late = await Effect.runPromiseExit(admission.enter(1))
          expect(Exit.isFailure(late)).toBe(true)
          if (Exit.isFailure(late)) {
            const error = Cause.squash(late.cause) as RelayAtCapacity
            expect(error).toBeInstanceOf(RelayAtCapacity)
            expect(error.limit).toBe("closing")
            expect(error.message).toBe("The relay is closing: try again in 2 s.")
          }
        }
      ),
      { numRuns: 30 }
    )
  })
})
