import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  type Catalog,
  type CatalogInput,
  decodeCart,
  decodeCatalog,
  decodeQuoteContext,
  type Quote,
  quote
} from "../src/index.ts"
import { catalogAndCart, type Generated, NOW } from "./fixtures/arbitraries.ts"
import { launchCatalog } from "./fixtures/launch.ts"

const decoded = (input: CatalogInput): Catalog => {
  const r = decodeCatalog(input)
  if (!r.ok) throw r.error
  return r.value
}

const run = (catalog: Catalog, cart: unknown, context: unknown): Quote => {
  const c = decodeCart(cart)
  const x = decodeQuoteContext(context)
  if (!c.ok) throw c.error
  if (!x.ok) throw x.error
  const q = quote(catalog, c.value, x.value)
  if (!q.ok) throw q.error
  return q.value
}

const fail = (catalog: Catalog, cart: unknown, context: unknown) => {
  const c = decodeCart(cart)
  const x = decodeQuoteContext(context)
  if (!c.ok || !x.ok) throw new Error("bad test input")
  const q = quote(catalog, c.value, x.value)
  if (q.ok) throw new Error("expected the quote to fail")
  return q.error
}

/** Minor units of every Money field named, for compact assertions. */
const n = (m: { amount: bigint } | undefined) => (m === undefined ? Number.NaN : Number(m.amount))

const launch = decoded(launchCatalog)
const during = { now: "2026-03-05T12:00:00Z", sold: { TICKET: 18 } }

describe("quote: the playbook's launch (EU VAT inclusive, Germany)", () => {
  it("prices 2 tickets, 2 VIP headphone bundles and a remote pass with the crew code, by hand", () => {
    const q = run(
      launch,
      {
        lines: [
          { sku: "TICKET", quantity: 2 },
          { sku: "VIP-BUNDLE", quantity: 2 },
          { sku: "REMOTE", quantity: 1 }
        ],
        codes: ["crew"]
      },
      during
    )
    const [ticket, bundle, remote] = q.lines
    // Tickets 18 and 19 are inside the first-20 tier (€10.00), cheaper than early bird (€12.00).
    expect(ticket?.segments.map((s) => [s.quantity, n(s.unitPrice), s.rule])).toEqual([[2, 1000, "first-20"]])
    expect([n(ticket?.subtotal), n(bundle?.subtotal), n(remote?.subtotal)]).toEqual([2000, 8000, 800])
    // CREW 10 % of 10 800 = 1 080, shared by amount: 200 + 800 + 80.
    expect(q.discounts.map((d) => [d.id, n(d.amount)])).toEqual([["crew", 1080]])
    expect([n(ticket?.discount), n(bundle?.discount), n(remote?.discount)]).toEqual([200, 800, 80])
    // VAT inside the prices: 1 800 × 7/107 = 117.76 → 118.
    expect([n(ticket?.tax), n(ticket?.net), n(ticket?.gross)]).toEqual([118, 1682, 1800])
    // The bundle's 7 200 is split by list price 2500 : 1200 : 800 → 4 000, 1 920, 1 280, then taxed per part:
    // headphones 4 000 × 19/119 = 638.66 → 639; cassette 1 920 × 19/119 = 306.55 → 307; zine 1 280 × 7/107 = 83.74 → 84.
    expect(bundle?.parts.map((p) => [p.sku, p.quantity, n(p.amount), n(p.tax), p.taxClass])).toEqual([
      ["HEADPHONES", 2, 4000, 639, "standard"],
      ["CASSETTE", 2, 1920, 307, "standard"],
      ["ZINE", 2, 1280, 84, "reduced"]
    ])
    expect([n(bundle?.tax), n(bundle?.net)]).toEqual([1030, 6170])
    // Remote pass 720 × 19/119 = 114.96 → 115.
    expect([n(remote?.tax), n(remote?.net)]).toEqual([115, 605])
    expect(q.taxes.map((t) => [t.id, n(t.base), n(t.amount)])).toEqual([
      ["vat7", 1682 + 1196, 118 + 84],
      ["vat19", 3361 + 1613 + 605, 639 + 307 + 115]
    ])
    // Booking fee 2 × €0.50; card fee 1.4 % of 9 820 = 137.48 → 137, + 25 = 162, absorbed by the promoter.
    expect(q.fees.map((f) => [f.id, n(f.amount), f.absorbed])).toEqual([
      ["booking", 100, false],
      ["card", 162, true]
    ])
    const t = q.totals
    expect([n(t.subtotal), n(t.discount), n(t.gross), n(t.tax), n(t.net), n(t.fees), n(t.total)]).toEqual([
      10800, 1080, 9720, 1263, 8457, 100, 9820
    ])
    expect([n(t.paymentFees), n(t.absorbedFees), n(t.payout)]).toEqual([162, 162, 9658])
  })

  it("splits a ticket line across the first-20 tier and early bird at the boundary", () => {
    const q = run(
      launch,
      { lines: [{ sku: "TICKET", quantity: 3 }] },
      { now: "2026-03-05T12:00:00Z", sold: { TICKET: 19 } }
    )
    expect(q.lines[0]?.segments.map((s) => [s.quantity, n(s.unitPrice), s.rule])).toEqual([
      [1, 1000, "first-20"],
      [2, 1200, "early"]
    ])
    expect(n(q.lines[0]?.subtotal)).toBe(3400)
  })

  it("charges list price after early bird and past the first 20", () => {
    const q = run(
      launch,
      { lines: [{ sku: "TICKET", quantity: 1 }] },
      { now: "2026-03-15T12:00:00Z", sold: { TICKET: 40 } }
    )
    expect(q.lines[0]?.segments.map((s) => [s.quantity, n(s.unitPrice), s.rule])).toEqual([
      [1, 1500, undefined]
    ])
    // 1 500 × 7/107 = 98.13 → 98; booking 50; card 1.4 % of 1 550 = 21.7 → 22, + 25 = 47.
    expect([n(q.totals.tax), n(q.totals.total), n(q.totals.paymentFees)]).toEqual([98, 1550, 47])
  })

  it("gives members the member price of a remote pass, and sells subscriptions monthly or yearly", () => {
    const q = run(
      launch,
      {
        lines: [
          { sku: "REMOTE", quantity: 1 },
          { sku: "CLUB-M", quantity: 1 },
          { sku: "CLUB-Y", quantity: 1 }
        ]
      },
      { ...during, member: true }
    )
    expect(q.lines.map((l) => [l.sku, l.kind, n(l.subtotal)])).toEqual([
      ["REMOTE", "pass", 600],
      ["CLUB-M", "subscription", 500],
      ["CLUB-Y", "subscription", 5000]
    ])
    expect(q.lines[0]?.segments[0]?.rule).toBe("member-remote")
  })

  it("applies only the best non-stackable discount, and stackable ones on top", () => {
    const cart = { lines: [{ sku: "REMOTE", quantity: 1 }], codes: ["SORRY5", "CREW"] }
    const q = run(launch, cart, during)
    // CREW 10 % first: 800 → 720 (80 off), then SORRY5 €5 off: 720 → 220.
    expect(q.discounts.map((d) => [d.id, n(d.amount)])).toEqual([
      ["crew", 80],
      ["sorry", 500]
    ])
    expect(n(q.lines[0]?.amount)).toBe(220)
  })

  it("applies only the non-stackable discount that saves most when several apply", () => {
    const two = decoded({
      ...launchCatalog,
      discounts: [
        { kind: "fixed", id: "five", name: "€5 off", amount: 500 },
        { kind: "percent", id: "ten", name: "10 % off", percent: "10" },
        { kind: "percent", id: "vip", name: "VIP 20 % off bundles", percent: "20", skus: ["VIP-BUNDLE"] }
      ]
    })
    // Cart of 2 tickets (2 000) + 1 bundle (4 000): €5 saves 500, 10 % saves 600, 20 % of the bundle saves 800.
    const q = run(
      two,
      {
        lines: [
          { sku: "TICKET", quantity: 2 },
          { sku: "VIP-BUNDLE", quantity: 1 }
        ]
      },
      during
    )
    expect(q.discounts.map((d) => [d.id, n(d.amount)])).toEqual([["vip", 800]])
    expect(q.lines.map((l) => n(l.discount))).toEqual([0, 800])
    // Without the bundle, 10 % of 2 000 = 200 loses to €5 = 500.
    const t = run(two, { lines: [{ sku: "TICKET", quantity: 2 }] }, during)
    expect(t.discounts.map((d) => [d.id, n(d.amount)])).toEqual([["five", 500]])
  })

  it("caps a fixed discount at what it applies to: the line never goes below zero", () => {
    const cheap = decoded({
      ...launchCatalog,
      discounts: [{ kind: "fixed", id: "five", name: "€5 off", amount: 500 }]
    })
    const q = run(cheap, { lines: [{ sku: "REMOTE", quantity: 1 }] }, { ...during, member: false })
    expect(n(q.discounts[0]?.amount)).toBe(500)
    const q2 = run(
      decoded({ ...launchCatalog, discounts: [{ kind: "fixed", id: "big", name: "big", amount: 100000 }] }),
      { lines: [{ sku: "REMOTE", quantity: 1 }] },
      during
    )
    expect([n(q2.discounts[0]?.amount), n(q2.lines[0]?.amount), n(q2.totals.gross)]).toEqual([800, 0, 0])
  })

  it("refuses a VIP headphone bundle without a ticket (AddonWithoutTicket)", () => {
    const e = fail(
      launch,
      {
        lines: [
          { sku: "VIP-BUNDLE", quantity: 2 },
          { sku: "TICKET", quantity: 1 }
        ]
      },
      during
    )
    expect(e._tag).toBe("AddonWithoutTicket")
    expect(e.message).toBe(
      "The cart has 2 × HEADPHONES but 1 ticket(s); at most 1 per ticket is allowed: add tickets or remove add-ons."
    )
  })

  it("refuses sales outside the drop window (NotOnSale)", () => {
    const e = fail(launch, { lines: [{ sku: "TICKET", quantity: 1 }] }, { now: "2026-02-28T09:00:00Z" })
    expect(e._tag).toBe("NotOnSale")
    expect(e.message).toMatch(/not on sale yet/)
    const late = fail(launch, { lines: [{ sku: "TICKET", quantity: 1 }] }, { now: "2026-03-20T19:00:00Z" })
    expect(late.message).toMatch(/sales window has closed/)
  })

  it("refuses more than the 50 VIP bundles or 100 tickets (ProductSoldOut)", () => {
    const e = fail(
      launch,
      {
        lines: [
          { sku: "TICKET", quantity: 3 },
          { sku: "VIP-BUNDLE", quantity: 3 }
        ]
      },
      { ...during, sold: { "VIP-BUNDLE": 48 } }
    )
    expect([e._tag, e.message]).toEqual([
      "ProductSoldOut",
      "Only 2 × VIP-BUNDLE left but 3 asked for: lower the quantity."
    ])
    const t = fail(launch, { lines: [{ sku: "TICKET", quantity: 1 }] }, { ...during, sold: { TICKET: 100 } })
    expect(t.message).toMatch(/it is sold out/)
  })

  it("counts repeated lines of a SKU together against capacity (ProductSoldOut on the merged quantity)", () => {
    const e = fail(
      launch,
      {
        lines: [
          { sku: "VIP-BUNDLE", quantity: 1 },
          { sku: "TICKET", quantity: 3 },
          { sku: "VIP-BUNDLE", quantity: 2 }
        ]
      },
      { ...during, sold: { "VIP-BUNDLE": 48 } }
    )
    expect([e._tag, e.message]).toEqual([
      "ProductSoldOut",
      "Only 2 × VIP-BUNDLE left but 3 asked for: lower the quantity."
    ])
  })

  it("refuses unknown SKUs and unknown discount codes", () => {
    expect(fail(launch, { lines: [{ sku: "NOPE", quantity: 1 }] }, during)._tag).toBe("UnknownProduct")
    const e = fail(launch, { lines: [{ sku: "REMOTE", quantity: 1 }], codes: ["FREE"] }, during)
    expect([e._tag, e.message]).toEqual([
      "UnknownDiscountCode",
      'The discount code "FREE" is not valid: check its spelling or remove it from the cart.'
    ])
  })

  it("merges lines of the same SKU and quotes an empty cart as zero", () => {
    const q = run(
      launch,
      {
        lines: [
          { sku: "REMOTE", quantity: 1 },
          { sku: "REMOTE", quantity: 2 }
        ]
      },
      during
    )
    expect(q.lines.map((l) => [l.sku, l.quantity])).toEqual([["REMOTE", 3]])
    const empty = run(launch, { lines: [] }, during)
    expect([empty.lines.length, n(empty.totals.total), empty.fees.length]).toEqual([0, 0, 0])
  })
})

const usCatalog = (rounding: "line" | "total") =>
  decoded({
    currency: "USD",
    products: [
      { kind: "ticket", sku: "TICKET", name: "Admission", price: 2000, taxClass: "taxable" },
      { kind: "merch", sku: "PIN", name: "Enamel pin", price: 899, taxClass: "taxable" },
      { kind: "merch", sku: "STICKERS", name: "Sticker pack", price: 899, taxClass: "taxable" },
      { kind: "merch", sku: "POSTER", name: "Poster", price: 1299, taxClass: "taxable" },
      { kind: "pass", sku: "DONATION", name: "Donation", price: 500, taxClass: "exempt" }
    ],
    fees: [{ kind: "per-order", id: "service", name: "Service fee", amount: 150 }],
    tax: {
      mode: "exclusive",
      rounding,
      roundingMode: "half-up",
      classes: {
        // Austin, Texas: 6.25 % state + 2 % city sales tax on the same base.
        taxable: [
          { id: "tx-state", name: "Texas state 6.25 %", rate: "6.25" },
          { id: "austin", name: "Austin city 2 %", rate: "2" }
        ],
        exempt: []
      }
    }
  })

describe("quote: US sales tax (exclusive, Austin TX 6.25 % + 2 %)", () => {
  const cart = {
    lines: [
      { sku: "TICKET", quantity: 2 },
      { sku: "PIN", quantity: 1 },
      { sku: "STICKERS", quantity: 1 },
      { sku: "POSTER", quantity: 1 },
      { sku: "DONATION", quantity: 1 }
    ]
  }
  const at = { now: "2026-06-01T18:00:00Z" }

  it("rounds each line's tax (line rounding), by hand", () => {
    const q = run(usCatalog("line"), cart, at)
    // State: 4 000 × 6.25 % = 250; 899 × 6.25 % = 56.19 → 56 (twice); 1 299 × 6.25 % = 81.19 → 81.
    // City:  4 000 × 2 % = 80;    899 × 2 % = 17.98 → 18 (twice);  1 299 × 2 % = 25.98 → 26.
    expect(q.lines.map((l) => l.taxes.map((t) => n(t.amount)))).toEqual([
      [250, 80],
      [56, 18],
      [56, 18],
      [81, 26],
      []
    ])
    expect(q.taxes.map((t) => [t.id, n(t.base), n(t.amount)])).toEqual([
      ["tx-state", 7097, 443],
      ["austin", 7097, 142]
    ])
    // Net 7 097 + 500 exempt = 7 597; tax 585; gross 8 182; service fee 150 → total 8 332.
    const t = q.totals
    expect([n(t.net), n(t.tax), n(t.gross), n(t.fees), n(t.total)]).toEqual([7597, 585, 8182, 150, 8332])
  })

  it("rounds each rate's total once (total rounding) and shares it over lines by amount", () => {
    const q = run(usCatalog("total"), cart, at)
    // State: 7 097 × 6.25 % = 443.5625 → 444 (one cent more than line rounding); city 141.94 → 142.
    expect(q.taxes.map((t) => [t.id, n(t.amount)])).toEqual([
      ["tx-state", 444],
      ["austin", 142]
    ])
    // 444 shared by 4000 : 899 : 899 : 1299 → 250.25, 56.24, 56.24, 81.27 → the spare cent goes to the poster.
    expect(q.lines.map((l) => l.taxes.map((t) => n(t.amount)))).toEqual([
      [250, 80],
      [56, 18],
      [56, 18],
      [82, 26],
      []
    ])
    expect([n(q.totals.tax), n(q.totals.total)]).toEqual([586, 8333])
  })
})

describe("quote: taxed fees", () => {
  it("taxes an EU booking fee at the standard rate inside its price (inclusive), by hand", () => {
    const taxedFee = decoded({
      ...launchCatalog,
      fees: [
        {
          kind: "per-item",
          id: "booking",
          name: "Booking fee",
          amount: 50,
          skus: ["TICKET"],
          taxClass: "standard"
        },
        { kind: "payment", id: "card", name: "Card processing", percent: "1.4", fixed: 25, absorbed: true }
      ]
    })
    const q = run(
      taxedFee,
      {
        lines: [
          { sku: "TICKET", quantity: 2 },
          { sku: "VIP-BUNDLE", quantity: 2 },
          { sku: "REMOTE", quantity: 1 }
        ],
        codes: ["crew"]
      },
      during
    )
    // Booking 2 × €0.50 = 100 with 19 % VAT inside: 100 × 19/119 = 15.97 → 16; net 84.
    const booking = q.fees[0]
    expect([booking?.id, n(booking?.amount), n(booking?.net), n(booking?.tax), booking?.taxClass]).toEqual([
      "booking",
      100,
      84,
      16,
      "standard"
    ])
    expect(booking?.taxes.map((t) => [t.id, n(t.amount)])).toEqual([["vat19", 16]])
    // The lines are as in the untaxed example; the 19 % rate now also carries the fee: base + 84, tax + 16.
    expect(q.taxes.map((t) => [t.id, n(t.base), n(t.amount)])).toEqual([
      ["vat7", 1682 + 1196, 118 + 84],
      ["vat19", 3361 + 1613 + 605 + 84, 639 + 307 + 115 + 16]
    ])
    const t = q.totals
    expect([n(t.tax), n(t.feeTax), n(t.fees), n(t.total), n(t.paymentFees)]).toEqual([
      1263, 16, 100, 9820, 162
    ])
    // What is due per rate adds up: 202 + 1 077 = 1 263 on the lines + 16 in the fee.
    expect(q.taxes.reduce((s, x) => s + n(x.amount), 0)).toBe(n(t.tax) + n(t.feeTax))
    // An untaxed fee (the card fee) reports zero tax and its whole amount as net.
    expect([q.fees[1]?.taxClass, n(q.fees[1]?.tax), n(q.fees[1]?.net)]).toEqual([undefined, 0, 162])
  })

  const usTaxedFee = (rounding: "line" | "total") => {
    const base = usCatalog(rounding)
    return decoded({
      currency: "USD",
      products: base.products.map((p) => ({ ...p, price: Number(p.price) })),
      fees: [{ kind: "per-order", id: "service", name: "Service fee", amount: 150, taxClass: "taxable" }],
      tax: base.tax
    })
  }
  const usCart = {
    lines: [
      { sku: "TICKET", quantity: 2 },
      { sku: "PIN", quantity: 1 },
      { sku: "STICKERS", quantity: 1 },
      { sku: "POSTER", quantity: 1 },
      { sku: "DONATION", quantity: 1 }
    ]
  }

  it("adds sales tax on top of a taxable US service fee (exclusive, line rounding), by hand", () => {
    const q = run(usTaxedFee("line"), usCart, { now: "2026-06-01T18:00:00Z" })
    // $1.50 × 6.25 % = 9.375 → 9 (half-up); × 2 % = 3: the buyer pays 150 + 12 = 162 for the fee.
    expect(q.fees.map((f) => [f.id, n(f.net), n(f.tax), n(f.amount)])).toEqual([["service", 150, 12, 162]])
    expect(q.fees[0]?.taxes.map((t) => [t.id, n(t.amount)])).toEqual([
      ["tx-state", 9],
      ["austin", 3]
    ])
    expect(q.taxes.map((t) => [t.id, n(t.base), n(t.amount)])).toEqual([
      ["tx-state", 7097 + 150, 443 + 9],
      ["austin", 7097 + 150, 142 + 3]
    ])
    const t = q.totals
    // Goods as before (net 7 597, tax 585, gross 8 182) + the fee with its tax (162) = 8 344.
    expect([n(t.net), n(t.tax), n(t.gross), n(t.feeTax), n(t.fees), n(t.total)]).toEqual([
      7597, 585, 8182, 12, 162, 8344
    ])
  })

  it("shares each rate's rounded total over lines and the taxed fee (exclusive, total rounding), by hand", () => {
    const q = run(usTaxedFee("total"), usCart, { now: "2026-06-01T18:00:00Z" })
    // State: 7 247 × 6.25 % = 452.94 → 453; city: 7 247 × 2 % = 144.94 → 145.
    expect(q.taxes.map((t) => [t.id, n(t.amount)])).toEqual([
      ["tx-state", 453],
      ["austin", 145]
    ])
    // 453 by 4000 : 899 : 899 : 1299 : 150 → floors 250, 56, 56, 81, 9 (452); the spare cent goes to the
    // largest remainder, the fee's (67 950 mod 7 247 = 2 727). 145 → floors 80, 17, 17, 25, 3 (142); the
    // 3 spare cents go to the poster (7 180), then pin and stickers (7 156 each, tie → larger weight, earlier).
    expect(q.lines.map((l) => l.taxes.map((t) => n(t.amount)))).toEqual([
      [250, 80],
      [56, 18],
      [56, 18],
      [81, 26],
      []
    ])
    expect(q.fees[0]?.taxes.map((t) => n(t.amount))).toEqual([10, 3])
    const t = q.totals
    expect([n(t.tax), n(t.feeTax), n(t.fees), n(t.total)]).toEqual([585, 13, 163, 8345])
  })
})

describe("quote: determinism", () => {
  it("gives the same quote for the same catalog, cart and context", () => {
    const cart = {
      lines: [
        { sku: "TICKET", quantity: 2 },
        { sku: "VIP-BUNDLE", quantity: 1 }
      ],
      codes: ["CREW"]
    }
    expect(run(launch, cart, during)).toEqual(run(decoded(launchCatalog), cart, during))
  })
})

describe("properties", () => {
  const priced = (g: Generated): Quote | undefined => {
    const c = decodeCatalog(g.catalog)
    if (!c.ok) throw c.error
    const cart = decodeCart(g.cart)
    const ctx = decodeQuoteContext(g.context)
    if (!cart.ok || !ctx.ok) throw new Error("generated input does not decode")
    const q = quote(c.value, cart.value, ctx.value)
    if (!q.ok) {
      // The only failure a generated cart may hit: more add-ons than its tickets allow.
      expect(q.error._tag).toBe("AddonWithoutTicket")
      return undefined
    }
    return q.value
  }
  const total = (xs: ReadonlyArray<{ amount: bigint }>) => xs.reduce((s, x) => s + x.amount, 0n)
  const runs = { numRuns: 300 }

  it("totals equal the sum of their parts to the minor unit", () => {
    // The properties skip carts refused with AddonWithoutTicket: make sure most carts are priced, so
    // that no property passes by skipping (about 90 % are, with a few empty carts).
    let pricedCarts = 0
    fc.assert(
      fc.property(catalogAndCart(), (g) => {
        const q = priced(g)
        if (q === undefined) return
        if (q.lines.length > 0) pricedCarts++
        const t = q.totals
        expect(t.subtotal.amount).toBe(total(q.lines.map((l) => l.subtotal)))
        expect(t.discount.amount).toBe(total(q.lines.map((l) => l.discount)))
        expect(t.discount.amount).toBe(total(q.discounts.map((d) => d.amount)))
        expect(t.net.amount).toBe(total(q.lines.map((l) => l.net)))
        expect(t.tax.amount).toBe(total(q.lines.map((l) => l.tax)))
        // Every rate's total is what is due: the lines' tax plus the tax inside taxed fees.
        expect(t.tax.amount + t.feeTax.amount).toBe(total(q.taxes.map((x) => x.amount)))
        expect(t.feeTax.amount).toBe(total(q.fees.map((f) => f.tax)))
        expect(t.gross.amount).toBe(t.net.amount + t.tax.amount)
        expect(t.gross.amount).toBe(total(q.lines.map((l) => l.gross)))
        expect(t.fees.amount).toBe(total(q.fees.filter((f) => !f.absorbed).map((f) => f.amount)))
        for (const f of q.fees) {
          expect(f.net.amount + f.tax.amount).toBe(f.amount.amount)
          expect(f.tax.amount).toBe(total(f.taxes.map((x) => x.amount)))
          if (f.taxClass === undefined) expect(f.tax.amount).toBe(0n)
        }
        expect(t.absorbedFees.amount).toBe(total(q.fees.filter((f) => f.absorbed).map((f) => f.amount)))
        expect(t.total.amount).toBe(t.gross.amount + t.fees.amount)
        expect(t.payout.amount).toBe(t.total.amount - t.paymentFees.amount)
        for (const l of q.lines) {
          expect(l.subtotal.amount - l.discount.amount).toBe(l.amount.amount)
          expect(l.net.amount + l.tax.amount).toBe(l.gross.amount)
          expect(l.discount.amount).toBe(total(l.discounts.map((d) => d.amount)))
          expect(l.tax.amount).toBe(total(l.taxes.map((x) => x.amount)))
          expect(l.segments.reduce((s, x) => s + x.quantity, 0)).toBe(l.quantity)
          expect(l.subtotal.amount).toBe(
            l.segments.reduce((s, x) => s + x.unitPrice.amount * BigInt(x.quantity), 0n)
          )
          expect(q.taxMode === "exclusive" ? l.net.amount : l.gross.amount).toBe(l.amount.amount)
        }
      }),
      runs
    )
    expect(pricedCarts).toBeGreaterThan(runs.numRuns / 2)
  })

  it("no line, part, discount, fee, tax or total is negative (payout may be: absorbed fees can exceed a small total)", () => {
    fc.assert(
      fc.property(catalogAndCart(), (g) => {
        const q = priced(g)
        if (q === undefined) return
        const all = [
          ...Object.entries(q.totals).flatMap(([k, m]) => (k === "payout" ? [] : [m])),
          ...q.lines.flatMap((l) => [
            l.subtotal,
            l.discount,
            l.amount,
            l.net,
            l.tax,
            l.gross,
            ...l.segments.map((s) => s.unitPrice),
            ...l.discounts.map((d) => d.amount),
            ...l.taxes.map((x) => x.amount),
            ...l.parts.flatMap((p) => [p.amount, p.net, p.tax, p.gross])
          ]),
          ...q.discounts.map((d) => d.amount),
          ...q.fees.flatMap((f) => [f.amount, f.net, f.tax, ...f.taxes.map((x) => x.amount)]),
          ...q.taxes.flatMap((x) => [x.base, x.amount])
        ]
        for (const m of all) expect(m.amount >= 0n).toBe(true)
      }),
      runs
    )
  })

  it("discounts never exceed what they apply to: line discount ≤ line subtotal, discount ≤ eligible subtotal", () => {
    fc.assert(
      fc.property(catalogAndCart(), (g) => {
        const q = priced(g)
        if (q === undefined) return
        for (const l of q.lines) expect(l.discount.amount <= l.subtotal.amount).toBe(true)
        for (const d of q.discounts) {
          const eligible = q.lines.filter((l) => l.discounts.some((x) => x.id === d.id))
          expect(d.amount.amount <= total(eligible.map((l) => l.subtotal))).toBe(true)
          expect(d.amount.amount).toBe(
            total(eligible.flatMap((l) => l.discounts.filter((x) => x.id === d.id).map((x) => x.amount)))
          )
        }
      }),
      runs
    )
  })

  it("bundle parts sum to the bundle line: Σ part amount = line amount, Σ part tax = line tax", () => {
    fc.assert(
      fc.property(catalogAndCart(), (g) => {
        const q = priced(g)
        if (q === undefined) return
        for (const l of q.lines) {
          if (l.kind !== "bundle") {
            expect(l.parts).toEqual([])
            continue
          }
          expect(total(l.parts.map((p) => p.amount))).toBe(l.amount.amount)
          expect(total(l.parts.map((p) => p.tax))).toBe(l.tax.amount)
          expect(total(l.parts.map((p) => p.net))).toBe(l.net.amount)
        }
      }),
      runs
    )
  })

  it("a quote is deterministic: same catalog, cart and context → deep-equal quote", () => {
    fc.assert(
      fc.property(catalogAndCart(), (g) => {
        const a = priced(g)
        const b = priced(structuredClone(g))
        expect(a).toEqual(b)
      }),
      { numRuns: 100 }
    )
  })

  it("inclusive and exclusive modes agree on the same gross: with line rounding, and a class of ≤ 1 rate (any rounding mode) or ≤ 2 rates (half-way modes), an inclusive line whose amount is an exclusive line's gross has the same net, tax per rate and gross", () => {
    // Exactly the guarantee stated in the README ("When inclusive and exclusive agree"). Each exclusive
    // line (any quantity) is matched by a one-unit inclusive line priced at its gross.
    const rate = fc
      .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 99 }))
      .map(([i, f]) => (i === 100 ? "100" : `${i}.${String(f).padStart(2, "0")}`))
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 10_000_000 })),
            fc.integer({ min: 1, max: 5 }),
            fc.nat()
          ),
          { minLength: 1, maxLength: 20 }
        ),
        fc.array(fc.array(rate, { maxLength: 2 }), { minLength: 1, maxLength: 3 }),
        fc.constantFrom("half-even", "half-up", "half-down", "down", "up", "floor", "ceil"),
        fc.constantFrom("EUR", "JPY", "KWD"),
        (items, rawClasses, roundingMode, currencyCode) => {
          const halfWay = roundingMode.startsWith("half")
          // Directed modes (down, up, floor, ceil) are only guaranteed with one rate per class.
          const rateLists = rawClasses.map((rates) => (halfWay ? rates : rates.slice(0, 1)))
          const classes = Object.fromEntries(
            rateLists.map((rates, c) => [
              `c${c}`,
              rates.map((r, j) => ({ id: `r${c}-${j}`, name: `Rate ${c}.${j}`, rate: r }))
            ])
          )
          const catalogOf = (mode: "inclusive" | "exclusive", prices: ReadonlyArray<bigint>) =>
            decoded({
              currency: currencyCode,
              products: items.map(([, , cls], i) => ({
                kind: "merch" as const,
                sku: `P${i}`,
                name: "p",
                price: (prices[i] as bigint).toString(),
                taxClass: `c${cls % rateLists.length}`
              })),
              tax: { mode, rounding: "line", roundingMode, classes }
            })
          const exclusive = quote(
            catalogOf(
              "exclusive",
              items.map(([price]) => BigInt(price))
            ),
            { lines: items.map(([, quantity], i) => ({ sku: `P${i}`, quantity })) },
            { now: NOW }
          )
          if (!exclusive.ok) throw exclusive.error
          const inclusive = quote(
            catalogOf(
              "inclusive",
              exclusive.value.lines.map((l) => l.gross.amount)
            ),
            { lines: items.map((_, i) => ({ sku: `P${i}`, quantity: 1 })) },
            { now: NOW }
          )
          if (!inclusive.ok) throw inclusive.error
          const view = (q: Quote) =>
            q.lines.map((l) => [l.net.amount, l.gross.amount, l.taxes.map((t) => [t.id, t.amount.amount])])
          expect(view(inclusive.value)).toEqual(view(exclusive.value))
          const totals = (q: Quote) => [q.totals.net.amount, q.totals.tax.amount, q.totals.gross.amount]
          expect(totals(inclusive.value)).toEqual(totals(exclusive.value))
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe("quote: where inclusive and exclusive stop agreeing (why the guarantee has its conditions)", () => {
  const oneProduct = (
    mode: "inclusive" | "exclusive",
    price: number,
    rates: ReadonlyArray<string>,
    roundingMode: "half-up" | "down"
  ) =>
    decoded({
      currency: "USD",
      products: [{ kind: "merch", sku: "X", name: "x", price, taxClass: "t" }],
      tax: {
        mode,
        rounding: "line",
        roundingMode,
        classes: { t: rates.map((rate, j) => ({ id: `r${j}`, name: `Rate ${j}`, rate })) }
      }
    })
  const taxes = (catalog: Catalog, quantity = 1) =>
    run(catalog, { lines: [{ sku: "X", quantity }] }, { now: NOW }).lines[0]?.taxes.map((t) => n(t.amount))

  it("three rates, half-up: the other rates' rounding moves a rate's inclusive base across a half", () => {
    // Exclusive 24 ¢: 24 × 6.25 % = 1.5 → 2; 24 × 2 % = 0.48 → 0; 24 × 0.5 % = 0.12 → 0; gross 26.
    expect(taxes(oneProduct("exclusive", 24, ["6.25", "2", "0.5"], "half-up"))).toEqual([2, 0, 0])
    // Inclusive 26 ¢: 26 × 6.25 / 108.75 = 1.494 → 1 (the 2 % and 0.5 % rates rounded down by 0.6 ¢).
    expect(taxes(oneProduct("inclusive", 26, ["6.25", "2", "0.5"], "half-up"))).toEqual([1, 0, 0])
  })

  it("two rates, rounding down: the inclusive base can fall below the next whole cent", () => {
    // Exclusive 11 ¢: 11 × 19 % = 2.09 → 2; 11 × 7 % = 0.77 → 0; gross 13. Inclusive 13 ¢: 13 × 19/126 = 1.96 → 1.
    expect(taxes(oneProduct("exclusive", 11, ["19", "7"], "down"))).toEqual([2, 0])
    expect(taxes(oneProduct("inclusive", 13, ["19", "7"], "down"))).toEqual([1, 0])
  })

  it("per-unit prices: 2 units at an inclusive unit price of gross(1 unit) are not gross(2 units)", () => {
    // Exclusive 2 × 2 ¢ at 19 %: 4 × 0.19 = 0.76 → 1, gross 5; one unit: 0.38 → 0, gross 2; 2 × 2 = 4 ≠ 5.
    expect(taxes(oneProduct("exclusive", 2, ["19"], "half-up"), 2)).toEqual([1])
    const inclusive = run(
      oneProduct("inclusive", 2, ["19"], "half-up"),
      { lines: [{ sku: "X", quantity: 2 }] },
      {
        now: NOW
      }
    )
    expect([n(inclusive.lines[0]?.gross), n(inclusive.lines[0]?.tax)]).toEqual([4, 1])
  })
})

describe("quote: catalogs built by hand", () => {
  it("returns InvalidInput (never throws) for a dangling tax class that decodeCatalog would have caught", () => {
    const broken = {
      ...launch,
      products: [{ ...launch.products[0], taxClass: "nope" }, ...launch.products.slice(1)]
    } as Catalog
    const q = quote(broken, { lines: [] }, { now: NOW })
    expect(!q.ok && q.error._tag === "InvalidInput" && q.error.issues).toEqual([
      { path: "products.0.taxClass", rule: 'unknown tax class "nope" (not in tax.classes)' }
    ])
  })

  it("returns InvalidInput for a fee with a dangling tax class", () => {
    const broken = {
      ...launch,
      fees: [{ kind: "per-order", id: "svc", name: "Service", amount: 100n, taxClass: "nope" }]
    } as Catalog
    const q = quote(broken, { lines: [] }, { now: NOW })
    expect(!q.ok && q.error._tag === "InvalidInput" && q.error.issues).toEqual([
      { path: "fees.0.taxClass", rule: 'unknown tax class "nope" (not in tax.classes)' }
    ])
  })
})
