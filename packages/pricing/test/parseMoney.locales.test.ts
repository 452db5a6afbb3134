// parseMoney reads back what formatMoney writes, in every locale and every currency (issue 11, point 4):
// it returns the same amount or refuses with InvalidAmount — never a different amount.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type Currency, currencies, currency, formatMoney, type Money, parseMoney } from "../src/index.ts"
import { LOCALES } from "./fixtures/locales.ts"

/** A locale has its own data when Intl resolves it to itself (not to a fallback). */
const exact = (tag: string): boolean => {
  try {
    return new Intl.NumberFormat(tag).resolvedOptions().locale === tag
  } catch {
    return false
  }
}

const locales = LOCALES.filter(exact)
/**
 * Every ISO 4217 currency of the table (money only; XAU and friends are refused by `currency`). Intl
 * formats every well-formed code, also those missing from `Intl.supportedValuesOf("currency")` (CLF, UYW…).
 */
const table = currencies()
const byExponent = [0, 2, 3, 4].map((e) => table.find((c) => c.exponent === e) as Currency)

const amounts = fc.oneof(
  fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }),
  fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }),
  fc.constantFrom(0n, 1n, -1n, 1000n, 1234n, 123456n, 1234567n, 1000000n)
)

/** formatMoney then parseMoney in one locale: the same amount, or InvalidAmount. */
const roundTrip = (m: Money, locale: string) => {
  const text = formatMoney(m, locale)
  const r = parseMoney(text, m.currency, { locale })
  if (r.ok) expect({ locale, text, amount: r.value.amount }).toEqual({ locale, text, amount: m.amount })
  else expect(r.error._tag).toBe("InvalidAmount")
  return r.ok
}

describe("parseMoney takes separators from the locale's currency format", () => {
  it('reads "1.234 KWD" in fr-CH as 1.234 KWD (fr-CH writes currency amounts with a decimal point)', () => {
    const r = parseMoney("1.234 KWD", currency("KWD"), { locale: "fr-CH" })
    expect(r.ok && r.value.amount).toBe(1234n)
    expect(formatMoney({ amount: 1234n, currency: currency("KWD") }, "fr-CH")).toMatch(/^1\.234\s?KWD$/)
  })

  it("reads digits of other scripts, Arabic separators and Indian grouping as the locale writes them", () => {
    const read = (text: string, code: string, locale: string) => {
      const r = parseMoney(text, code, { locale })
      return r.ok ? r.value.amount : r.error.rule
    }
    expect(read("١٬٢٣٤٫٥٠ ج.م.\u200f", "EGP", "ar-EG")).toBe(123450n)
    expect(read("१२,३४,५६७.०० ₹", "INR", "hi-IN-u-nu-deva")).toBe(123456700n)
    expect(read("₹12,34,567.00", "INR", "en-IN")).toBe(123456700n)
    // Indian grouping only where the locale writes it: in en-US "12,34,567" is a typo, not an amount.
    expect(read("$12,34,567.00", "USD", "en-US")).toMatch(/must have 3 digits/)
    // Arabic and Latin separators mixed: refused rather than guessed.
    expect(read("١٬٢٣٤.٥٠", "EGP", "ar-EG")).toMatch(/mixes Arabic and Latin/)
  })

  it("the locale list has every language this runtime has data for", () => {
    const letters = "abcdefghijklmnopqrstuvwxyz"
    const languages: string[] = []
    for (const a of letters) for (const b of letters) if (exact(a + b)) languages.push(a + b)
    const listed = new Set(locales)
    expect(languages.filter((l) => !listed.has(l))).toEqual([])
    expect(locales.length).toBeGreaterThan(500)
    expect(table.length).toBeGreaterThan(150)
  })

  it("every locale round-trips amounts in a currency of each exponent (0, 2, 3, 4 decimals)", () => {
    // The family, covered: each locale × one currency per exponent, with amounts fast-check picks.
    let read = 0
    for (const [i, locale] of locales.entries())
      for (const c of byExponent)
        for (const amount of fc.sample(amounts, { numRuns: 2, seed: i })) {
          if (roundTrip({ amount, currency: c }, locale)) read++
        }
    // Nearly all are read back; the rest (Adlam digits with a "⹁" separator, kea-CV's "$" decimal
    // separator, Chakma's mixed grouping) are refused with InvalidAmount, never misread.
    expect(read / (locales.length * byExponent.length * 2)).toBeGreaterThan(0.95)
  })

  it("every currency round-trips in locales fast-check picks (each currency × 6 locales)", () => {
    for (const [i, c] of table.entries())
      for (const [locale, amount] of fc.sample(fc.tuple(fc.constantFrom(...locales), amounts), {
        numRuns: 6,
        seed: i
      }))
        roundTrip({ amount, currency: c }, locale)
  })

  it("any currency × any locale × any amount: the same amount or InvalidAmount (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...table), fc.constantFrom(...locales), amounts, (c, locale, amount) => {
        roundTrip({ amount, currency: c }, locale)
      }),
      { numRuns: 2000 }
    )
  })
})
