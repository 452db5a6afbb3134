/**
 * The waiting list, and the tail every committed call shares: publish its events, then, if it
 * freed units, offer them to the waiting list, then return (`settle`). Internal: not part of the
 * public API.
 *
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"
import type { Drop } from "../Drop.ts"
import type { BatchOutcome } from "../DropBackend.ts"
import type { EntryRequest, StoredEntry } from "../Entry.ts"
import type {
  AlreadyEntered,
  DropNotFound,
  InvalidDropInput,
  LimitExceeded,
  StoreUnavailable,
  UnknownSku
} from "../errors.ts"
import type { Hold } from "../Hold.ts"
import { entryFits } from "../raffle.ts"
import type { Op, OpResult } from "./engine.ts"
import { addEntry, awardOp, checkEntry } from "./entries.ts"
import type { StoreParts } from "./storeParts.ts"

/** Did a call give units back (holds that lapsed, or a fresh release)? The one test of "freed". */
export const freed = (
  expired: ReadonlyArray<Hold>,
  result: OpResult | undefined,
  op: Op | undefined
): boolean =>
  expired.length > 0 ||
  (op?._tag === "release" &&
    result !== undefined &&
    result.ok &&
    !result.replayed &&
    result.hold.status === "released")

/**
 * Offers free units to the waiting list in order, with the group rule per SKU: an entry whose
 * lines all fit is offered one hold with all of them; one that does not fit is skipped and keeps
 * its place. Stops early only when no SKU has units left.
 *
 * @returns the holds given (a replay, an entry another instance already served, is not counted)
 */
export const promote = (
  { backend, events }: StoreParts,
  drop: Drop,
  now: number
): Effect.Effect<Array<Hold>, StoreUnavailable> =>
  Effect.gen(function* () {
    const given: Array<Hold> = []
    const waiting = yield* backend.listEntries(drop, "waiting")
    // units free per SKU after the last batch (unknown before the first: the store decides)
    let left: Record<string, number> | undefined
    for (const entry of waiting) {
      if (left !== undefined) {
        if (!Object.values(left).some((n) => n > 0)) break
        if (!entryFits(entry, left)) continue
      }
      const op = awardOp(drop, entry.customerId, entry.lines, `waitlist:${entry.token}`, true)
      const out = yield* backend.run(drop, [op], now)
      const result = out.results[0] as OpResult
      if (result.ok) {
        yield* backend.removeEntry(drop, "waiting", entry.customerId)
        // a replay: another instance (or an earlier call) already offered this entry its hold
        if (!result.replayed) given.push(result.hold)
        if (events.listening()) yield* events.publish(drop, now, [op], out)
      }
      left = Object.fromEntries(out.availability.map((item) => [item.sku, item.available]))
    }
    return given
  })

/**
 * The tail of every call that committed: publish its events (when someone listens), then, if it
 * freed units, offer them to the waiting list (without failing the call that freed them), then
 * return `answer`.
 */
export const settle = <A, E>(
  parts: StoreParts,
  drop: Drop,
  now: number,
  op: Op | undefined,
  out: BatchOutcome,
  answer: Effect.Effect<A, E>
): Effect.Effect<A, E> => {
  const wasFreed = freed(out.expired, out.results[0], op)
  const listening = parts.events.listening()
  if (!listening && !wasFreed) return answer
  const published = listening
    ? parts.events.publish(drop, now, op === undefined ? [] : [op], out)
    : Effect.void
  return Effect.andThen(
    wasFreed ? Effect.andThen(published, Effect.ignore(promote(parts, drop, now))) : published,
    answer
  )
}

/**
 * Joins the waiting list (see `DropStoreShape.joinWaitingList`): one entry per customer; on a
 * first-come-first-served drop, units free right now are offered at once, in list order.
 */
export const joinWaitingList = (
  parts: StoreParts,
  request: EntryRequest
): Effect.Effect<
  StoredEntry,
  DropNotFound | LimitExceeded | UnknownSku | InvalidDropInput | AlreadyEntered | StoreUnavailable
> =>
  Effect.gen(function* () {
    const { drop, valid } = yield* checkEntry(parts.drops, request)
    const entry = yield* addEntry(parts.backend, drop, "waiting", valid)
    // Units may have come back between the sell-out the customer saw and the join: offer them
    // now, in list order (earlier entries first). Not for a raffle: its stock is the draw's to
    // give. A failure here leaves the entry waiting for the next release.
    if (drop.mode === "fcfs") yield* Effect.ignore(promote(parts, drop, yield* Clock.currentTimeMillis))
    return entry
  })
