/**
 * What a drop is: its items and stock, sale windows, limits, hold duration and mode, with the
 * identifiers, quantities and instants every other model uses. Times are epoch milliseconds read
 * from Effect's `Clock`; decode anything from outside with {@link decodeDrop}.
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
 * Decodes untrusted input into a {@link Drop}; fails with an `InvalidDropInput` naming each bad
 * field and its rule.
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeDrop: (input: unknown) => Effect.Effect<Drop, InvalidDropInput> = decodeInput(Drop, "drop")
