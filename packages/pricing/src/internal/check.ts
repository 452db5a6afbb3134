/**
 * Run-time checks of the arguments a program passes to the public functions. TypeScript catches most
 * mistakes, but JavaScript callers, `any` and JSON do not: every check throws `InvalidArgument` naming
 * the argument and the rule, so a wrong call never surfaces as a raw TypeError or RangeError deep inside.
 */
import { InvalidArgument } from "../errors.ts"

// The shapes checked, written out (structurally the public `Currency`, `Money` and `Ratio`) so that this
// module imports nothing but the errors: every public module can use it without an import cycle.
interface Currency {
  readonly code: string
  readonly exponent: number
}
interface Money {
  readonly amount: bigint
  readonly currency: Currency
}
interface Ratio {
  readonly numerator: bigint
  readonly denominator: bigint
}

/** The largest currency exponent accepted (Intl formats at most 100 fraction digits; no currency has 19). */
export const MAX_EXPONENT = 18

/** A value as a person reads it in a message: `"10" (a string)`, `undefined`, `NaN (a number)`. */
export const show = (value: unknown): string => {
  if (value === undefined || value === null) return String(value)
  switch (typeof value) {
    case "string":
      return `${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)} (a string)`
    case "number":
      return `${value} (a number)`
    case "bigint":
      return `${value}n (a bigint)`
    case "boolean":
      return `${value} (a boolean)`
    case "function":
      return "a function"
    case "symbol":
      return "a symbol"
    default:
      return Array.isArray(value) ? "an array" : value instanceof Date ? "a Date" : "an object"
  }
}

const fail = (argument: string, rule: string): never => {
  throw new InvalidArgument({ argument, rule })
}

/** A plain object (not null, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Checks a `Currency` object: a three-letter code and an integer exponent from 0 to `MAX_EXPONENT`. */
export const checkCurrencyObject = (value: unknown, argument: string): Currency => {
  if (!isRecord(value))
    return fail(argument, `must be a currency such as currency("EUR"), got ${show(value)}`)
  const { code, exponent } = value
  if (typeof code !== "string" || !/^[A-Z]{3}$/.test(code))
    return fail(`${argument}.code`, `must be a three-letter upper-case ISO 4217 code, got ${show(code)}`)
  if (typeof exponent !== "number" || !Number.isInteger(exponent) || exponent < 0 || exponent > MAX_EXPONENT)
    return fail(
      `${argument}.exponent`,
      `must be an integer from 0 to ${MAX_EXPONENT} (digits of the minor unit), got ${show(exponent)}`
    )
  return value as unknown as Currency
}

/** Checks a `Money` value: a bigint amount and a valid currency object. */
export const checkMoney = (value: unknown, argument: string): Money => {
  if (!isRecord(value)) return fail(argument, `must be money such as money(1250, "EUR"), got ${show(value)}`)
  const { amount, currency } = value
  if (typeof amount !== "bigint")
    return fail(`${argument}.amount`, `must be a bigint number of minor units, got ${show(amount)}`)
  checkCurrencyObject(currency, `${argument}.currency`)
  return value as unknown as Money
}

/** Checks a `Ratio`: bigint numerator and positive bigint denominator. */
export const checkRatio = (value: unknown, argument: string): Ratio => {
  if (!isRecord(value)) return fail(argument, `must be a ratio such as percent("19"), got ${show(value)}`)
  const { numerator, denominator } = value
  if (typeof numerator !== "bigint")
    return fail(`${argument}.numerator`, `must be a bigint, got ${show(numerator)}`)
  if (typeof denominator !== "bigint" || denominator <= 0n)
    return fail(`${argument}.denominator`, `must be a positive bigint, got ${show(denominator)}`)
  return value as unknown as Ratio
}

/** Checks a bigint argument. */
export const checkBigInt = (value: unknown, argument: string): bigint =>
  typeof value === "bigint" ? value : fail(argument, `must be a bigint, got ${show(value)}`)

/** Checks an array argument. */
export const checkArray = (value: unknown, argument: string): ReadonlyArray<unknown> =>
  Array.isArray(value) ? value : fail(argument, `must be an array, got ${show(value)}`)

/** Checks an optional options object (`undefined` reads as `{}`). */
export const checkOptions = (value: unknown, argument = "options"): Record<string, unknown> => {
  if (value === undefined) return {}
  return isRecord(value) ? value : fail(argument, `must be an object or omitted, got ${show(value)}`)
}
