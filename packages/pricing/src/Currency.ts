/**
 * ISO 4217 currencies with their minor-unit exponents, read from the maintained `currency-codes` table.
 *
 * @since 0.1.0
 */
import { data, publishDate } from "currency-codes"
import { UnknownCurrency } from "./errors.js"

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

let table: Map<string, Currency> | undefined

const lookup = (): Map<string, Currency> => {
  if (table === undefined) {
    table = new Map()
    for (const record of data) {
      // ISO lists "N.A." for funds and metals; the source stores those as 0 or leaves them out.
      if (Number.isInteger(record.digits))
        table.set(record.code, { code: record.code, exponent: record.digits })
    }
  }
  return table
}

/**
 * Looks a currency up by its ISO 4217 code (case-insensitive).
 *
 * @param code - A three-letter code, e.g. "eur".
 * @returns The currency, or `undefined` when the code is not in the table.
 * @example
 * ```ts
 * import { findCurrency } from "@microdrop/pricing"
 * findCurrency("kwd") // => { code: "KWD", exponent: 3 }
 * findCurrency("XYZ") // => undefined
 * ```
 * @since 0.1.0
 */
export const findCurrency = (code: string): Currency | undefined => lookup().get(code.toUpperCase())

/**
 * Returns the currency for an ISO 4217 code (case-insensitive).
 *
 * @param code - A three-letter code, e.g. "EUR".
 * @returns The currency with its exponent.
 * @throws UnknownCurrency when the code is not in the table.
 * @example
 * ```ts
 * import { currency } from "@microdrop/pricing"
 * currency("JPY") // => { code: "JPY", exponent: 0 }
 * ```
 * @since 0.1.0
 */
export const currency = <C extends string>(code: C): Currency<string extends C ? string : Uppercase<C>> => {
  const found = findCurrency(code)
  if (found === undefined) throw new UnknownCurrency({ code })
  return found as Currency<string extends C ? string : Uppercase<C>>
}

/**
 * Every currency in the table, sorted by code.
 *
 * @returns The currencies (about 180).
 * @example
 * ```ts
 * import { currencies } from "@microdrop/pricing"
 * currencies().find((c) => c.code === "BHD") // => { code: "BHD", exponent: 3 }
 * ```
 * @since 0.1.0
 */
export const currencies = (): ReadonlyArray<Currency> =>
  [...lookup().values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
