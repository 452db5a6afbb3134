import { describe, expect, it } from "vitest"
import { formatMoney, money } from "../src/index.ts"

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
})
