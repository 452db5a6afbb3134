/** Schema building blocks shared by the catalog, cart and plan: minor units, rates, instants, SKUs. */
import { Schema, SchemaTransformation } from "effect"

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

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/

/** An ISO 8601 date-time with a time zone, e.g. "2026-03-01T18:00:00Z". */
export const Instant = Schema.String.check(
  Schema.makeFilter((s: string) =>
    ISO.test(s) && !Number.isNaN(Date.parse(s))
      ? undefined
      : "must be an ISO 8601 date-time with a time zone, e.g. 2026-03-01T18:00:00Z"
  )
)

/** A SKU: letters, digits and dashes, starting with a letter or digit. */
export const Sku = Schema.String.check(
  Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, {
    message: "must be 1-64 letters, digits, '-' or '_', starting with a letter or digit"
  })
)

/** An identifier for a rule, discount, fee or tax rate. */
export const Id = Schema.String.check(
  Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, {
    message: "must be 1-64 letters, digits, '-', '_' or '.'"
  })
)

/** A count of units: an integer from `min` to 10^9. */
export const Count = (min: number) =>
  Schema.Int.check(
    Schema.isBetween(
      { minimum: min, maximum: 1_000_000_000 },
      { message: `must be an integer from ${min} to 10^9` }
    )
  )
