import { describe, expect, it } from "vitest"
import {
  CurrencyMismatch,
  compareForecast,
  decodeCart,
  decodeCatalog,
  decodePlan,
  forecast,
  money,
  type OrderLike,
  quote
} from "../src/index.ts"
import { launchCatalog } from "./fixtures/launch.ts"
import { launchPlan } from "./fixtures/launchPlan.ts"

const plan = (() => {
  const r = decodePlan(launchPlan)
  if (!r.ok) throw r.error
  return r.value
})()
const f = forecast(plan, { runs: 1000, seed: 1 })
const order = (sku: string, quantity: number, net: number): OrderLike => ({
  lines: [{ sku, quantity, net: money(net, "EUR") }]
})

describe("compareForecast", () => {
  it("shows the variance per line against the base case, by hand", () => {
    const orders = [
      order("TICKET", 90, 118000),
      order("VIP-BUNDLE", 30, 102000),
      order("REMOTE", 45, 30150),
      order("ZINE", 5, 3740)
    ]
    const report = compareForecast(plan, f, orders)
    const rows = report.rows.map((r) => [
      r.line,
      r.forecastUnits,
      r.actualUnits,
      r.unitsVariance,
      Number(r.forecastRevenue.amount),
      Number(r.actualRevenue.amount),
      Number(r.revenueVariance.amount),
      r.revenueVariancePercent
    ])
    expect(rows).toEqual([
      // 14 000 / 104 000 = 13.46 %
      ["tickets", 80, 90, 10, 104000, 118000, 14000, 13.46],
      ["vip", 32, 30, -2, 108800, 102000, -6800, -6.25],
      ["drop", 16, 0, -16, 16000, 0, -16000, -100],
      ["remote", 60, 45, -15, 40200, 30150, -10050, -25],
      ["subscriptions", 10, 0, -10, 4200, 0, -4200, -100],
      // Sold but not in the plan: no forecast to compare with.
      ["other", 0, 5, 5, 0, 3740, 3740, undefined]
    ])
    // 253 890 − 273 200 = −19 310 → −7.068 % → −7.07 %.
    expect([
      Number(report.total.forecastRevenue.amount),
      Number(report.total.actualRevenue.amount),
      Number(report.total.revenueVariance.amount),
      report.total.revenueVariancePercent
    ]).toEqual([273200, 253890, -19310, -7.07])
  })

  it("reads quotes as orders: their lines' net revenue counts", () => {
    const catalog = decodeCatalog(launchCatalog)
    const cart = decodeCart({
      lines: [
        { sku: "TICKET", quantity: 2 },
        { sku: "REMOTE", quantity: 1 }
      ]
    })
    if (!catalog.ok || !cart.ok) throw new Error("fixture does not decode")
    const q = quote(catalog.value, cart.value, { now: "2026-03-05T12:00:00Z", sold: { TICKET: 30 } })
    if (!q.ok) throw q.error
    const report = compareForecast(plan, f, [q.value])
    const tickets = report.rows.find((r) => r.line === "tickets")
    // 2 × €12.00 early bird, VAT 7 % inside: 2 400 × 7/107 = 157.01 → 157, net 2 243.
    expect([tickets?.actualUnits, Number(tickets?.actualRevenue.amount)]).toEqual([2, 2243])
  })

  it("refuses orders in another currency (CurrencyMismatch)", () => {
    expect(() =>
      compareForecast(plan, f, [{ lines: [{ sku: "TICKET", quantity: 1, net: money(100, "USD") }] }])
    ).toThrow(CurrencyMismatch)
  })
})
