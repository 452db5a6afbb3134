/**
 * The data of a drop, as effect Schemas: what a drop is (items, windows, limits, hold duration,
 * mode), what callers send (hold, confirm, release) and what the store answers (holds, claims,
 * availability, events).
 *
 * Every type is plain JSON-safe data, so the same values travel through PostgreSQL rows, Redis
 * strings and HTTP bodies. Decode anything that comes from outside with {@link decodeDrop} (or
 * `Schema.decodeUnknownEffect`); a failure (`InvalidDropInput`) names the field and the rule.
 *
 * Times are epoch milliseconds read from Effect's `Clock`, never `Date.now()`.
 *
 * @since 0.1.0
 */
import { type Effect, Schema } from "effect"
import type { InvalidDropInput } from "./errors.ts"
import { decodeInput } from "./internal/decodeInput.ts"

/**
 * A stock-keeping unit: 1-64 characters from `A-Z a-z 0-9 . _ : -`.
 *
 * @category models
 * @since 0.1.0
 */
export const Sku = Schema.String.check(
  Schema.isMinLength(1),
  Schema.isMaxLength(64),
  Schema.isPattern(/^[A-Za-z0-9._:-]+$/, {
    message: "Expected only the letters A-Z and a-z, digits and . _ : - (no spaces)"
  })
)

/**
 * An identifier chosen by the caller (drop id, customer id, idempotency key): 1-128 printable
 * characters without spaces.
 *
 * @category models
 * @since 0.1.0
 */
export const Id = Schema.String.check(
  Schema.isMinLength(1),
  Schema.isMaxLength(128),
  Schema.isPattern(/^[!-~]+$/, {
    message: "Expected printable ASCII characters without spaces (letters, digits and punctuation)"
  })
)

/**
 * The most units a count or quantity may hold: 2,147,483,647 (PostgreSQL's `integer`), so every
 * store accepts the same drops and requests.
 *
 * @category models
 * @since 0.1.0
 */
export const MAX_UNITS = 2_147_483_647

/**
 * A quantity of units: a whole number from 1 to {@link MAX_UNITS}.
 *
 * @category models
 * @since 0.1.0
 */
export const Quantity = Schema.Int.check(Schema.isGreaterThan(0), Schema.isLessThanOrEqualTo(MAX_UNITS))

/**
 * A count that may be zero (stock, units held): a whole number from 0 to {@link MAX_UNITS}.
 *
 * @category models
 * @since 0.1.0
 */
export const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0), Schema.isLessThanOrEqualTo(MAX_UNITS))

/**
 * The latest instant a JavaScript `Date` can show (8.64e15 ms, year 275760): every time the
 * package stores can be written as a date in a message.
 *
 * @category models
 * @since 0.1.0
 */
export const MAX_INSTANT = 8_640_000_000_000_000

const epochMillis =
  "Expected epoch milliseconds: a whole number from 0 to 8.64e15 (an ISO string or a Date is not accepted: pass Date.parse(text) or date.getTime())"

/**
 * A point in time: epoch milliseconds (from Effect's `Clock`), a whole number from 0 to
 * {@link MAX_INSTANT}. An ISO string or a `Date` is refused with a message that says so (convert
 * it with `Date.parse(text)` or `date.getTime()`): the same number travels unchanged through every
 * store and HTTP body.
 *
 * @category models
 * @since 0.1.0
 */
export const Instant = Schema.Number.annotate({ message: epochMillis }).check(
  Schema.isInt({ message: epochMillis }),
  Schema.isBetween({ minimum: 0, maximum: MAX_INSTANT }, { message: epochMillis })
)

const durationMillis = "Expected a duration in milliseconds: a whole number from 1 to 8.64e15"

/**
 * A duration in milliseconds (a hold's lifetime): a whole number from 1 to {@link MAX_INSTANT}.
 *
 * @category models
 * @since 0.1.0
 */
export const DurationMs = Schema.Number.annotate({ message: durationMillis }).check(
  Schema.isInt({ message: durationMillis }),
  Schema.isBetween({ minimum: 1, maximum: MAX_INSTANT }, { message: durationMillis })
)

/**
 * One SKU offered in a drop with its initial stock.
 *
 * @category models
 * @since 0.1.0
 */
export const DropItem = Schema.Struct({
  /** The SKU sold. */
  sku: Sku,
  /** Units released in this drop; never changes after the drop is created. */
  stock: Count
})
/** @category models @since 0.1.0 */
export type DropItem = typeof DropItem.Type

/**
 * A sale window: holds are accepted while `opensAt <= now < closesAt`. A window with `passes`
 * (e.g. `["vip"]`, a VIP presale) admits only customers who present one of those passes.
 *
 * @category models
 * @since 0.1.0
 */
export const SaleWindow = Schema.Struct({
  /** Name shown to people, e.g. "VIP presale". */
  name: Schema.NonEmptyString,
  /** First instant of the window (inclusive). */
  opensAt: Instant,
  /** End of the window (exclusive). */
  closesAt: Instant,
  /** Passes admitted; absent means everyone. */
  passes: Schema.optionalKey(Schema.Array(Id))
}).check(
  Schema.makeFilter((w) =>
    w.opensAt < w.closesAt ? undefined : { path: ["closesAt"], issue: "closesAt must be after opensAt" }
  )
)
/** @category models @since 0.1.0 */
export type SaleWindow = typeof SaleWindow.Type

/**
 * Purchase limits, in units summed over all SKUs. `perCustomer` counts a customer's live holds and
 * confirmed claims together.
 *
 * @category models
 * @since 0.1.0
 */
export const Limits = Schema.Struct({
  /** Most units one customer may hold or own in this drop. */
  perCustomer: Schema.optionalKey(Quantity),
  /** Most units in one hold request. */
  perOrder: Schema.optionalKey(Quantity)
})
/** @category models @since 0.1.0 */
export type Limits = typeof Limits.Type

/**
 * How the drop sells: `fcfs` (first come, first served: holds straight away) or `raffle`
 * (entries during the window, then a verifiable draw; winners get holds).
 *
 * @category models
 * @since 0.1.0
 */
export const DropMode = Schema.Literals(["fcfs", "raffle"])
/** @category models @since 0.1.0 */
export type DropMode = typeof DropMode.Type

/**
 * What a confirm does when its hold has already expired: `reject` fails with `HoldAlreadyExpired`;
 * `rehold-if-available` confirms anyway if the stock is still free (and limits allow).
 *
 * @category models
 * @since 0.1.0
 */
export const LateConfirmPolicy = Schema.Literals(["reject", "rehold-if-available"])
/** @category models @since 0.1.0 */
export type LateConfirmPolicy = typeof LateConfirmPolicy.Type

/**
 * A drop: limited items released in one or more windows.
 *
 * @category models
 * @since 0.1.0
 */
export const Drop = Schema.Struct({
  /** Unique id of the drop in its store. */
  id: Id,
  /** Name shown to people. */
  name: Schema.NonEmptyString,
  /** The SKUs on sale, each with its stock; SKUs are unique. */
  items: Schema.Array(DropItem).check(Schema.isMinLength(1)),
  /** Sale windows; a hold is accepted while any window admitting the customer is open. */
  windows: Schema.Array(SaleWindow).check(Schema.isMinLength(1)),
  /** Purchase limits. */
  limits: Limits,
  /** How long a hold reserves stock before it lapses, in milliseconds (a whole number above 0). */
  holdMs: DurationMs,
  /** First come, first served or raffle. */
  mode: DropMode,
  /** What a confirm after expiry does. */
  lateConfirm: LateConfirmPolicy,
  /** Raffle mode: SHA-256 (hex) of the draw seed, published before the window opens. */
  commitment: Schema.optionalKey(Schema.String.check(Schema.isPattern(/^[0-9a-f]{64}$/)))
}).check(
  Schema.makeFilter((d) => {
    const seen = new Set<string>()
    for (const [i, item] of d.items.entries()) {
      if (seen.has(item.sku)) return { path: ["items", i, "sku"], issue: `SKU ${item.sku} is listed twice` }
      seen.add(item.sku)
    }
    return d.mode === "raffle" && d.commitment === undefined
      ? { path: ["commitment"], issue: "a raffle drop needs the seed commitment before it opens" }
      : undefined
  })
)
/** @category models @since 0.1.0 */
export type Drop = typeof Drop.Type

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
 * Live events of a drop.
 *
 * @category models
 * @since 0.1.0
 */
export const DropEvent = Schema.Union([
  Schema.TaggedStruct("StockChanged", { dropId: Id, at: Instant, sku: Sku, available: Count }),
  Schema.TaggedStruct("SoldOut", { dropId: Id, at: Instant, sku: Sku }),
  Schema.TaggedStruct("HoldPlaced", { dropId: Id, at: Instant, holdId: Id, customerId: Id }),
  Schema.TaggedStruct("HoldConfirmed", { dropId: Id, at: Instant, holdId: Id, customerId: Id }),
  Schema.TaggedStruct("HoldReleased", { dropId: Id, at: Instant, holdId: Id, customerId: Id }),
  Schema.TaggedStruct("HoldExpired", { dropId: Id, at: Instant, holdId: Id, customerId: Id }),
  Schema.TaggedStruct("WindowOpened", { dropId: Id, at: Instant, window: Schema.String }),
  Schema.TaggedStruct("WindowClosed", { dropId: Id, at: Instant, window: Schema.String }),
  Schema.TaggedStruct("WaitingListPromoted", { dropId: Id, at: Instant, customerId: Id, holdId: Id })
])
/** @category models @since 0.1.0 */
export type DropEvent = typeof DropEvent.Type

/**
 * Decodes untrusted input into a {@link Drop}; fails with an `InvalidDropInput` naming each bad
 * field and its rule.
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeDrop: (input: unknown) => Effect.Effect<Drop, InvalidDropInput> = decodeInput(Drop, "drop")

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
