// quote() checks what it is given (issue 11, points 1 and 3): a cart, context or catalog that does not
// have the decoded shape is refused with the decoders' InvalidInput, never priced and never a raw throw.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  type Cart,
  type Catalog,
  decodeCart,
  decodeCatalog,
  decodeQuoteContext,
  type Quote,
  quote
} from "../src/index.ts"
import { launchCatalog } from "./fixtures/launch.ts"

const decoded = decodeCatalog(launchCatalog)
if (!decoded.ok) throw decoded.error
const launch: Catalog = decoded.value
const during = { now: "2026-03-05T12:00:00Z", sold: { TICKET: 18 } }

/** The error `quote` gives, or a failure when it accepted the input. */
const refusal = (catalog: unknown, cart: unknown, context: unknown) => {
  const q = quote(catalog as Catalog, cart as Cart, context as never)
  if (q.ok) throw new Error(`quoted ${JSON.stringify(cart)} for ${q.value.totals.total.amount}`)
  return q.error
}

const sumAmounts = (ms: ReadonlyArray<{ readonly amount: bigint }>) => ms.reduce((s, m) => s + m.amount, 0n)

/** Every total of a quote is the sum of its parts, and every line has a positive whole quantity. */
const addsUp = (q: Quote) => {
  const t = q.totals
  expect(t.gross.amount).toBe(t.net.amount + t.tax.amount)
  expect(t.total.amount).toBe(t.gross.amount + t.fees.amount)
  expect(sumAmounts(q.lines.map((l) => l.gross))).toBe(t.gross.amount)
  expect(sumAmounts(q.lines.map((l) => l.subtotal))).toBe(t.subtotal.amount)
  expect(sumAmounts(q.fees.filter((f) => !f.absorbed).map((f) => f.amount))).toBe(t.fees.amount)
  for (const l of q.lines) {
    expect(Number.isInteger(l.quantity) && l.quantity >= 1).toBe(true)
    expect(l.subtotal.amount).toBe(
      l.segments.reduce((s, g) => s + g.unitPrice.amount * BigInt(g.quantity), 0n)
    )
    expect(l.subtotal.amount - l.discount.amount).toBe(l.amount.amount)
    expect(l.amount.amount >= 0n).toBe(true)
  }
}

describe("quote refuses carts the decoder refuses, with the decoder's error", () => {
  const cases: ReadonlyArray<readonly [string, unknown]> = [
    ["quantity −1", { lines: [{ sku: "TICKET", quantity: -1 }] }],
    ["quantity 0", { lines: [{ sku: "TICKET", quantity: 0 }] }],
    ['quantity "2" (a string)', { lines: [{ sku: "TICKET", quantity: "2" }] }],
    ["quantity 1.5", { lines: [{ sku: "TICKET", quantity: 1.5 }] }],
    ["quantity NaN", { lines: [{ sku: "TICKET", quantity: Number.NaN }] }],
    ["quantity past 10^9", { lines: [{ sku: "TICKET", quantity: 1e12 }] }],
    [
      "lines 3 and −2 of one SKU",
      {
        lines: [
          { sku: "TICKET", quantity: 3 },
          { sku: "TICKET", quantity: -2 }
        ]
      }
    ],
    ["an undefined cart", undefined],
    ["a null cart", null],
    ["a cart without lines", {}],
    ["lines that are not an array", { lines: "TICKET" }],
    ["a line that is not an object", { lines: [null] }],
    ["a SKU that is not a string", { lines: [{ sku: 7, quantity: 1 }] }],
    ["codes that are not strings", { lines: [{ sku: "TICKET", quantity: 1 }], codes: [1] }],
    ["codes explicitly undefined", { lines: [{ sku: "TICKET", quantity: 1 }], codes: undefined }]
  ]
  for (const [name, cart] of cases)
    it(`refuses ${name} with InvalidInput (target cart), as decodeCart does`, () => {
      const e = refusal(launch, cart, during)
      const d = decodeCart(cart)
      expect(d.ok).toBe(false)
      expect(e._tag).toBe("InvalidInput")
      expect(e).toEqual(d.ok ? undefined : d.error)
    })

  it("names lines.0.quantity and the rule for quantity −1", () => {
    const e = refusal(launch, { lines: [{ sku: "TICKET", quantity: -1 }] }, during)
    expect(e._tag === "InvalidInput" && e.issues).toEqual([
      { path: "lines.0.quantity", rule: "must be an integer from 1 to 1,000,000,000" }
    ])
  })

  it("still merges valid lines of one SKU (3 + 2 tickets are 5)", () => {
    const q = quote(
      launch,
      {
        lines: [
          { sku: "TICKET", quantity: 3 },
          { sku: "TICKET", quantity: 2 }
        ]
      },
      during
    )
    expect(q.ok && q.value.lines.map((l) => [l.sku, l.quantity])).toEqual([["TICKET", 5]])
  })
})

// Junk carts: structured near-misses (the family of the examples above) and arbitrary values.
const skus = ["TICKET", "HEADPHONES", "CASSETTE", "ZINE", "VIP-BUNDLE", "REMOTE", "CLUB-M", "NOPE", "", "a b"]
const junkQuantity = fc.oneof(
  fc.integer({ min: -3, max: 6 }),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 1e9, 1e9 + 1, 2 ** 53, -0),
  fc.string({ maxLength: 3 }),
  fc.constantFrom(undefined, null, true, 2n, [2], { valueOf: () => 2 })
)
const junkLine = fc.oneof(
  { weight: 6, arbitrary: fc.record({ sku: fc.constantFrom(...skus), quantity: junkQuantity }) },
  { weight: 1, arbitrary: fc.record({ sku: fc.constantFrom(...skus) }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.anything() }
)
const junkCart = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        lines: fc.oneof({ weight: 8, arbitrary: fc.array(junkLine, { maxLength: 6 }) }, fc.anything()),
        codes: fc.oneof(fc.array(fc.constantFrom("crew", "SORRY5", "NOPE"), { maxLength: 2 }), fc.anything())
      },
      { requiredKeys: [] }
    )
  },
  { weight: 1, arbitrary: fc.anything() }
)

describe("quote over arbitrary junk carts", () => {
  it("never throws; refuses with a tagged error (InvalidInput exactly when decodeCart refuses) or returns totals that add up", () => {
    fc.assert(
      fc.property(junkCart, (cart) => {
        let q: ReturnType<typeof quote> | undefined
        expect(() => {
          q = quote(launch, cart as Cart, during)
        }).not.toThrow()
        if (q === undefined) return
        const d = decodeCart(cart)
        if (!d.ok) {
          expect(q.ok).toBe(false)
          if (!q.ok) expect(q.error).toEqual(d.error)
          return
        }
        if (!q.ok) {
          expect(q.error._tag).not.toBe("InvalidInput")
          expect(q.error).toBeInstanceOf(Error)
          return
        }
        addsUp(q.value)
        // Nothing was priced that the buyer did not ask for: quantities are the merged cart's.
        const asked = new Map<string, number>()
        for (const l of d.value.lines) asked.set(l.sku, (asked.get(l.sku) ?? 0) + l.quantity)
        expect(q.value.lines.map((l) => [l.sku, l.quantity])).toEqual([...asked])
      }),
      { numRuns: 1500 }
    )
  })
})

describe("quote's time option: context.now", () => {
  const junkNow: ReadonlyArray<readonly [string, unknown]> = [
    ["NaN", Number.NaN],
    ["an object", {}],
    ["a Date", new Date("2026-03-05T12:00:00Z")],
    ["epoch milliseconds", Date.parse("2026-03-05T12:00:00Z")],
    ['Date.parse("garbage")', Date.parse("garbage")],
    ["undefined", undefined],
    ["garbage text", "garbage"],
    ["a date without a time zone", "2026-03-05T12:00:00"],
    ["February 30", "2026-02-30T12:00:00Z"],
    ["hour 24", "2026-03-05T24:00:00Z"],
    ["minute 60", "2026-03-05T12:60:00Z"],
    ["second 60", "2026-03-05T12:00:60Z"],
    ["month 13", "2026-13-05T12:00:00Z"],
    ["offset +24:00", "2026-03-05T12:00:00+24:00"],
    ["February 29 of a common year", "2027-02-29T12:00:00Z"]
  ]
  for (const [name, now] of junkNow)
    it(`refuses now = ${name} with InvalidInput naming "now", as decodeQuoteContext does`, () => {
      const e = refusal(launch, { lines: [{ sku: "TICKET", quantity: 1 }] }, { now })
      expect(e._tag === "InvalidInput" && e.target).toBe("context")
      expect(e._tag === "InvalidInput" && e.issues.map((i) => i.path)).toEqual(["now"])
      const d = decodeQuoteContext({ now })
      expect(!d.ok && d.error).toEqual(e)
    })

  it("accepts February 29 of a leap year and offsets up to ±23:59", () => {
    for (const now of ["2028-02-29T12:00:00Z", "2026-03-05T12:00:00+23:59", "2026-03-05T12:00:00-23:59"])
      expect(decodeQuoteContext({ now }).ok).toBe(true)
  })

  it("refuses every non-string and every string the ISO parser would roll over, for any value (property)", () => {
    // Any valid instant round-trips through Date: the fields read back are the fields written.
    fc.assert(
      fc.property(
        fc.record({
          y: fc.integer({ min: 1970, max: 2100 }),
          mo: fc.integer({ min: 0, max: 14 }),
          d: fc.integer({ min: 0, max: 33 }),
          h: fc.integer({ min: 0, max: 25 }),
          mi: fc.integer({ min: 0, max: 61 })
        }),
        ({ y, mo, d, h, mi }) => {
          const p = (n: number) => String(n).padStart(2, "0")
          const text = `${y}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:00Z`
          const r = quote(launch, { lines: [] }, { now: text })
          const date = new Date(Date.UTC(y, mo - 1, d, h, mi))
          const exists =
            date.getUTCFullYear() === y &&
            date.getUTCMonth() === mo - 1 &&
            date.getUTCDate() === d &&
            date.getUTCHours() === h &&
            date.getUTCMinutes() === mi
          expect(r.ok).toBe(exists)
        }
      )
    )
    fc.assert(
      fc.property(
        fc.anything().filter((v) => typeof v !== "string"),
        (now) => {
          const r = quote(launch, { lines: [] }, { now } as never)
          expect(!r.ok && r.error._tag).toBe("InvalidInput")
        }
      )
    )
  })

  it("refuses a junk context (undefined, sold −1 or '3', member 'yes') with decodeQuoteContext's error", () => {
    for (const context of [
      undefined,
      null,
      { now: during.now, sold: { TICKET: -1 } },
      { now: during.now, sold: { TICKET: "3" } },
      { now: during.now, sold: [] },
      { now: during.now, member: "yes" }
    ]) {
      const e = refusal(launch, { lines: [{ sku: "TICKET", quantity: 1 }] }, context)
      const d = decodeQuoteContext(context)
      expect(!d.ok && d.error).toEqual(e)
    }
  })
})

describe("quote's catalog dates (price rules, sale windows) when the catalog is built by hand", () => {
  const junkDates: ReadonlyArray<unknown> = [
    "garbage",
    "2026-02-30T00:00:00Z",
    Number.NaN,
    Date.parse("2026-03-10T00:00:00Z"),
    new Date("2026-03-10T00:00:00Z"),
    undefined
  ]
  for (const until of junkDates) {
    it(`refuses an early-bird until = ${String(until)} with InvalidInput naming priceRules.1.until`, () => {
      const rules = launch.priceRules ?? []
      const broken = { ...launch, priceRules: rules.map((r) => (r.id === "early" ? { ...r, until } : r)) }
      const index = rules.findIndex((r) => r.id === "early")
      const e = refusal(broken, { lines: [{ sku: "TICKET", quantity: 1 }] }, during)
      expect(e._tag === "InvalidInput" && e.target).toBe("catalog")
      expect(e._tag === "InvalidInput" && e.issues.map((i) => i.path)).toEqual([`priceRules.${index}.until`])
    })
    it(`refuses a sale window until = ${String(until)} with InvalidInput naming products.0.sale.until`, () => {
      const [first, ...rest] = launch.products
      const broken = { ...launch, products: [{ ...first, sale: { until } }, ...rest] }
      const e = refusal(broken, { lines: [{ sku: "TICKET", quantity: 1 }] }, during)
      expect(e._tag === "InvalidInput" && e.issues.map((i) => i.path)).toEqual(["products.0.sale.until"])
    })
  }

  it("refuses a catalog that is not one (undefined, null, a string) with InvalidInput", () => {
    for (const catalog of [undefined, null, "EUR", {}]) {
      const e = refusal(catalog, { lines: [] }, during)
      expect(e._tag === "InvalidInput" && e.target).toBe("catalog")
    }
  })
})
