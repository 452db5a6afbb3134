import { decodeCatalog } from "@microdrop/pricing"
import { describe, expect, it } from "vitest"
import { catalogSkus, safeSkuPart } from "../src/catalogSkus.js"
import { DuplicateSku } from "../src/errors.js"
import { parseSku } from "../src/Sku.js"

const catalogOf = (skus: ReadonlyArray<string>) => {
  const r = decodeCatalog({
    currency: "EUR",
    products: skus.map((sku) => ({ kind: "merch", sku, name: sku, price: 900, taxClass: "std" })),
    tax: { mode: "inclusive", rounding: "line", classes: { std: [] } }
  })
  if (!r.ok) throw r.error
  return r.value
}

describe("catalogSkus", () => {
  it("builds one SKU per product × variant, in catalog order, each parsing back", () => {
    const out = catalogSkus(catalogOf(["TAPE", "print-a3", "zine"]), {
      event: "EV26",
      drop: "D1",
      variants: { TAPE: ["BK", "RD"], zine: ["1", "2"] }
    })
    expect(out.map((s) => s.sku)).toHaveLength(5)
    expect(out.map((s) => [s.product.sku, s.variant ?? null, parseSku(s.sku).product])).toEqual([
      ["TAPE", "BK", "TAPE"],
      ["TAPE", "RD", "TAPE"],
      ["print-a3", null, "PR1NTA3"],
      ["zine", "1", "21NE"],
      ["zine", "2", "21NE"]
    ])
  })

  it("refuses two products that would share a SKU, naming both", () => {
    try {
      catalogSkus(catalogOf(["tape-1", "TAPE1"]), { event: "EV26", drop: "D1" })
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(DuplicateSku)
      expect((e as DuplicateSku).message).toContain("tape-1 and TAPE1 would both get SKU EV26-D1-TAPE1-")
    }
  })

  it("makes free text safe: upper case, look-alikes mapped, other characters dropped", () => {
    expect(safeSkuPart("zine-issue-1")).toBe("21NE155V")
    expect(safeSkuPart("ü")).toBe("")
  })
})
