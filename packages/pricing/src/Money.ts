/**
 * Money as an integer number of minor units (bigint) in one ISO 4217 currency, with exact arithmetic.
 *
 * @since 0.1.0
 */
import { type Currency, resolveCurrency } from "./Currency.ts"
import { CurrencyMismatch, InvalidArgument } from "./errors.ts"
import { checkCurrencyObject, checkMoney, checkRatio, show } from "./internal/check.ts"
import type { Ratio } from "./Ratio.ts"
import { checkMode, divide, type RoundingMode } from "./Rounding.ts"

/**
 * An amount of money: an integer count of minor units (cents, yen, fils) and its currency.
 *
 * **Why bigint.** Products such as amount × rate numerator overflow 2^53 long before amounts do
 * (10^16 cents × 725 for 7.25 %), and allocations of 10^18 minor units must stay exact: bigint never
 * rounds, so no intermediate product is ever wrong. See the README for the throughput this costs.
 *
 * @category models
 * @since 0.1.0
 */
export interface Money<C extends string = string> {
  /** Minor units (e.g. cents); negative for refunds and discounts. */
  readonly amount: bigint
  /** The currency and its exponent. */
  readonly currency: Currency<C>
}

/**
 * Makes an amount of money from minor units.
 *
 * @param amount - Minor units: a bigint, a safe integer, or a string of digits.
 * @param currency - An ISO 4217 code ("EUR") or a `Currency` object (`{ code, exponent }`, exponent an
 * integer from 0 to 18).
 * @returns The money value.
 * @throws UnknownCurrency for a code not in the table (or not money, such as XAU); InvalidArgument for a
 * non-integer amount or a malformed currency object.
 * @example
 * ```ts
 * import { money } from "@microdrop/pricing"
 * money(1250, "EUR") // => { amount: 1250n, currency: { code: "EUR", exponent: 2 } }
 * ```
 * @since 0.1.0
 */
export const money = <C extends string>(
  amount: bigint | number | string,
  currency: C | Currency<C>
): Money<string extends C ? string : Uppercase<C>> => {
  const c = resolveCurrency(currency, "currency")
  return { amount: toBigInt(amount), currency: c } as Money<string extends C ? string : Uppercase<C>>
}

const toBigInt = (amount: bigint | number | string, argument = "amount"): bigint => {
  if (typeof amount === "bigint") return amount
  if (typeof amount === "number") {
    if (!Number.isSafeInteger(amount))
      throw new InvalidArgument({
        argument,
        rule: `${amount} is not a safe integer; pass a bigint or a string of digits`
      })
    return BigInt(amount)
  }
  if (typeof amount !== "string")
    throw new InvalidArgument({
      argument,
      rule: `must be a bigint, a safe integer or a string of digits, got ${show(amount)}`
    })
  if (!/^-?\d+$/.test(amount))
    throw new InvalidArgument({
      argument,
      rule: `"${amount}" is not an integer number of minor units`
    })
  return BigInt(amount)
}

/**
 * Zero in a currency.
 *
 * @param currency - The currency.
 * @returns 0 minor units.
 * @example
 * ```ts
 * import { currency, zero } from "@microdrop/pricing"
 * zero(currency("JPY")).amount // => 0n
 * ```
 * @since 0.1.0
 */
export const zero = <C extends string>(currency: Currency<C>): Money<C> => ({
  amount: 0n,
  currency: checkCurrencyObject(currency, "currency") as Currency<C>
})

/** Throws InvalidArgument unless both are money, and CurrencyMismatch unless they share a currency. */
const same = (operation: CurrencyMismatch["operation"], a: Money, b: Money): void => {
  checkMoney(a, "a")
  checkMoney(b, "b")
  if (a.currency.code !== b.currency.code || a.currency.exponent !== b.currency.exponent)
    throw new CurrencyMismatch({
      operation,
      left: a.currency.code,
      right: b.currency.code,
      leftExponent: a.currency.exponent,
      rightExponent: b.currency.exponent
    })
}

/**
 * Adds two amounts of the same currency.
 *
 * @param a - First amount.
 * @param b - Second amount, same currency.
 * @returns a + b.
 * @throws CurrencyMismatch when the currencies (or their exponents) differ (never a silent sum); with literal currency types
 * (`money(1, "EUR")`) the mix does not even compile.
 * @example
 * ```ts
 * import { add, money } from "@microdrop/pricing"
 * add(money(1050, "EUR"), money(200, "EUR")).amount // => 1250n
 * ```
 * @since 0.1.0
 */
export const add = <C extends string>(a: Money<C>, b: Money<NoInfer<C>>): Money<C> => {
  same("add", a, b)
  return { amount: a.amount + b.amount, currency: a.currency }
}

/**
 * Subtracts an amount from another of the same currency.
 *
 * @param a - The amount to subtract from.
 * @param b - The amount to subtract, same currency.
 * @returns a − b (may be negative).
 * @throws CurrencyMismatch when the currencies differ.
 * @example
 * ```ts
 * import { money, subtract } from "@microdrop/pricing"
 * subtract(money(1000, "EUR"), money(250, "EUR")).amount // => 750n
 * ```
 * @since 0.1.0
 */
export const subtract = <C extends string>(a: Money<C>, b: Money<NoInfer<C>>): Money<C> => {
  same("subtract", a, b)
  return { amount: a.amount - b.amount, currency: a.currency }
}

/**
 * Sums amounts of one currency.
 *
 * @param currency - The currency of the result (and of every item).
 * @param items - The amounts.
 * @returns Their sum (zero for none).
 * @throws CurrencyMismatch when an item has another currency.
 * @example
 * ```ts
 * import { currency, money, sum } from "@microdrop/pricing"
 * sum(currency("EUR"), [money(1, "EUR"), money(2, "EUR")]).amount // => 3n
 * ```
 * @since 0.1.0
 */
export const sum = <C extends string>(
  currency: Currency<C>,
  items: ReadonlyArray<Money<NoInfer<C>>>
): Money<C> => {
  let total = zero(currency)
  if (!Array.isArray(items))
    throw new InvalidArgument({ argument: "items", rule: `must be an array of money, got ${show(items)}` })
  for (const item of items) total = add(total, item)
  return total
}

/**
 * Negates an amount.
 *
 * @param a - The amount.
 * @returns −a.
 * @example
 * ```ts
 * import { money, negate } from "@microdrop/pricing"
 * negate(money(5, "EUR")).amount // => -5n
 * ```
 * @since 0.1.0
 */
export const negate = <C extends string>(a: Money<C>): Money<C> => {
  checkMoney(a, "a")
  return { amount: -a.amount, currency: a.currency }
}

/**
 * Multiplies an amount by an integer or an exact fraction, rounding once at the end.
 *
 * The intermediate product is a bigint, so `amount × numerator` is exact however large it gets:
 * 7.25 % of 10^16 cents is exactly 7.25 × 10^14 cents (a float product is off).
 *
 * @param a - The amount.
 * @param factor - A bigint, a safe integer, or a `Ratio` (see `percent`, `decimal`, `ratio`).
 * @param mode - Rounding of the final minor unit (default `"half-even"`).
 * @returns a × factor, rounded to a whole minor unit.
 * @example
 * ```ts
 * import { money, multiply, percent } from "@microdrop/pricing"
 * multiply(money(1999, "EUR"), percent("19")).amount // => 380n (379.81)
 * multiply(money(1999, "EUR"), percent("19"), "down").amount // => 379n
 * ```
 * @since 0.1.0
 */
export const multiply = <C extends string>(
  a: Money<C>,
  factor: bigint | number | Ratio,
  mode: RoundingMode = "half-even"
): Money<C> => {
  checkMoney(a, "a")
  checkMode(mode)
  if (typeof factor === "object") {
    checkRatio(factor, "factor")
    return { amount: divide(a.amount * factor.numerator, factor.denominator, mode), currency: a.currency }
  }
  if (typeof factor !== "number" && typeof factor !== "bigint")
    throw new InvalidArgument({
      argument: "factor",
      rule: `must be a bigint, a safe integer or a Ratio, got ${show(factor)}`
    })
  return { amount: a.amount * toBigInt(factor, "factor"), currency: a.currency }
}

/**
 * Compares two amounts of the same currency.
 *
 * @param a - First amount.
 * @param b - Second amount.
 * @returns -1, 0 or 1.
 * @throws CurrencyMismatch when the currencies differ.
 * @example
 * ```ts
 * import { compare, money } from "@microdrop/pricing"
 * compare(money(1, "EUR"), money(2, "EUR")) // => -1
 * ```
 * @since 0.1.0
 */
export const compare = <C extends string>(a: Money<C>, b: Money<NoInfer<C>>): -1 | 0 | 1 => {
  same("compare", a, b)
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0
}

/**
 * Tells whether two amounts are equal (same currency, same minor units).
 *
 * @param a - First amount.
 * @param b - Second amount.
 * @returns `true` when equal; `false` when the amounts or the currencies differ.
 * @example
 * ```ts
 * import { equals, money } from "@microdrop/pricing"
 * equals(money(100, "EUR"), money(100, "USD")) // => false
 * ```
 * @since 0.1.0
 */
export const equals = (a: Money, b: Money): boolean =>
  checkMoney(a, "a") !== undefined &&
  checkMoney(b, "b") !== undefined &&
  a.amount === b.amount &&
  a.currency.code === b.currency.code &&
  a.currency.exponent === b.currency.exponent

/**
 * The amount as a plain decimal string in major units, e.g. "12.50" (exact, no locale).
 *
 * @param a - The amount.
 * @returns Decimal text with exactly `exponent` decimals.
 * @example
 * ```ts
 * import { money, toDecimal } from "@microdrop/pricing"
 * toDecimal(money(-5, "EUR")) // => "-0.05"
 * toDecimal(money(1234, "KWD")) // => "1.234"
 * ```
 * @since 0.1.0
 */
export const toDecimal = (a: Money): string => {
  checkMoney(a, "money")
  const negative = a.amount < 0n
  const digits = (negative ? -a.amount : a.amount).toString()
  const e = a.currency.exponent
  if (e === 0) return (negative ? "-" : "") + digits
  const padded = digits.padStart(e + 1, "0")
  return `${negative ? "-" : ""}${padded.slice(0, -e)}.${padded.slice(-e)}`
}
