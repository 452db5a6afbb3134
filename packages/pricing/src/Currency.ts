/**
 * ISO 4217 currencies with their minor-unit exponents, read from the maintained `currency-codes` table.
 *
 * @since 0.1.0
 */
import { data, publishDate } from "currency-codes"
import { InvalidArgument, UnknownCurrency } from "./errors.ts"
import { checkCurrencyObject, checkOptions, show } from "./internal/check.ts"

/**
 * A currency: its ISO 4217 code and exponent (number of minor-unit digits: JPY 0, EUR 2, KWD 3).
 *
 * @category models
 * @since 0.1.0
 */
export interface Currency<C extends string = string> {
  /** Three-letter ISO 4217 code, e.g. "EUR". */
  readonly code: C
  /** Digits of the minor unit: 1 major unit = 10^exponent minor units. */
  readonly exponent: number
}

/**
 * The date of the ISO 4217 list the shipped table follows (from `currency-codes`).
 *
 * @category constants
 * @since 0.1.0
 */
export const CURRENCY_TABLE_DATE: string = publishDate

/**
 * Options of `currency`, `findCurrency` and `currencies`.
 *
 * @category models
 * @since 0.1.0
 */
export interface CurrencyOptions {
  /**
   * Accept ISO 4217 codes that are not money: precious metals (XAU, XAG, XPT, XPD), funds and units of
   * account (XDR, XBA–XBD, XSU, XUA), the testing code XTS and "no currency" XXX. ISO gives them no minor
   * unit, so they are refused by default; with this option they count whole units (exponent 0).
   */
  readonly allowNonMoney?: boolean
}

/** ISO 4217 codes whose minor unit is "N.A." (the `currency-codes` table stores 0 for them). */
const NO_MINOR_UNIT: ReadonlySet<string> = new Set([
  "XAG",
  "XAU",
  "XBA",
  "XBB",
  "XBC",
  "XBD",
  "XDR",
  "XPD",
  "XPT",
  "XSU",
  "XTS",
  "XUA",
  "XXX"
])

/**
 * Tells whether a code is an ISO 4217 code that is not money (no minor unit: metals, funds, XTS, XXX).
 *
 * @internal
 */
export const isNonMoneyCode = (code: string): boolean => NO_MINOR_UNIT.has(code)

let table: Map<string, Currency> | undefined

const lookup = (): Map<string, Currency> => {
  if (table === undefined) {
    table = new Map()
    for (const record of data) {
      // ISO lists "N.A." for funds and metals; the source stores those as 0 or leaves them out.
      if (Number.isInteger(record.digits))
        table.set(record.code, {
          code: record.code,
          exponent: NO_MINOR_UNIT.has(record.code) ? 0 : record.digits
        })
    }
  }
  return table
}

const allowsNonMoney = (options: unknown): boolean => {
  const { allowNonMoney } = checkOptions(options)
  return allowNonMoney === true
}

/**
 * Looks a currency up by its ISO 4217 code (case-insensitive).
 *
 * @param code - A three-letter code, e.g. "eur".
 * @param options - `allowNonMoney` to find codes without a minor unit (XAU, XDR, XTS, XXX…).
 * @returns The currency, or `undefined` when the code is not in the table (or is not money and
 * `allowNonMoney` is not set).
 * @throws InvalidArgument when `code` is not a string.
 * @example
 * ```ts
 * import { findCurrency } from "@microdrop/pricing"
 * findCurrency("kwd") // => { code: "KWD", exponent: 3 }
 * findCurrency("XYZ") // => undefined
 * findCurrency("XAU") // => undefined (gold is not money; pass { allowNonMoney: true })
 * ```
 * @since 0.1.0
 */
export const findCurrency = (code: string, options?: CurrencyOptions): Currency | undefined => {
  if (typeof code !== "string")
    throw new InvalidArgument({
      argument: "code",
      rule: `must be a three-letter ISO 4217 code, got ${show(code)}`
    })
  const allowNonMoney = allowsNonMoney(options)
  const found = lookup().get(code.toUpperCase())
  if (found !== undefined && NO_MINOR_UNIT.has(found.code) && !allowNonMoney) return undefined
  return found
}

/**
 * Returns the currency for an ISO 4217 code (case-insensitive).
 *
 * @param code - A three-letter code, e.g. "EUR".
 * @param options - `allowNonMoney` to accept codes without a minor unit (XAU, XDR, XTS, XXX…).
 * @returns The currency with its exponent.
 * @throws UnknownCurrency when the code is not in the table, or is not money (no ISO minor unit) and
 * `allowNonMoney` is not set; InvalidArgument when `code` is not a string.
 * @example
 * ```ts
 * import { currency } from "@microdrop/pricing"
 * currency("JPY") // => { code: "JPY", exponent: 0 }
 * currency("XAU", { allowNonMoney: true }) // => { code: "XAU", exponent: 0 }
 * ```
 * @since 0.1.0
 */
export const currency = <C extends string>(
  code: C,
  options?: CurrencyOptions
): Currency<string extends C ? string : Uppercase<C>> => {
  const found = findCurrency(code, options)
  if (found === undefined)
    throw new UnknownCurrency({ code, nonMoney: NO_MINOR_UNIT.has(code.toUpperCase()) })
  return found as Currency<string extends C ? string : Uppercase<C>>
}

/**
 * Every currency in the table, sorted by code.
 *
 * @param options - `allowNonMoney` to include codes without a minor unit (XAU, XDR, XTS, XXX…).
 * @returns The currencies (about 170; 13 more with `allowNonMoney`).
 * @example
 * ```ts
 * import { currencies } from "@microdrop/pricing"
 * currencies().find((c) => c.code === "BHD") // => { code: "BHD", exponent: 3 }
 * ```
 * @since 0.1.0
 */
export const currencies = (options?: CurrencyOptions): ReadonlyArray<Currency> => {
  const all = allowsNonMoney(options)
  return [...lookup().values()]
    .filter((c) => all || !NO_MINOR_UNIT.has(c.code))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
}

/**
 * A currency given as a code or an object, checked: a known money code, or an object with a
 * three-letter code and an integer exponent from 0 to 18 (the form for currencies newer than the table).
 *
 * @internal
 */
export const resolveCurrency = (value: unknown, argument: string): Currency =>
  typeof value === "string" ? currency(value) : checkCurrencyObject(value, argument)
