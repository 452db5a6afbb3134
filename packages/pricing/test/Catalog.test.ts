import { describe, expect, it } from "vitest"
import { decodeCatalog, type InvalidInput } from "../src/index.ts"
import { launchCatalog } from "./fixtures/launch.ts"

const issues = (input: unknown) => {
  const r = decodeCatalog(input)
  if (r.ok) throw new Error("expected the catalog to be rejected")
  expect(r.error._tag).toBe("InvalidInput")
  expect(r.error.target).toBe("catalog")
  return (r.error as InvalidInput).issues.map((i) => `${i.path}: ${i.rule}`)
}

const tax = {
  mode: "inclusive",
  rounding: "line",
  classes: { std: [{ id: "vat", name: "VAT", rate: "19" }] }
}

describe("decodeCatalog", () => {
  it("decodes the launch catalog: prices become bigint minor units, rates stay exact text", () => {
    const r = decodeCatalog(launchCatalog)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.products[0]?.price).toBe(1500n)
    expect(r.value.fees?.[1]).toMatchObject({ kind: "payment", percent: "1.4", fixed: 25n })
  })

  it("accepts prices past 2^53 as digit strings and percentages as numbers", () => {
    const r = decodeCatalog({
      currency: "EUR",
      products: [
        { kind: "merch", sku: "GOLD", name: "Gold master", price: "123456789012345678901", taxClass: "std" }
      ],
      tax: { ...tax, classes: { std: [{ id: "vat", name: "VAT", rate: 7.25 }] } }
    })
    expect(r.ok && r.value.products[0]?.price).toBe(123456789012345678901n)
    expect(r.ok && r.value.tax.classes["std"]?.[0]?.rate).toBe("7.25")
  })

  it("accepts a tax class on per-item and per-order fees, and names a fee's unknown tax class", () => {
    const fee = { kind: "per-order", id: "svc", name: "Service", amount: 100, taxClass: "std" }
    const ok = decodeCatalog({ currency: "EUR", products: [], fees: [fee], tax })
    expect(ok.ok && ok.value.fees?.[0]).toMatchObject({ taxClass: "std", amount: 100n })
    expect(issues({ currency: "EUR", products: [], fees: [{ ...fee, taxClass: "nope" }], tax })).toContain(
      'fees.0.taxClass: unknown tax class "nope" (not in tax.classes)'
    )
  })

  it("names the field and the rule of every problem in a bad catalog file", () => {
    expect(
      issues({
        currency: "EURO",
        products: [
          { kind: "ticket", sku: "T", name: "Base", price: -1, taxClass: "std" },
          { kind: "tickt", sku: "X", name: "x", price: 1, taxClass: "std" },
          {
            kind: "ticket",
            sku: "T2",
            name: "Base",
            price: 1.5,
            taxClass: "std",
            sale: { from: "2026-01-01" }
          },
          { kind: "bundle", sku: "B", name: "b", price: 12, taxClass: "std", components: [] }
        ],
        discounts: [{ kind: "percent", id: "d", name: "d", percent: "1e3" }],
        tax: { ...tax, mode: "incl" }
      })
    ).toEqual([
      "currency: must be an ISO 4217 code such as EUR or USD",
      "products.0.price: must be a non-negative integer number of minor units",
      "products.1: kind must be one of ticket, addon, pass, merch, bundle, subscription (with that kind's fields)",
      "products.2.price: Expected an integer",
      "products.2.sale.from: must be an ISO 8601 date-time with a time zone, e.g. 2026-03-01T18:00:00Z",
      "products.3.components.0: is required",
      'discounts.0.percent: must be a decimal percentage such as "19" or "7.25"',
      'tax.mode: Expected "inclusive" | "exclusive"'
    ])
  })

  it("checks cross references: SKUs, tax classes, tiers, ids, codes and windows", () => {
    expect(
      issues({
        currency: "EUR",
        products: [
          {
            kind: "ticket",
            sku: "T",
            name: "Base",
            price: 1,
            taxClass: "std",
            sale: { from: "2026-03-02T00:00:00Z", until: "2026-03-01T00:00:00Z" }
          },
          { kind: "ticket", sku: "T", name: "Again", price: 1, taxClass: "std" },
          {
            kind: "bundle",
            sku: "B",
            name: "b",
            price: 12,
            taxClass: "nope",
            components: [{ sku: "Z", quantity: 1 }]
          }
        ],
        priceRules: [
          {
            kind: "first-n",
            id: "f",
            sku: "T",
            tiers: [
              { upTo: 5, price: 1 },
              { upTo: 5, price: 2 }
            ]
          },
          { kind: "member", id: "f", skus: ["Q"], price: 1 }
        ],
        discounts: [
          { kind: "fixed", id: "a", name: "a", amount: 1, code: "crew" },
          { kind: "fixed", id: "b", name: "b", amount: 1, code: "CREW " }
        ],
        tax
      })
    ).toEqual([
      "products.0.sale: from must be before until",
      'products.1.sku: duplicate SKU "T"',
      'products.2.taxClass: unknown tax class "nope" (not in tax.classes)',
      'products.2.components.0.sku: unknown SKU "Z"',
      "priceRules.0.tiers.1.upTo: tiers must have strictly ascending upTo",
      'priceRules.1.id: duplicate id "f" (rules, discounts, fees and rates share ids)',
      'priceRules.1.skus.0: unknown SKU "Q"',
      'discounts.1.code: duplicate code "CREW "'
    ])
  })

  it("builds a message that lists every issue", () => {
    const r = decodeCatalog({ currency: "EUR", products: "none", tax })
    expect(!r.ok && r.error.message).toBe(
      "The catalog is invalid (1 problem(s)) — products: Expected array. Fix these fields."
    )
  })
})
