/**
 * Raffle and waiting-list entries (a group of lines offered together or not at all) and the
 * outcome of a raffle draw.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Id } from "./Drop.ts"
import { Hold, Line } from "./Hold.ts"

/**
 * What a raffle or waiting-list entry asks for: one line per SKU (at least one line, each SKU
 * once), offered together or not at all. Every SKU must be one the drop sells (the store checks
 * that and fails with `UnknownSku`).
 *
 * @category models
 * @since 0.1.0
 */
export const EntryLines = Schema.Array(Line).check(
  Schema.isMinLength(1),
  Schema.makeFilter((lines) => {
    const seen = new Set<string>()
    for (const [i, line] of lines.entries()) {
      if (seen.has(line.sku))
        return {
          path: [i, "sku"],
          issue: `SKU ${line.sku} is named twice in one entry: give each SKU once, with its total quantity`
        }
      seen.add(line.sku)
    }
    return undefined
  })
)
/** @category models @since 0.1.0 */
export type EntryLines = typeof EntryLines.Type

/**
 * A request to enter a raffle or join a waiting list: one entry per customer, for a group of
 * lines (units of one or more SKUs) offered together or not at all.
 *
 * @category models
 * @since 0.1.0
 */
export const EntryRequest = Schema.Struct({
  /** The drop. */
  dropId: Id,
  /** The customer. */
  customerId: Id,
  /** Units wanted together, per SKU (non-empty, each SKU once, SKUs of the drop). */
  lines: EntryLines,
  /** Passes the customer holds (raffle windows may be limited to pass holders). */
  passes: Schema.optionalKey(Schema.Array(Id))
})
/** @category models @since 0.1.0 */
export type EntryRequest = typeof EntryRequest.Type

/**
 * A stored raffle or waiting-list entry, in the order entries were made.
 *
 * @category models
 * @since 0.1.0
 */
export const StoredEntry = Schema.Struct({
  /** The customer. */
  customerId: Id,
  /** Units wanted together, per SKU. */
  lines: EntryLines,
  /** Unique per entry; makes the hold offered to it idempotent. */
  token: Id
})
/** @category models @since 0.1.0 */
export type StoredEntry = typeof StoredEntry.Type

/**
 * A raffle entry as the draw sees it (and as a {@link RaffleOutcome} publishes it): the customer
 * and the lines wanted together.
 *
 * @category models
 * @since 0.1.0
 */
export const RaffleEntry = Schema.Struct({
  /** The customer (one entry each). */
  customerId: Id,
  /** Units wanted together, per SKU (a group). */
  lines: EntryLines
})
/** @category models @since 0.1.0 */
export type RaffleEntry = typeof RaffleEntry.Type

/**
 * The outcome of a raffle draw: winners (in rank order) with their holds, and the waiting list.
 *
 * @category models
 * @since 0.1.0
 */
export const RaffleOutcome = Schema.Struct({
  /** The drop. */
  dropId: Id,
  /** The revealed seed (publish it with the entries so anyone can run `verifyDraw`). */
  seed: Schema.String,
  /** All entries, in the order they were made. */
  entries: Schema.Array(RaffleEntry),
  /** Winners in rank order. */
  winners: Schema.Array(RaffleEntry),
  /** The holds given to winners (same order). */
  holds: Schema.Array(Hold),
  /** Everyone else, in rank order, now on the waiting list. */
  waitingList: Schema.Array(RaffleEntry)
})
/** @category models @since 0.1.0 */
export type RaffleOutcome = typeof RaffleOutcome.Type
