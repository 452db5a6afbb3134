import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { currency, formatMoney, money, parseMoney } from "../src/index.ts"

const EUR = currency("EUR")
const value = (input: string, code = "EUR", locale?: string) => {
  const r = parseMoney(input, currency(code), locale === undefined ? {} : { locale })
  if (!r.ok) throw r.error
  return r.value.amount
}
const rule = (input: string, code = "EUR") => {
  const r = parseMoney(input, currency(code))
  if (r.ok) throw new Error(`expected ${input} to fail`)
  expect(r.error._tag).toBe("InvalidAmount")
  return r.error.message
}

describe("parseMoney", () => {
  it("reads what people type", () => {
    expect(value("12.50")).toBe(1250n)
    expect(value("12,50 €")).toBe(1250n)
    expect(value("€12.5")).toBe(1250n)
    expect(value("EUR 1,234.56")).toBe(123456n)
    expect(value("1.234,56 €")).toBe(123456n)
    expect(value("1 234,56")).toBe(123456n)
    expect(value("1\u202f234,56\u00a0€")).toBe(123456n)
    expect(value("12")).toBe(1200n)
    expect(value("-3.10")).toBe(-310n)
    expect(value("1,234")).toBe(123400n) // grouping: EUR has 2 decimals
    expect(value("1.234.567")).toBe(123456700n)
    expect(value("12.505")).toBe(1250500n) // one separator + 3 digits is grouping in a 2-decimal currency
    expect(value("¥1,500", "JPY")).toBe(1500n)
    expect(value("1.234 KWD", "KWD", "en-US")).toBe(1234n)
    expect(value("1.234", "KWD", "de-DE")).toBe(1234000n)
    expect(value("$1,000.99", "USD")).toBe(100099n)
  })

  it("returns InvalidAmount naming the rule instead of guessing", () => {
    expect(rule("")).toMatch(/it is empty/)
    expect(rule("12.5051")).toMatch(/at most 2 decimals for EUR/)
    expect(rule("0.125")).toMatch(/at most 2 decimals for EUR; it is never rounded/)
    expect(rule("1.5", "JPY")).toMatch(/JPY has no minor unit/)
    expect(rule("12.50 USD")).toMatch(/names USD but the amount must be in EUR/)
    expect(rule("$12.50")).toMatch(/symbol \$ is not a symbol of EUR/)
    expect(rule("12a")).toMatch(/unexpected character "a"/)
    expect(rule("1,2,3")).toMatch(/digit groups/)
    expect(rule("1.234", "KWD")).toMatch(/pass a locale/)
    expect(rule("12.")).toMatch(/no digits after the decimal separator/)
    expect(rule("€")).toMatch(/no digits/)
  })

  describe("properties", () => {
    it("reads back what formatMoney prints: parse(format(m)) = m (en-US, de-DE, fr-FR)", () => {
      fc.assert(
        fc.property(
          fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
          fc.constantFrom("en-US", "de-DE", "fr-FR"),
          fc.constantFrom("EUR", "USD", "JPY", "GBP"),
          (amount, locale, code) => {
            const m = money(amount, code)
            const typed = formatMoney(m, locale)
            const r = parseMoney(typed, m.currency, { locale })
            expect(r.ok && r.value.amount).toBe(amount)
          }
        )
      )
    })
    it("reads plain decimal text exactly: parse(toDecimal) = m", () => {
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max: 10n ** 20n }), (amount) => {
          const m = money(amount, EUR)
          const text = `${amount / 100n}.${(amount % 100n).toString().padStart(2, "0")}`
          const r = parseMoney(text, EUR)
          expect(r.ok && r.value).toEqual(m)
        })
      )
    })
  })
})
