// An RTP inactivity watchdog on Effect's Clock: completes once `count()` has not moved for `idleMs`.
import { Clock, Effect } from "effect"

/**
 * Completes when no packet has arrived for `idleMs` (on Effect's Clock), counting from the first packet:
 * before any packet it waits (an origin with no publisher yet is quiet, not dead). `count` is a
 * packet counter bumped by the RTP callback. Looks every `idleMs / 4` (at least 10 ms), so it notices
 * within idleMs + idleMs / 4.
 */
export const untilIdle = (count: () => number, idleMs: number): Effect.Effect<void> =>
  Effect.gen(function* () {
    const tick = Math.max(10, Math.floor(idleMs / 4))
    let seen = count()
    let since = yield* Clock.currentTimeMillis
    for (;;) {
      yield* Effect.sleep(tick)
      const now = yield* Clock.currentTimeMillis
      const n = count()
      if (n !== seen || n === 0) {
        seen = n
        since = now
      } else if (now - since >= idleMs) return
    }
  })
