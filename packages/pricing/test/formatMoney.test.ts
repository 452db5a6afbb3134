import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { currencies, formatMoney, money } from "../src/index.ts"

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, " ")

describe("formatMoney", () => {
  it("formats through Intl.NumberFormat in the locale", () => {
    expect(formatMoney(money(123456, "EUR"), "en-US")).toBe("€1,234.56")
    expect(nbsp(formatMoney(money(123456, "EUR"), "de-DE"))).toBe("1.234,56 €")
    expect(formatMoney(money(1500, "JPY"), "en-US")).toBe("¥1,500")
    expect(formatMoney(money(-5, "USD"), "en-US")).toBe("-$0.05")
  })

  it("shows every ISO minor unit, even where CLDR would hide it", () => {
    expect(formatMoney(money(1234, "KWD"), "en-US", { currencyDisplay: "code" })).toMatch(/^KWD\s1\.234$/)
    expect(formatMoney(money(12345, "HUF"), "en-US", { currencyDisplay: "code" })).toMatch(/^HUF\s123\.45$/)
  })

  it("is exact past 2^53 minor units (no float on the way)", () => {
    expect(formatMoney(money(123456789012345678n, "EUR"), "en-US")).toBe("€1,234,567,890,123,456.78")
  })

  it("keeps formatters per locale and currency: any sequence of calls formats as a fresh Intl.NumberFormat does", () => {
    const codes = currencies().map((c) => c.code)
    const call = fc.record({
      code: fc.constantFrom(...codes),
      locale: fc.constantFrom("en-US", "de-DE", "fr-FR", "ja-JP", "ar-EG", "hi-IN", "en-IN"),
      minor: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
      display: fc.constantFrom(undefined, "code", "name")
    })
    fc.assert(
      fc.property(fc.array(call, { minLength: 1, maxLength: 20 }), (calls) => {
        for (const { code, locale, minor, display } of calls) {
          const m = money(minor, code)
          const e = m.currency.exponent
          const options = display === undefined ? {} : { currencyDisplay: display }
          const fresh = new Intl.NumberFormat(locale, {
            style: "currency",
            currency: code,
            minimumFractionDigits: e,
            maximumFractionDigits: e,
            ...options
          })
          const digits =
            minor < 0n ? (-minor).toString().padStart(e + 1, "0") : minor.toString().padStart(e + 1, "0")
          const decimal = `${minor < 0n ? "-" : ""}${e === 0 ? digits : `${digits.slice(0, -e)}.${digits.slice(-e)}`}`
          expect(formatMoney(m, locale, options)).toBe(fresh.format(decimal as Intl.StringNumericLiteral))
        }
      }),
      { numRuns: 200 }
    )
  })
})
