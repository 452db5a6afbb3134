/** Schema building blocks shared by the catalog, cart and plan: minor units, rates, instants, SKUs. */
import { Schema, SchemaTransformation } from "effect"
import { findCurrency, isNonMoneyCode } from "../Currency.ts"

const IntToBigInt = Schema.Int.pipe(
  Schema.decodeTo(
    Schema.BigInt,
    SchemaTransformation.transform({
      decode: (n: number) => BigInt(n),
      encode: (b: bigint) => Number(b)
    })
  )
)

/** Non-negative minor units: a JSON integer, or a string of digits for amounts past 2^53; decodes to bigint. */
export const MinorUnits = Schema.Union([IntToBigInt, Schema.BigIntFromString, Schema.BigInt]).check(
  Schema.isGreaterThanOrEqualToBigInt(0n, { message: "must be a non-negative integer number of minor units" })
)

const RATE = /^\d+(\.\d+)?$/

/** A percentage as decimal text or a number, e.g. "19", "7.25", 2.9; kept as exact decimal text. */
export const Percent = Schema.Union([
  Schema.String.check(
    Schema.isPattern(RATE, { message: 'must be a decimal percentage such as "19" or "7.25"' })
  ),
  Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0, { message: "must be a percentage ≥ 0" })).pipe(
    Schema.decodeTo(
      Schema.String,
      SchemaTransformation.transform({ decode: (n: number) => String(n), encode: (s: string) => Number(s) })
    )
  )
]).check(
  Schema.makeFilter((s: string) =>
    !/e/i.test(s) && Number(s) <= 100 ? undefined : "must be a plain decimal percentage between 0 and 100"
  )
)

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-](\d{2}):(\d{2}))$/

/** Days in each month of a non-leap year. */
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** What an instant must be, in words (shared by every time field and option). */
export const INSTANT_RULE = "must be an ISO 8601 date-time with a time zone, e.g. 2026-03-01T18:00:00Z"

/**
 * Epoch milliseconds of an ISO 8601 date-time with a time zone, or `undefined` when the text is not one
 * or names an impossible moment (February 30, hour 24, minute 60, offset ±24:00): `Date.parse` rolls
 * those over to another day instead of refusing them.
 */
export const parseInstant = (text: unknown): number | undefined => {
  if (typeof text !== "string") return undefined
  const m = ISO.exec(text)
  if (m === null) return undefined
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const days = month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0)
  if (month < 1 || month > 12 || day < 1 || day > days) return undefined
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) return undefined
  if (m[8] !== undefined && (Number(m[8]) > 23 || Number(m[9]) > 59)) return undefined
  const ms = Date.parse(text)
  return Number.isFinite(ms) ? ms : undefined
}

/** An ISO 8601 date-time with a time zone, e.g. "2026-03-01T18:00:00Z", naming a moment that exists. */
export const Instant = Schema.String.check(
  Schema.makeFilter((s: string) => (parseInstant(s) === undefined ? INSTANT_RULE : undefined))
)

/** The pattern of a SKU. */
export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/

/** A SKU: letters, digits and dashes, starting with a letter or digit. */
export const Sku = Schema.String.check(
  Schema.isPattern(SKU_PATTERN, {
    message: "must be 1-64 letters, digits, '-' or '_', starting with a letter or digit"
  })
)

/** An identifier for a rule, discount, fee or tax rate. */
export const Id = Schema.String.check(
  Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, {
    message: "must be 1-64 letters, digits, '-', '_' or '.'"
  })
)

/** The largest count of units anywhere (quantities, capacities, stock, tiers). */
export const MAX_COUNT = 1_000_000_000

/** The largest in-room capacity of an event plan (the forecast walks every ticket count up to it). */
export const MAX_CAPACITY = 1_000_000

/** The most Monte Carlo runs of one forecast. */
export const MAX_RUNS = 1_000_000

/** A limit written for people, e.g. 1000000 → "1,000,000" (messages derive from the constants). */
export const countText = (n: number): string => n.toLocaleString("en-US")

/** The rule of a count field, in words, built from its bounds. */
export const countRule = (min: number, max: number = MAX_COUNT): string =>
  `must be an integer from ${countText(min)} to ${countText(max)}`

/** A count of units: an integer from `min` to `max` (default `MAX_COUNT`). */
export const Count = (min: number, max: number = MAX_COUNT) =>
  Schema.Int.check(Schema.isBetween({ minimum: min, maximum: max }, { message: countRule(min, max) }))

/** An ISO 4217 code of money in upper case (XAU and the other codes without a minor unit are refused). */
export const CurrencyCode = Schema.String.check(
  Schema.makeFilter((s: string) =>
    findCurrency(s) !== undefined && s === s.toUpperCase()
      ? undefined
      : isNonMoneyCode(s.toUpperCase())
        ? `${s} is an ISO 4217 code without a minor unit (a metal, fund or testing code), not money: use a currency such as EUR or USD`
        : "must be an ISO 4217 code such as EUR or USD"
  )
)
