import { describe, expect, it } from "vitest"
import { CURRENCY_TABLE_DATE, currencies, currency, findCurrency, UnknownCurrency } from "../src/index.ts"

describe("currency", () => {
  it("reads exponents from the ISO 4217 table, not from a hand-typed list", () => {
    expect(currency("JPY")).toEqual({ code: "JPY", exponent: 0 })
    expect(currency("EUR")).toEqual({ code: "EUR", exponent: 2 })
    expect(currency("USD")).toEqual({ code: "USD", exponent: 2 })
    expect(currency("KWD")).toEqual({ code: "KWD", exponent: 3 })
    expect(currency("BHD")).toEqual({ code: "BHD", exponent: 3 })
    expect(currency("CLF")).toEqual({ code: "CLF", exponent: 4 })
    expect(currencies().length).toBeGreaterThan(150)
    expect(CURRENCY_TABLE_DATE).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it("is case-insensitive", () => {
    expect(findCurrency("bhd")).toEqual({ code: "BHD", exponent: 3 })
  })

  it("returns undefined or throws UnknownCurrency for a code not in the table", () => {
    expect(findCurrency("XYZ")).toBeUndefined()
    expect(() => currency("XYZ")).toThrow(UnknownCurrency)
  })

  it("agrees with Intl (CLDR) on the currencies the worked examples rely on", () => {
    for (const code of ["JPY", "EUR", "USD", "GBP", "KWD", "BHD"]) {
      const cldr = new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions()
      expect(cldr.maximumFractionDigits, code).toBe(currency(code).exponent)
    }
  })

  it("keeps ISO 4217 where CLDR shows fewer decimals (HUF, IDR, IQD)", () => {
    // CLDR drops the minor unit for display; ISO still has it, and money must keep it.
    expect(currency("HUF").exponent).toBe(2)
    expect(currency("IDR").exponent).toBe(2)
    expect(currency("IQD").exponent).toBe(3)
    const cldr = new Intl.NumberFormat("en", { style: "currency", currency: "HUF" }).resolvedOptions()
    expect(cldr.maximumFractionDigits).toBe(0)
  })

  it("lists every currency once, sorted by code", () => {
    const codes = currencies().map((c) => c.code)
    expect(new Set(codes).size).toBe(codes.length)
    expect([...codes].sort()).toEqual(codes)
    for (const c of currencies())
      expect(Number.isInteger(c.exponent) && c.exponent >= 0 && c.exponent <= 4).toBe(true)
  })
})
