import { describe, expect, it } from "vitest"
import { decodeCart, decodeQuoteContext } from "../src/index.ts"

describe("decodeCart", () => {
  it("decodes a cart body", () => {
    expect(decodeCart({ lines: [{ sku: "TICKET", quantity: 2 }], codes: ["CREW"] })).toEqual({
      ok: true,
      value: { lines: [{ sku: "TICKET", quantity: 2 }], codes: ["CREW"] }
    })
  })

  it("names the field and the rule of every problem", () => {
    const r = decodeCart({
      lines: [
        { sku: "T", quantity: 0 },
        { sku: "", quantity: 1.5 }
      ],
      codes: [1]
    })
    expect(!r.ok && r.error.issues.map((i) => `${i.path}: ${i.rule}`)).toEqual([
      "lines.0.quantity: must be an integer from 1 to 1,000,000,000",
      "lines.1.sku: must be 1-64 letters, digits, '-' or '_', starting with a letter or digit",
      "lines.1.quantity: Expected an integer",
      "codes.0: Expected string"
    ])
    expect(!r.ok && r.error.target).toBe("cart")
  })
})

describe("decodeQuoteContext", () => {
  it("decodes the instant, quantities sold and membership", () => {
    const r = decodeQuoteContext({ now: "2026-03-05T12:00:00+01:00", sold: { TICKET: 18 }, member: true })
    expect(r.ok && r.value.sold).toEqual({ TICKET: 18 })
  })

  it("rejects an instant without a time zone and negative quantities sold", () => {
    const r = decodeQuoteContext({ now: "2026-03-05 12:00", sold: { TICKET: -1 } })
    expect(!r.ok && r.error.issues.map((i) => i.path)).toEqual(["now", "sold.TICKET"])
  })
})
