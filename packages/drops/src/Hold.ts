/**
 * What callers send to reserve, confirm or release stock, and what the store answers: holds
 * (claims once confirmed), availability and snapshots.
 *
 * @since 0.1.0
 */
import { type Effect, Schema } from "effect"
import { Count, Id, Instant, Quantity, Sku } from "./Drop.ts"
import type { InvalidDropInput } from "./errors.ts"
import { decodeInput } from "./internal/decodeInput.ts"

/**
 * One line of a hold request or of a raffle/waiting-list entry: units of one SKU.
 *
 * @category models
 * @since 0.1.0
 */
export const Line = Schema.Struct({
  /** SKU wanted. */
  sku: Sku,
  /** Units wanted. */
  quantity: Quantity
})
/** @category models @since 0.1.0 */
export type Line = typeof Line.Type

/**
 * A request to reserve stock. Lines may repeat a SKU (a bundle whose parts share stock); demand is
 * summed per SKU.
 *
 * @category models
 * @since 0.1.0
 */
export const HoldRequest = Schema.Struct({
  /** The drop. */
  dropId: Id,
  /** The customer, for per-customer limits. */
  customerId: Id,
  /** What to reserve. */
  lines: Schema.Array(Line).check(Schema.isMinLength(1)),
  /** Passes the customer holds (for windows limited to pass holders). */
  passes: Schema.optionalKey(Schema.Array(Id)),
  /** Makes retries safe: the same key and request returns the first result. */
  idempotencyKey: Id
})
/** @category models @since 0.1.0 */
export type HoldRequest = typeof HoldRequest.Type

/**
 * A request to turn a hold into a claim (after payment), or to give it back.
 *
 * @category models
 * @since 0.1.0
 */
export const HoldAction = Schema.Struct({
  /** The drop of the hold. */
  dropId: Id,
  /** The hold. */
  holdId: Id,
  /** Makes retries safe. */
  idempotencyKey: Id
})
/** @category models @since 0.1.0 */
export type HoldAction = typeof HoldAction.Type

/**
 * Life of a hold: `held` until it is `confirmed` (a claim), `released` or `expired`. Only `held`
 * changes, and only once.
 *
 * @category models
 * @since 0.1.0
 */
export const HoldStatus = Schema.Literals(["held", "confirmed", "released", "expired"])
/** @category models @since 0.1.0 */
export type HoldStatus = typeof HoldStatus.Type

/**
 * A hold (or, once confirmed, a claim) as the store keeps it.
 *
 * @category models
 * @since 0.1.0
 */
export const Hold = Schema.Struct({
  /** Id given by the store. */
  id: Id,
  /** The drop. */
  dropId: Id,
  /** The customer. */
  customerId: Id,
  /** Units per SKU (request lines summed per SKU, in first-seen order). */
  lines: Schema.Array(Line),
  /** Current status. */
  status: HoldStatus,
  /** When the hold was placed. */
  createdAt: Instant,
  /** When an unconfirmed hold lapses. */
  expiresAt: Instant
})
/** @category models @since 0.1.0 */
export type Hold = typeof Hold.Type

/**
 * Stock of one SKU at one instant: `stock = available + held + confirmed` always.
 *
 * @category models
 * @since 0.1.0
 */
export const SkuAvailability = Schema.Struct({
  /** The SKU. */
  sku: Sku,
  /** Initial stock. */
  stock: Count,
  /** Units in live (unexpired, unconfirmed) holds. */
  held: Count,
  /** Units confirmed (claims). */
  confirmed: Count,
  /** Units free to hold now. */
  available: Count
})
/** @category models @since 0.1.0 */
export type SkuAvailability = typeof SkuAvailability.Type

/**
 * Availability of a drop at one instant.
 *
 * @category models
 * @since 0.1.0
 */
export const Availability = Schema.Struct({
  /** The drop. */
  dropId: Id,
  /** When it was read. */
  at: Instant,
  /** Per SKU, in the drop's order. */
  items: Schema.Array(SkuAvailability)
})
/** @category models @since 0.1.0 */
export type Availability = typeof Availability.Type

/**
 * Everything a store holds for a drop, for audits and invariant checks.
 *
 * @category models
 * @since 0.1.0
 */
export const DropSnapshot = Schema.Struct({
  /** Availability after expiring every lapsed hold. */
  availability: Availability,
  /** All holds ever placed, any status. */
  holds: Schema.Array(Hold),
  /** Idempotency keys that produced a hold, with the hold id. */
  holdKeys: Schema.Array(Schema.Struct({ key: Id, holdId: Id }))
})
/** @category models @since 0.1.0 */
export type DropSnapshot = typeof DropSnapshot.Type

/**
 * Decodes untrusted input into a {@link HoldRequest}; fails with an `InvalidDropInput` naming each
 * bad field.
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeHoldRequest: (input: unknown) => Effect.Effect<HoldRequest, InvalidDropInput> =
  decodeInput(HoldRequest, "holdRequest")

/**
 * Decodes untrusted input into a {@link HoldAction}; fails with an `InvalidDropInput` naming each
 * bad field.
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeHoldAction: (input: unknown) => Effect.Effect<HoldAction, InvalidDropInput> = decodeInput(
  HoldAction,
  "holdAction"
)
