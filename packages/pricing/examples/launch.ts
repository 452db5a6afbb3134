// Prices the playbook's launch: "50 VIP headphone bundles and 100 base tickets with clear drop windows".
// Run it after `pnpm build`: node examples/launch.ts (Node ≥ 22.18 runs TypeScript directly).
import { decodeCatalog, decodePlan, forecast, formatMoney, quote } from "@microdrop/pricing"

const catalog = decodeCatalog({
  currency: "EUR",
  products: [
    {
      kind: "ticket",
      sku: "TICKET",
      name: "Base ticket",
      price: 1500,
      taxClass: "reduced",
      capacity: 100,
      sale: { from: "2026-03-01T10:00:00Z", until: "2026-03-20T19:00:00Z" }
    },
    { kind: "addon", sku: "HEADPHONES", name: "VIP headphone session", price: 2500, taxClass: "standard" },
    { kind: "merch", sku: "CASSETTE", name: "Cassette", price: 1200, taxClass: "standard" },
    { kind: "merch", sku: "ZINE", name: "Zine", price: 800, taxClass: "reduced" },
    {
      kind: "bundle",
      sku: "VIP-BUNDLE",
      name: "VIP headphone bundle",
      price: 4000,
      taxClass: "standard",
      capacity: 50,
      components: [
        { sku: "HEADPHONES", quantity: 1 },
        { sku: "CASSETTE", quantity: 1 },
        { sku: "ZINE", quantity: 1 }
      ]
    },
    { kind: "pass", sku: "REMOTE", name: "Remote pass", price: 800, taxClass: "standard" }
  ],
  priceRules: [
    { kind: "first-n", id: "first-20", sku: "TICKET", tiers: [{ upTo: 20, price: 1000 }] },
    { kind: "early-bird", id: "early", skus: ["TICKET"], until: "2026-03-10T00:00:00Z", price: 1200 }
  ],
  discounts: [
    { kind: "percent", id: "crew", name: "Crew 10 %", percent: "10", code: "CREW", stackable: true }
  ],
  fees: [
    { kind: "per-item", id: "booking", name: "Booking fee", amount: 50, skus: ["TICKET"] },
    { kind: "payment", id: "card", name: "Card processing", percent: "1.4", fixed: 25, absorbed: true }
  ],
  tax: {
    mode: "inclusive",
    rounding: "line",
    classes: {
      reduced: [{ id: "vat7", name: "USt 7 %", rate: "7" }],
      standard: [{ id: "vat19", name: "USt 19 %", rate: "19" }]
    }
  }
})
if (!catalog.ok) throw catalog.error

const cart = {
  lines: [
    { sku: "TICKET", quantity: 2 },
    { sku: "VIP-BUNDLE", quantity: 2 },
    { sku: "REMOTE", quantity: 1 }
  ],
  codes: ["crew"]
}
const q = quote(catalog.value, cart, { now: "2026-03-05T12:00:00Z", sold: { TICKET: 18 } })
if (!q.ok) throw q.error
const eur = (m: Parameters<typeof formatMoney>[0]) => formatMoney(m, "de-DE").replace(/\s/g, " ")
for (const l of q.value.lines) console.log(`${l.quantity} × ${l.name}: ${eur(l.gross)} (VAT ${eur(l.tax)})`)
for (const t of q.value.taxes) console.log(`${t.name}: ${eur(t.amount)}`)
const t = q.value.totals
console.log(
  `discount ${eur(t.discount)}, fees ${eur(t.fees)}, total ${eur(t.total)}, payout ${eur(t.payout)}`
)

const plan = decodePlan({
  currency: "EUR",
  capacity: 100,
  tiers: [
    { name: "First 20", sku: "TICKET", price: 1000, quantity: 20 },
    { name: "General", price: 1400, quantity: 80 }
  ],
  attendance: { kind: "triangular", min: 0.5, mode: 0.8, max: 1 },
  vip: {
    sku: "VIP-BUNDLE",
    price: 3400,
    stock: 50,
    unitCost: 1200,
    attach: { kind: "triangular", min: 0.2, mode: 0.4, max: 0.6 }
  },
  remote: { sku: "REMOTE", price: 670, buyers: { kind: "normal", mean: 60, sd: 20, min: 0 } },
  costs: {
    fixed: [
      { name: "Venue", amount: 40000 },
      { name: "Staff", amount: { kind: "triangular", min: 15000, mode: 20000, max: 30000 } }
    ],
    payment: { percent: "1.4", fixed: 25 }
  }
})
if (!plan.ok) throw plan.error
const f = forecast(plan.value, { runs: 10_000, seed: "launch-2026" })
console.log(`margin p10 ${eur(f.margin.p10)}, p50 ${eur(f.margin.p50)}, p90 ${eur(f.margin.p90)}`)
console.log(`break-even at ${f.breakEven?.tickets} tickets; biggest lever: ${f.sensitivity[0]?.input}`)
