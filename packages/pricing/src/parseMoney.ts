/**
 * Reads an amount a person typed ("12.50", "12,50 €", "€1,234.56", "1 234,56") into exact money.
 *
 * @since 0.1.0
 */

import { err, ok } from "@microdrop/kit"
import { type Currency, resolveCurrency } from "./Currency.ts"
import { InvalidAmount, InvalidArgument } from "./errors.ts"
import { cached } from "./internal/cache.ts"
import { checkOptions, show } from "./internal/check.ts"
import type { Money } from "./Money.ts"
import type { Result } from "./Result.ts"

/**
 * Options of `parseMoney`.
 *
 * @category models
 * @since 0.1.0
 */
export interface ParseMoneyOptions {
  /**
   * Locale whose currency format settles an ambiguous "1,234" in a 3-decimal currency: its decimal
   * separator for this currency (`Intl.NumberFormat` with `style: "currency"`, which differs from the plain
   * number format in some locales: fr-CH writes "1 234,5" but "1 234.500 KWD"), and its symbols.
   */
  readonly locale?: string
}

/** Grouping spaces and apostrophes, and the bidi marks some locales put around signs and symbols. */
const SPACES = /[\s\u00a0\u202f\u2009'’\u200e\u200f\u061c]/g

const symbolCache = new Map<string, string[]>()

/** The currency's code and symbols in `locale` and a few common locales, longest first. */
const symbolsOf = (code: string, locale: string | undefined): string[] =>
  cached(symbolCache, `${code}/${locale ?? ""}`, () => {
    const found = new Set<string>([code])
    for (const loc of [locale ?? "en-US", "en-US", "de-DE", "fr-FR", "ja-JP"]) {
      for (const currencyDisplay of ["symbol", "narrowSymbol"] as const) {
        try {
          const parts = new Intl.NumberFormat(loc, {
            style: "currency",
            currency: code,
            currencyDisplay
          }).formatToParts(1)
          for (const p of parts) if (p.type === "currency") found.add(p.value)
        } catch {
          // A locale this runtime does not know: its symbols are simply not recognised.
        }
      }
    }
    return [...found].sort((a, b) => b.length - a.length)
  })

/**
 * Decimal digits of any script (Arabic-Indic ١٢٣, Devanagari १२३, Bengali…) as ASCII digits. Unicode
 * encodes every decimal digit (general category Nd) in runs of whole blocks 0–9, so a digit's value is
 * its distance from the start of its run, modulo 10.
 */
const asciiDigits = (text: string): string =>
  text.replace(/[^\P{Nd}0-9]/gu, (d) => {
    const cp = d.codePointAt(0) as number
    let start = cp
    while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--
    return String((cp - start) % 10)
  })

/** The Arabic decimal and thousands separators (U+066B, U+066C), as the Latin ones they stand for. */
const latinSeparator = (sep: string): string => (sep === "\u066b" ? "." : sep === "\u066c" ? "," : sep)

const groupCache = new Map<string, boolean>()

/**
 * Whether `locale` groups this currency's amounts in twos after the first thousand (Indian grouping:
 * "12,34,567.00"), read from its currency format.
 */
const twoDigitGroups = (code: string, locale: string): boolean =>
  cached(groupCache, `${code}/${locale}`, () => {
    const parts = new Intl.NumberFormat(locale, { style: "currency", currency: code }).formatToParts(1234567)
    const integers = parts.filter((p) => p.type === "integer").map((p) => p.value.length)
    return integers.length > 2 && integers.slice(1, -1).every((n) => n === 2)
  })

/** Checks `options.locale` (a well-formed BCP 47 tag) so that `Intl` never throws a raw RangeError later. */
const localeCache = new Map<string, boolean>()

const checkLocale = (locale: unknown): string | undefined => {
  if (locale === undefined) return undefined
  try {
    if (
      typeof locale === "string" &&
      cached(localeCache, locale, () => Intl.getCanonicalLocales(locale).length === 1)
    )
      return locale
  } catch {
    // Not a well-formed tag: refused below.
  }
  throw new InvalidArgument({
    argument: "options.locale",
    rule: `must be a BCP 47 locale such as "de-CH", got ${show(locale)}`
  })
}

/**
 * Reads a typed amount into minor units of `currency`, refusing anything it would have to guess.
 *
 * Accepts the currency's code or symbol before or after the number, spaces, apostrophes and `.`/`,`
 * as grouping, and either `.` or `,` as the decimal separator: with both present the last one is the
 * decimal separator; with one of them once, followed by exactly 3 digits, it is grouping for a currency
 * of fewer than 3 decimals. More decimals than the currency has is an error (never rounded silently).
 *
 * @param input - The text typed, e.g. "12,50 €".
 * @param currency - The currency expected: an ISO 4217 code ("EUR") or a `Currency` object, as `money` takes.
 * @param options - `locale` to settle "1,234" for 3-decimal currencies (KWD, BHD) with that locale's
 * currency format.
 * @returns `{ ok: true, value }` with the money, or `{ ok: false, error: InvalidAmount }` naming the rule
 * (also when `input` is not text).
 * @throws UnknownCurrency for a currency code not in the table; InvalidArgument for a malformed currency
 * object, options or locale (bugs in the program, not in what was typed).
 * @example
 * ```ts
 * import { currency, parseMoney } from "@microdrop/pricing"
 * parseMoney("12,50 €", currency("EUR")) // => { ok: true, value: { amount: 1250n, … } }
 * parseMoney("12.505", currency("EUR")).ok // => false (at most 2 decimals for EUR)
 * ```
 * @since 0.1.0
 */
export const parseMoney = <C extends string>(
  input: string,
  currency: C | Currency<C>,
  options: ParseMoneyOptions = {}
): Result<Money<string extends C ? string : Uppercase<C>>, InvalidAmount> => {
  const cur = resolveCurrency(currency, "currency") as Currency<string extends C ? string : Uppercase<C>>
  const { locale: given } = checkOptions(options)
  const locale = checkLocale(given)
  if (typeof input !== "string")
    return err(new InvalidAmount({ input: show(input), rule: "it is not text; pass the string as typed" }))
  const fail = (rule: string) => err(new InvalidAmount({ input, rule }))
  let text = input.trim()
  if (text === "") return fail("it is empty; type a number such as 12.50")
  for (const symbol of symbolsOf(cur.code, locale)) {
    const at = text.toUpperCase().indexOf(symbol.toUpperCase())
    if (at >= 0) {
      text = text.slice(0, at) + text.slice(at + symbol.length)
      break
    }
  }
  text = asciiDigits(text.replace(SPACES, ""))
  if (/[\u066b\u066c]/.test(text)) {
    if (/[.,]/.test(text)) return fail("it mixes Arabic and Latin separators")
    text = text.replace(/[\u066b\u066c]/g, latinSeparator)
  }
  let negative = false
  if (/^[-−]/.test(text)) {
    negative = true
    text = text.slice(1)
  } else if (/[-−]$/.test(text)) {
    negative = true
    text = text.slice(0, -1)
  }
  const code = /[A-Za-z]{3}/.exec(text)
  if (code !== null) return fail(`it names ${code[0].toUpperCase()} but the amount must be in ${cur.code}`)
  const stray = /[^\d.,]/u.exec(text)
  if (stray !== null)
    return fail(
      /\p{Sc}/u.test(stray[0])
        ? `the symbol ${stray[0]} is not a symbol of ${cur.code}`
        : `unexpected character "${stray[0]}"; use digits, one decimal separator and optional grouping`
    )
  if (!/\d/.test(text)) return fail("it has no digits")
  const e = cur.exponent
  const dot = text.lastIndexOf(".")
  const comma = text.lastIndexOf(",")
  let decimalSep: "." | "," | undefined
  if (dot >= 0 && comma >= 0) decimalSep = dot > comma ? "." : ","
  else if (dot >= 0 || comma >= 0) {
    const sep = dot >= 0 ? "." : ","
    const count = text.split(sep).length - 1
    const after = text.length - text.lastIndexOf(sep) - 1
    if (count > 1) decimalSep = undefined
    else if (after !== 3 || /^0\d*$/.test(text.slice(0, text.indexOf(sep)))) decimalSep = sep
    else if (e < 3) decimalSep = undefined
    else {
      const localeSep = locale === undefined ? undefined : decimalOf(locale, cur.code)
      if (localeSep === undefined)
        return fail(
          `"${sep}" followed by 3 digits could be grouping or ${cur.code}'s 3 decimals; ` +
            "pass a locale or type the amount without grouping"
        )
      decimalSep = localeSep === sep ? sep : undefined
    }
  }
  let integer = text
  let fraction = ""
  if (decimalSep !== undefined) {
    const at = text.lastIndexOf(decimalSep)
    integer = text.slice(0, at)
    fraction = text.slice(at + 1)
    if (fraction.includes(".") || fraction.includes(","))
      return fail("the decimal separator must come after every grouping separator")
    if (fraction === "") return fail(`no digits after the decimal separator "${decimalSep}"`)
  }
  const groupSep = decimalSep === "." ? "," : decimalSep === "," ? "." : dot >= 0 ? "." : ","
  if (integer.includes(decimalSep === undefined ? "\u0000" : decimalSep))
    return fail(`the decimal separator "${decimalSep}" appears more than once`)
  const groups = integer.split(groupSep)
  if (groups.length > 1) {
    const [first = "", ...rest] = groups
    const last = rest.length - 1
    const thousands = first.length >= 1 && first.length <= 3 && rest.every((g) => g.length === 3)
    // Indian grouping ("12,34,567") when the locale writes amounts of this currency that way.
    const indian =
      !thousands &&
      locale !== undefined &&
      first.length >= 1 &&
      first.length <= 2 &&
      rest.every((g, i) => g.length === (i === last ? 3 : 2)) &&
      twoDigitGroups(cur.code, locale)
    if (!thousands && !indian) return fail(`digit groups separated by "${groupSep}" must have 3 digits`)
  }
  const digits = groups.join("")
  if (!/^\d*$/.test(digits) || !/^\d*$/.test(fraction))
    return fail("it mixes separators in an unreadable way")
  if (fraction.length > e)
    return fail(
      e === 0
        ? `${cur.code} has no minor unit, so no decimals are allowed`
        : `at most ${e} decimal${e === 1 ? "" : "s"} for ${cur.code}; it is never rounded for you`
    )
  const minor = BigInt((digits === "" ? "0" : digits) + fraction.padEnd(e, "0"))
  return ok({ amount: negative ? -minor : minor, currency: cur })
}

const decimalCache = new Map<string, "." | "," | "">()

/** The decimal separator of `locale`'s currency format for `code` (not its plain number format). */
const decimalOf = (locale: string, code: string): "." | "," | undefined =>
  cached(decimalCache, `${code}/${locale}`, () => {
    const part = new Intl.NumberFormat(locale, {
      style: "currency",
      currency: code,
      minimumFractionDigits: 1
    })
      .formatToParts(1.5)
      .find((p) => p.type === "decimal")
    const sep = latinSeparator(part?.value ?? "")
    return sep === "." || sep === "," ? sep : ""
  }) || undefined
