// @microdrop/pricing: quote() and forecast() beside naive float implementations in the same run.
// Baselines: the same cart priced with JS numbers in major units (Math.round(x * 100) / 100 at each
// step, the way money is often first written), and the same Monte Carlo model computed in floats.
// The float quote is fast but wrong: before timing, both price 1,000 random 20-line carts and the
// disagreements are printed (and listed in the package README).

import os from "node:os"
import {
  type Cart,
  type Catalog,
  decodeCart,
  decodeCatalog,
  decodePlan,
  type EventPlan,
  forecast,
  formatMoney,
  money,
  type QuoteContext,
  quote,
  xoshiro128ss
} from "@microdrop/pricing"
import { runSuite, writeResults } from "./lib/suite.ts"

// ---------------------------------------------------------------------------------------------------
// A 20-line cart with 3 price rules, 2 discounts, fees and 2 tax rates (German VAT 7 % and 19 %).
const prices = [
  1499, 2999, 735, 305, 1250, 999, 4500, 1875, 615, 2210, 349, 1005, 2795, 865, 1190, 3333, 450, 2025, 5995,
  1299
]
const skus = prices.map((_, i) => `SKU-${i}`)
const catalogInput = {
  currency: "EUR",
  products: prices.map((price, i) => ({
    kind: i === 0 ? "ticket" : i % 5 === 1 ? "pass" : "merch",
    sku: skus[i],
    name: `Product ${i}`,
    price,
    taxClass: i % 3 === 0 ? "reduced" : "standard",
    capacity: 10_000,
    sale: { from: "2026-03-01T10:00:00Z", until: "2026-03-20T19:00:00Z" }
  })),
  priceRules: [
    { kind: "early-bird", id: "early", skus: [skus[0], skus[1]], until: "2026-03-10T00:00:00Z", price: 1199 },
    { kind: "first-n", id: "first-50", sku: skus[2], tiers: [{ upTo: 50, price: 599 }] },
    { kind: "member", id: "member", skus: [skus[3], skus[4]], price: 275 }
  ],
  discounts: [
    { kind: "percent", id: "launch", name: "Launch 10 %", percent: "10", stackable: true },
    { kind: "fixed", id: "save5", name: "€5 off", amount: 500, code: "SAVE5" }
  ],
  fees: [
    { kind: "per-item", id: "booking", name: "Booking", amount: 50 },
    { kind: "per-order", id: "service", name: "Service", amount: 100 },
    { kind: "payment", id: "card", name: "Card", percent: "1.4", fixed: 25 }
  ],
  tax: {
    mode: "inclusive",
    rounding: "line",
    classes: {
      reduced: [{ id: "vat7", name: "VAT 7 %", rate: "7" }],
      standard: [{ id: "vat19", name: "VAT 19 %", rate: "19" }]
    }
  }
}
const decodedCatalog = decodeCatalog(catalogInput)
if (!decodedCatalog.ok) throw decodedCatalog.error
const catalog: Catalog = decodedCatalog.value
const context: QuoteContext = { now: "2026-03-05T12:00:00Z", sold: { [skus[2] as string]: 40 }, member: true }

const cartOf = (quantities: ReadonlyArray<number>, code: boolean): Cart => {
  const r = decodeCart({
    lines: skus.map((sku, i) => ({ sku, quantity: quantities[i] })),
    codes: code ? ["SAVE5"] : []
  })
  if (!r.ok) throw r.error
  return r.value
}

// The naive float version of the same rules.
const naiveQuote = (cart: Cart, ctx: QuoteContext) => {
  // Half-even to the cent, as the exact version rounds, but on binary floats (ties are rarely exact).
  const r2 = (x: number) => {
    const c = x * 100
    const f = Math.floor(c)
    const d = c - f
    return (d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f) / 100
  }
  const now = Date.parse(ctx.now)
  const lines = cart.lines.map((l) => {
    const i = skus.indexOf(l.sku)
    let unit = (prices[i] as number) / 100
    if ((i === 0 || i === 1) && now < Date.parse("2026-03-10T00:00:00Z")) unit = Math.min(unit, 11.99)
    if ((i === 3 || i === 4) && ctx.member === true) unit = Math.min(unit, 2.75)
    let line = 0
    for (let k = 0; k < l.quantity; k++) {
      const sold = (ctx.sold?.[l.sku] ?? 0) + k
      line += i === 2 && sold < 50 ? Math.min(unit, 5.99) : unit
    }
    return { i, quantity: l.quantity, line }
  })
  let discount = 0
  const after = lines.map((l) => {
    const d = r2(l.line * 0.1)
    discount += d
    return l.line - d
  })
  if ((cart.codes ?? []).includes("SAVE5")) {
    const base = after.reduce((s, x) => s + x, 0)
    for (let k = 0; k < after.length; k++) {
      const share = r2((5 * (after[k] as number)) / base)
      after[k] = (after[k] as number) - share
      discount += share
    }
  }
  let tax = 0
  let gross = 0
  after.forEach((amount, k) => {
    const rate = (lines[k]?.i ?? 0) % 3 === 0 ? 0.07 : 0.19
    tax += r2((amount * rate) / (1 + rate))
    gross += amount
  })
  const units = lines.reduce((s, l) => s + l.quantity, 0)
  const fees = units * 0.5 + 1
  const card = r2((gross + fees) * 0.014) + 0.25
  const total = gross + fees + card
  return { discount, tax, gross, fees: fees + card, total, net: gross - tax }
}

// --- Where the float version goes wrong ---------------------------------------------------------------
const random = xoshiro128ss("pricing-bench")
const carts = Array.from({ length: 1000 }, () =>
  cartOf(
    skus.map(() => 1 + Math.floor(random() * 12)),
    random() < 0.5
  )
)
const cents = (x: number) => Math.round(x * 100)
let wrongTotal = 0
let wrongTax = 0
let wrongDiscount = 0
let unbalanced = 0
let worst = 0
let example = ""
for (const cart of carts) {
  const exact = quote(catalog, cart, context)
  if (!exact.ok) throw exact.error
  const t = exact.value.totals
  const naive = naiveQuote(cart, context)
  const dTotal = cents(naive.total) - Number(t.total.amount)
  if (dTotal !== 0) wrongTotal++
  if (cents(naive.tax) !== Number(t.tax.amount)) wrongTax++
  if (cents(naive.discount) !== Number(t.discount.amount)) wrongDiscount++
  // Sum of parts in floats: net + tax + fees should be the total, to the cent and exactly.
  if (naive.net + naive.tax + naive.fees !== naive.total) unbalanced++
  const d = Math.abs(cents(naive.tax) - Number(t.tax.amount))
  if (d > worst) {
    worst = d
    example = `tax: float ${naive.tax.toFixed(10)} vs exact ${t.tax.amount} cents`
  }
}
console.log(
  `\nfloat baseline on 1,000 random 20-line carts: total wrong on ${wrongTotal}, tax wrong on ${wrongTax}, ` +
    `discount wrong on ${wrongDiscount}, net + tax + fees ≠ total (as floats) on ${unbalanced}; ` +
    `largest tax error ${worst} cent(s) (${example})`
)
// Large amounts: 7.25 % of 39,497,092,608,221.86 € as floats vs exact.
const big = 3949709260822186
console.log(
  `float 7.25 % of ${big} cents: ${Math.round((big * 725) / 10000)} (exact 286353921409608); ` +
    `0.1 + 0.2 = ${0.1 + 0.2}; Math.round(1.005 * 100) / 100 = ${Math.round(1.005 * 100) / 100} (1.01 expected)`
)

// --- Forecast ------------------------------------------------------------------------------------
const planResult = decodePlan({
  currency: "EUR",
  capacity: 100,
  tiers: [
    { name: "First 20", price: 1000, quantity: 20 },
    { name: "General", price: 1400, quantity: 80 }
  ],
  attendance: { kind: "triangular", min: 0.5, mode: 0.8, max: 1 },
  vip: {
    price: 3400,
    stock: 50,
    unitCost: 1200,
    attach: { kind: "triangular", min: 0.2, mode: 0.4, max: 0.6 }
  },
  drop: { price: 1000, stock: 200, unitCost: 300, attach: { kind: "uniform", min: 0.1, max: 0.3 } },
  remote: { price: 670, buyers: { kind: "normal", mean: 60, sd: 20, min: 0 } },
  subscriptions: { price: 420, subscribers: { kind: "triangular", min: 0, mode: 10, max: 25 } },
  costs: {
    fixed: [
      { name: "Venue", amount: 40000 },
      { name: "Staff", amount: { kind: "triangular", min: 15000, mode: 20000, max: 30000 } },
      { name: "Streaming kit", amount: 8000 }
    ],
    payment: { percent: "1.4", fixed: 25 }
  }
})
if (!planResult.ok) throw planResult.error
const plan: EventPlan = planResult.value

/** The same model in floats with Math.random: no seed, no exact money, no sensitivity or break-even. */
const naiveForecast = (runs: number) => {
  const tri = (min: number, mode: number, max: number) => {
    const u = Math.random()
    const f = (mode - min) / (max - min)
    return u < f
      ? min + Math.sqrt(u * (max - min) * (mode - min))
      : max - Math.sqrt((1 - u) * (max - min) * (max - mode))
  }
  const margins = new Float64Array(runs)
  for (let r = 0; r < runs; r++) {
    const tickets = Math.round(tri(0.5, 0.8, 1) * 100)
    const ticketRevenue = Math.min(tickets, 20) * 10 + Math.max(0, tickets - 20) * 14
    const vip = Math.min(50, Math.round(tickets * tri(0.2, 0.4, 0.6)))
    const drop = Math.min(200, Math.round(tickets * (0.1 + 0.2 * Math.random())))
    const z = Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random())
    const remote = Math.max(0, Math.round(60 + 20 * z))
    const subs = Math.round(tri(0, 10, 25))
    const revenue = ticketRevenue + vip * 34 + drop * 10 + remote * 6.7 + subs * 4.2
    const costs =
      400 + tri(150, 200, 300) + 80 + vip * 12 + drop * 3 + revenue * 0.014 + (tickets + remote + subs) * 0.25
    margins[r] = revenue - costs
  }
  margins.sort()
  return margins[Math.floor(runs / 2)]
}

const cart = carts[0] as Cart
let sink = 0
// formatMoney beside building an Intl.NumberFormat per call (what it did before it kept them).
const amounts = Array.from({ length: 100 }, (_, i) => money(1999 + i * 37, i % 2 === 0 ? "EUR" : "JPY"))

const rows = await runSuite("pricing", [
  {
    name: "Intl.NumberFormat built per call, 100 amounts",
    batch: 100,
    fn: () => {
      for (const m of amounts) {
        const e = m.currency.exponent
        sink += new Intl.NumberFormat("de-DE", {
          style: "currency",
          currency: m.currency.code,
          minimumFractionDigits: e,
          maximumFractionDigits: e
        }).format(Number(m.amount) / 10 ** e).length
      }
    }
  },
  {
    name: "formatMoney, 100 amounts (EUR and JPY, de-DE)",
    batch: 100,
    baseline: "Intl.NumberFormat built per call, 100 amounts",
    fn: () => {
      for (const m of amounts) sink += formatMoney(m, "de-DE").length
    }
  },
  {
    name: "naive float quote, 20-line cart",
    batch: 100,
    fn: () => {
      for (let i = 0; i < 100; i++) sink += naiveQuote(cart, context).total
    }
  },
  {
    name: "quote, 20-line cart (3 rules, 2 discounts, 3 fees, 2 tax rates)",
    batch: 100,
    baseline: "naive float quote, 20-line cart",
    fn: () => {
      for (let i = 0; i < 100; i++) {
        const q = quote(catalog, cart, context)
        if (q.ok) sink += q.value.lines.length
      }
    }
  },
  {
    name: "naive float forecast (Math.random), runs",
    batch: 10_000,
    fn: () => {
      sink += naiveForecast(10_000) ?? 0
    }
  },
  {
    name: "forecast 10,000 runs (seeded, bigint, + break-even + sensitivity), runs",
    batch: 10_000,
    baseline: "naive float forecast (Math.random), runs",
    fn: () => {
      sink += forecast(plan, { runs: 10_000, seed: 1 }).runs
    }
  }
])
// --- CPU time per quote ---------------------------------------------------------------------------
// The machine is shared, so wall-clock ops/s fall when other jobs run. CPU time counts only this
// process: process.threadCpuUsage is the main thread (the one core running the quotes, GC work done on
// it included) and process.cpuUsage adds V8's helper threads (parallel and concurrent GC), so it errs
// on the high side. Quotes per main-thread CPU-second is the throughput of one core. Median of 7 rounds
// of a fixed number of calls.
const cpuMicros = (count: number, fn: () => void): { main: number; process: number } => {
  for (let i = 0; i < count; i++) fn()
  const main: number[] = []
  const all: number[] = []
  for (let k = 0; k < 7; k++) {
    const thread0 = process.threadCpuUsage()
    const process0 = process.cpuUsage()
    for (let i = 0; i < count; i++) fn()
    const t = process.threadCpuUsage(thread0)
    const p = process.cpuUsage(process0)
    main.push((t.user + t.system) / count)
    all.push((p.user + p.system) / count)
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[3] as number
  return { main: median(main), process: median(all) }
}
const QUOTES = 50_000
const naiveCpu = cpuMicros(QUOTES, () => {
  sink += naiveQuote(cart, context).total
})
const quoteCpu = cpuMicros(QUOTES, () => {
  const r = quote(catalog, cart, context)
  if (r.ok) sink += r.value.lines.length
})
const cpuName = (what: string, cpu: { main: number; process: number }) =>
  `${what}, per main-thread CPU-second (${cpu.main.toFixed(2)} µs CPU each; ${cpu.process.toFixed(2)} µs with GC threads)`
const cpuRows = [
  { name: cpuName("naive float quote, 20-line cart", naiveCpu), opsPerSec: Math.round(1e6 / naiveCpu.main) },
  {
    name: cpuName("quote, 20-line cart", quoteCpu),
    opsPerSec: Math.round(1e6 / quoteCpu.main),
    baseline: cpuName("naive float quote, 20-line cart", naiveCpu),
    ratio: Number((naiveCpu.main / quoteCpu.main).toFixed(3))
  }
]
writeResults("pricing", [...rows, ...cpuRows])

const f = rows.find((r) => r.name.startsWith("forecast 10,000"))
const q = rows.find((r) => r.name.startsWith("quote,"))
if (f !== undefined && q !== undefined)
  console.log(
    `quote: ${q.opsPerSec.toLocaleString("en-US")} quotes/s wall clock; ` +
      `${Math.round(1e6 / quoteCpu.main).toLocaleString("en-US")} per main-thread CPU-second ` +
      `(${quoteCpu.main.toFixed(2)} µs each, ${quoteCpu.process.toFixed(2)} µs with GC threads; ` +
      `target ≥ 100,000 on one core); load average ${os.loadavg()[0]?.toFixed(1)}; ` +
      `forecast: ${((10_000 / f.opsPerSec) * 1000).toFixed(1)} ms per 10,000 runs (target < 100 ms)`
  )
if (sink === 42) console.log("")
