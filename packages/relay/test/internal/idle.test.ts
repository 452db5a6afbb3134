// The upstream inactivity watchdog on virtual time: quiet before the first packet, done idleMs after the last.
import { Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { describe, expect, it } from "vitest"
import { untilIdle } from "../../src/internal/idle.ts"

describe("untilIdle", () => {
  it("waits while packets flow, and completes within idleMs + idleMs/4 of the last one", async () => {
    const program = Effect.gen(function* () {
      let packets = 0
      const done = { at: -1 }
      const fiber = yield* Effect.forkChild(
        untilIdle(() => packets, 3_000).pipe(
          Effect.andThen(() =>
            Effect.sync(() => {
              done.at = packets
            })
          )
        )
      )
      // Before the first packet (an origin with no publisher yet): never idle.
      yield* TestClock.adjust("1 hour")
      const beforeFirst = fiber.pollUnsafe() === undefined
      // 10 s of packets every 20 ms.
      for (let i = 0; i < 500; i++) {
        packets++
        yield* TestClock.adjust(20)
      }
      const whileFlowing = fiber.pollUnsafe() === undefined
      const last = packets
      yield* TestClock.adjust(2_900)
      const justBefore = fiber.pollUnsafe() === undefined
      yield* TestClock.adjust(3_750 - 2_900)
      const after = fiber.pollUnsafe() !== undefined
      yield* Fiber.join(fiber)
      return { beforeFirst, whileFlowing, justBefore, after, endedAt: done.at, last }
    }).pipe(Effect.provide(TestClock.layer()))
    const r = await Effect.runPromise(program)
    expect(r).toEqual({
      beforeFirst: true,
      whileFlowing: true,
      justBefore: true,
      after: true,
      endedAt: r.last,
      last: r.last
    })
  })
})
