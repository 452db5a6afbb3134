/**
 * The one place where a drop's live events are derived from what a batch of operations did: the
 * local event stream, the PostgreSQL `NOTIFY` payload and the Redis receivers all call
 * {@link deriveEvents}, so every instance sees the same events for the same commit. Internal:
 * not part of the public API.
 *
 * @since 0.1.0
 */
import type { DropEvent } from "../DropEvent.ts"
import type { Hold, SkuAvailability } from "../Hold.ts"

/** What an event needs to know about a hold. */
type HoldRef = Pick<Hold, "id" | "customerId">

/**
 * What an event needs to know about one operation: its kind, and whether it is a waiting-list
 * promotion (an `Op` fits).
 *
 * @category models
 * @since 0.1.0
 */
export interface OpKind {
  /** hold, confirm or release. */
  readonly _tag: "hold" | "confirm" | "release"
  /** A hold the store offered a waiting-list entry (adds `WaitingListPromoted`). */
  readonly promoted?: boolean
}

/**
 * What an event needs to know about one operation's result (an `OpResult` fits): refused, a
 * replay of an earlier result (nothing changed), or a change to a hold.
 *
 * @category models
 * @since 0.1.0
 */
export type ResultFact =
  | { readonly ok: false }
  | { readonly ok: true; readonly replayed: boolean; readonly hold: HoldRef }

/**
 * What a committed batch did, as far as events care (a `BatchOutcome` fits).
 *
 * @category models
 * @since 0.1.0
 */
export interface OutcomeFacts {
  /** One result per operation, in order. */
  readonly results: ReadonlyArray<ResultFact>
  /** Availability after the batch, per SKU in the drop's order. */
  readonly availability: ReadonlyArray<Pick<SkuAvailability, "sku" | "available">>
  /** Holds that lapsed and returned to stock at the start of the batch. */
  readonly expired: ReadonlyArray<HoldRef>
}

/**
 * Derives the events of one committed call: `HoldExpired` for each lapsed hold, then one event per
 * operation that changed a hold (`HoldPlaced`, `HoldConfirmed`, `HoldReleased`), then, if anything
 * changed, `StockChanged` (and `SoldOut` at zero) for every SKU, then `WaitingListPromoted` for each
 * promotion. Refused and replayed operations give no event.
 *
 * @param dropId - the drop
 * @param now - the time of the call (every event's `at`)
 * @param ops - the operations, in order (one per result)
 * @param outcome - what the store answered
 * @returns the events, in the order a page should apply them
 * @category events
 * @since 0.1.0
 */
export const deriveEvents = (
  dropId: string,
  now: number,
  ops: ReadonlyArray<OpKind>,
  outcome: OutcomeFacts
): Array<DropEvent> => {
  const events: Array<DropEvent> = []
  for (const h of outcome.expired)
    events.push({ _tag: "HoldExpired", dropId, at: now, holdId: h.id, customerId: h.customerId })
  let changed = outcome.expired.length > 0
  const promoted: Array<HoldRef> = []
  for (let i = 0; i < outcome.results.length; i++) {
    const result = outcome.results[i]
    const op = ops[i]
    if (result === undefined || op === undefined || !result.ok || result.replayed) continue
    changed = true
    const base = { dropId, at: now, holdId: result.hold.id, customerId: result.hold.customerId }
    events.push(
      op._tag === "hold"
        ? { _tag: "HoldPlaced", ...base }
        : op._tag === "confirm"
          ? { _tag: "HoldConfirmed", ...base }
          : { _tag: "HoldReleased", ...base }
    )
    if (op.promoted === true) promoted.push(result.hold)
  }
  if (!changed) return events
  for (const item of outcome.availability) {
    events.push({ _tag: "StockChanged", dropId, at: now, sku: item.sku, available: item.available })
    if (item.available === 0) events.push({ _tag: "SoldOut", dropId, at: now, sku: item.sku })
  }
  for (const h of promoted)
    events.push({ _tag: "WaitingListPromoted", dropId, at: now, customerId: h.customerId, holdId: h.id })
  return events
}
