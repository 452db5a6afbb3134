// Currencies that are not money, malformed currency objects, exponents that differ, and catalog items
// priced in another currency (issue 11, point 5).
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  add,
  type CatalogInput,
  CurrencyMismatch,
  compare,
  currencies,
  currency,
  decodeCatalog,
  decodePlan,
  findCurrency,
  formatMoney,
  InvalidArgument,
  money,
  parseMoney,
  subtract,
  sum,
  toDecimal,
  UnknownCurrency,
  zero
} from "../src/index.ts"
import { launchCatalog } from "./fixtures/launch.ts"
import { launchPlan } from "./fixtures/launchPlan.ts"

/** ISO 4217 codes whose minor unit is "N.A.": metals, funds and units of account, testing, no currency. */
const NON_MONEY = ["XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XDR", "XPD", "XPT", "XSU", "XTS", "XUA", "XXX"]

describe("codes that are not money (ISO gives them no minor unit)", () => {
  for (const code of NON_MONEY)
    it(`refuses ${code} unless allowNonMoney is set`, () => {
      expect(() => currency(code)).toThrow(UnknownCurrency)
      expect(() => currency(code.toLowerCase())).toThrow(/without a minor unit/)
      expect(findCurrency(code)).toBeUndefined()
      expect(currencies().map((c) => c.code)).not.toContain(code)
      expect(() => money(1, code)).toThrow(UnknownCurrency)
      expect(() => parseMoney("1", code)).toThrow(UnknownCurrency)
      const cat = decodeCatalog({ ...launchCatalog, currency: code })
      expect(!cat.ok && cat.error.issues).toEqual([
        {
          path: "currency",
          rule: `${code} is an ISO 4217 code without a minor unit (a metal, fund or testing code), not money: use a currency such as EUR or USD`
        }
      ])
      const plan = decodePlan({ ...launchPlan, currency: code })
      expect(!plan.ok && plan.error.issues.map((i) => i.path)).toEqual(["currency"])
      // Asked for explicitly: whole units.
      expect(currency(code, { allowNonMoney: true })).toEqual({ code, exponent: 0 })
      expect(findCurrency(code, { allowNonMoney: true })).toEqual({ code, exponent: 0 })
      expect(currencies({ allowNonMoney: true }).map((c) => c.code)).toContain(code)
    })

  it("keeps every other code of the table, with its ISO exponent", () => {
    const codes = currencies().map((c) => c.code)
    expect(codes.length).toBeGreaterThan(150)
    expect(codes.filter((c) => NON_MONEY.includes(c))).toEqual([])
    expect(["XAF", "XOF", "XPF", "XCD", "CLF", "KWD", "JPY"].map((c) => currency(c).exponent)).toEqual([
      0, 0, 0, 2, 4, 3, 0
    ])
  })
})

describe("currency objects", () => {
  const badExponents = fc.oneof(
    fc.integer({ max: -1 }),
    fc.double({ noInteger: true }),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 19, 1e9, "2", 2n, null, undefined)
  )

  it("refuses a negative, fractional or non-numeric exponent everywhere a currency object is taken (property)", () => {
    fc.assert(
      fc.property(badExponents, (exponent) => {
        const c = { code: "EUR", exponent } as never
        const bad = { amount: 1n, currency: c } as never
        for (const f of [
          () => money(1, c),
          () => zero(c),
          () => parseMoney("1", c),
          () => sum(c, []),
          () => formatMoney(bad),
          () => toDecimal(bad),
          () => add(bad, bad)
        ]) {
          expect(f).toThrow(InvalidArgument)
          expect(f).toThrow(/exponent": must be an integer from 0 to 18/)
        }
      })
    )
  })

  it("accepts an object for a currency newer than the table (XCG, exponent 2)", () => {
    expect(toDecimal(money(1234, { code: "XCG", exponent: 2 }))).toBe("12.34")
  })

  it("says the exponents differ (not 'Cannot add EUR and EUR') when two EUR objects disagree", () => {
    const two = money(100, "EUR")
    const three = money(1000, { code: "EUR", exponent: 3 })
    for (const f of [() => add(two, three), () => subtract(two, three), () => compare(two, three)]) {
      expect(f).toThrow(CurrencyMismatch)
      expect(f).toThrow(/EUR amounts with different exponents \(2 and 3 digits of minor unit\)/)
      expect(f).not.toThrow(/EUR and EUR/)
    }
    expect(() => sum(currency("EUR"), [three])).toThrow(/different exponents \(2 and 3/)
  })
})

describe("catalog items priced in another currency", () => {
  const others = currencies()
    .map((c) => c.code)
    .filter((c) => c !== "EUR")
  /** Where an item can name the currency of its amount, and an item of that list with the field. */
  const places: ReadonlyArray<readonly [string, (code: string) => Partial<CatalogInput>]> = [
    [
      "products",
      (code) => ({ products: launchCatalog.products.map((p, i) => (i === 1 ? { ...p, currency: code } : p)) })
    ],
    [
      "priceRules",
      (code) => ({
        priceRules: (launchCatalog.priceRules ?? []).map((r, i) => (i === 1 ? { ...r, currency: code } : r))
      })
    ],
    [
      "discounts",
      (code) => ({
        discounts: [
          ...(launchCatalog.discounts ?? []),
          { kind: "fixed", id: "five", name: "€5", amount: 500, currency: code }
        ]
      })
    ],
    [
      "fees",
      (code) => ({ fees: (launchCatalog.fees ?? []).map((f, i) => (i === 1 ? { ...f, currency: code } : f)) })
    ]
  ]

  it("refuses a JPY price in a EUR catalog instead of reading it as EUR cents", () => {
    const r = decodeCatalog({
      ...launchCatalog,
      products: [{ ...launchCatalog.products[0], currency: "JPY" }, ...launchCatalog.products.slice(1)]
    })
    expect(!r.ok && r.error.issues).toEqual([
      {
        path: "products.0.currency",
        rule: "is JPY but the catalog's currency is EUR: every amount of a catalog is in its currency"
      }
    ])
  })

  it("refuses any other currency on any item with an amount, and accepts the catalog's own (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...places), fc.constantFrom(...others), ([field, withCurrency], code) => {
        const wrong = decodeCatalog({ ...launchCatalog, ...withCurrency(code) })
        expect(!wrong.ok && wrong.error.issues.map((i) => i.path)).toEqual([
          `${field}.${field === "discounts" ? (launchCatalog.discounts ?? []).length : 1}.currency`
        ])
        expect(decodeCatalog({ ...launchCatalog, ...withCurrency("EUR") }).ok).toBe(true)
      })
    )
  })
})
