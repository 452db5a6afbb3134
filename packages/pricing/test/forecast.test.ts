import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { decodePlan, type EventPlan, forecast, InvalidArgument, xoshiro128ss } from "../src/index.ts"
import { launchPlan } from "./fixtures/launchPlan.ts"

const decoded = (input: unknown): EventPlan => {
  const r = decodePlan(input)
  if (!r.ok) throw r.error
  return r.value
}
const n = (m: { amount: bigint }) => Number(m.amount)
const plan = decoded(launchPlan)

describe("forecast: the playbook's launch", () => {
  const f = forecast(plan, { runs: 10_000, seed: "launch-2026" })

  it("computes the base case by hand", () => {
    // Attendance 0.8 → 80 tickets: 20 × €10 + 60 × €14 = €1,040. VIP 80 × 0.4 = 32 × €34 = €1,088.
    // Cassettes 80 × 0.2 = 16 × €10 = €160. Remote 60 × €6.70 = €402. Club 10 × €4.20 = €42.
    const b = f.base
    expect([b.tickets, b.vip, b.drop, b.remote, b.subscribers]).toEqual([80, 32, 16, 60, 10])
    expect(
      [b.revenue.tickets, b.revenue.vip, b.revenue.drop, b.revenue.remote, b.revenue.subscriptions].map(n)
    ).toEqual([104000, 108800, 16000, 40200, 4200])
    expect(n(b.revenue.total)).toBe(273200)
    // Fixed 400 + 200 + 80 = €680; VIP cost 32 × €12 = €384; cassettes 16 × €3 = €48;
    // payment 1.4 % × 2 732 = 38.248 → €38.25, + 150 orders × €0.25 = €37.50 → €75.75.
    expect([b.costs.fixed, b.costs.vip, b.costs.drop, b.costs.payment, b.costs.total].map(n)).toEqual([
      68000, 38400, 4800, 7575, 118775
    ])
    expect(n(b.margin)).toBe(154425)
  })

  it("finds the break-even attendance by hand: 14 tickets", () => {
    // 13 tickets: revenue 13 000 + 5 VIP × 3 400 + 3 cassettes × 1 000 + 40 200 + 4 200 = 77 400;
    //   costs 68 000 + 6 000 + 900 + (1 083.6 → 1 084 + 83 orders × 25) = 78 059 → margin −659.
    // 14 tickets: revenue 14 000 + 6 × 3 400 + 3 × 1 000 + 44 400 = 81 800;
    //   costs 68 000 + 7 200 + 900 + (1 145.2 → 1 145 + 84 × 25) = 79 345 → margin +2 455.
    expect(f.breakEven).toEqual({ tickets: 14, attendance: 0.14 })
  })

  it("spreads revenue, costs and margin over the uncertain inputs: p10 ≤ p50 ≤ p90", () => {
    for (const s of [f.revenue, f.costs, f.margin]) {
      expect(s.p10.amount <= s.p50.amount && s.p50.amount <= s.p90.amount).toBe(true)
      expect(s.p10.amount < s.p90.amount).toBe(true)
    }
    expect(f.tickets.p10).toBeGreaterThanOrEqual(50)
    expect(f.tickets.p90).toBeLessThanOrEqual(100)
    // The median of triangular(0.5, 0.8, 1) is 1 − √(0.5 × 0.5 × 0.2) = 0.776: about 78 tickets.
    expect(Math.abs(f.tickets.p50 - 78)).toBeLessThanOrEqual(2)
    expect(f.probabilityOfLoss).toBe(0)
    expect(f.runs).toBe(10_000)
    expect(f.currency).toBe("EUR")
  })

  it("ranks inputs by how much they move the margin, and computes a row by hand", () => {
    expect(f.sensitivity.map((r) => r.input)).toEqual([
      "attendance",
      "vip.attach",
      "remote.buyers",
      "costs.Staff",
      "drop.attach",
      "subscriptions.subscribers"
    ])
    // Attendance ~ triangular(0.5, 0.8, 1): p10 = 0.5 + √(0.1 × 0.5 × 0.3) = 0.6225, p90 = 1 − √(0.1 × 0.5 × 0.2) = 0.9.
    expect(f.sensitivity[0]?.low).toBeCloseTo(0.62247, 4)
    expect(f.sensitivity[0]?.high).toBeCloseTo(0.9, 10)
    for (let i = 1; i < f.sensitivity.length; i++)
      expect((f.sensitivity[i - 1]?.swing.amount ?? 0n) >= (f.sensitivity[i]?.swing.amount ?? 0n)).toBe(true)
    // Staff ~ triangular(15 000, 20 000, 30 000): p10 = 15 000 + √(0.1 × 15 000 × 5 000) = 17 738.6,
    // p90 = 30 000 − √(0.1 × 15 000 × 10 000) = 26 127.0 → costs 17 739 and 26 127: swing 8 388.
    const staff = f.sensitivity.find((r) => r.input === "costs.Staff")
    expect(staff?.low).toBeCloseTo(17738.61, 2)
    expect(staff?.high).toBeCloseTo(26127.02, 2)
    expect(
      staff === undefined ? undefined : [n(staff.swing), n(staff.marginAtLow) - n(staff.marginAtHigh)]
    ).toEqual([8388, 8388])
  })

  it("gives the same forecast for the same seed, and a different spread for another seed", () => {
    expect(forecast(plan, { runs: 2000, seed: 7 })).toEqual(forecast(plan, { runs: 2000, seed: 7 }))
    expect(forecast(plan, { runs: 2000, seed: 7 }).margin).not.toEqual(
      forecast(plan, { runs: 2000, seed: 8 }).margin
    )
    const random = xoshiro128ss(7)
    expect(forecast(plan, { runs: 2000, random })).toEqual(forecast(plan, { runs: 2000, seed: 7 }))
  })

  it("runs 10,000 simulations quickly (the benchmark measures it; this only guards against regressions)", () => {
    const start = performance.now()
    forecast(plan, { runs: 10_000, seed: 1 })
    expect(performance.now() - start).toBeLessThan(1000)
  })

  it("throws InvalidArgument for a run count out of range", () => {
    expect(() => forecast(plan, { runs: 0 })).toThrow(InvalidArgument)
    expect(() => forecast(plan, { runs: 1.5 })).toThrow(
      /options.runs": must be an integer from 1 to 1,000,000, got 1.5/
    )
  })
})

describe("forecast: Monte Carlo behaves like the distributions", () => {
  // Tickets are the only revenue (€10 each, 0-100 sold uniformly); costs are €500 fixed: break-even is
  // 50 tickets, so about half the runs lose money.
  const simple = decoded({
    currency: "EUR",
    capacity: 100,
    tiers: [{ name: "GA", price: 1000, quantity: 100 }],
    attendance: { kind: "uniform", min: 0, max: 1 },
    costs: { fixed: [{ name: "Venue", amount: 50000 }] }
  })

  it("loses money in about half of the runs when break-even sits at the median", () => {
    const f = forecast(simple, { runs: 20_000, seed: 3 })
    expect(f.breakEven).toEqual({ tickets: 50, attendance: 0.5 })
    expect(Math.abs(f.probabilityOfLoss - 0.495)).toBeLessThan(0.02)
    expect(Math.abs(n(f.margin.p50))).toBeLessThanOrEqual(2000)
    expect(Math.abs(n(f.revenue.p10) - 10000)).toBeLessThanOrEqual(2000)
    expect(Math.abs(n(f.revenue.p90) - 90000)).toBeLessThanOrEqual(2000)
  })

  it("collapses to the base case when every input is fixed", () => {
    const fixed = decoded({
      ...launchPlan,
      attendance: 0.8,
      vip: { ...launchPlan.vip, attach: 0.4 },
      drop: { ...launchPlan.drop, attach: 0.2 },
      remote: { ...launchPlan.remote, buyers: 60 },
      subscriptions: { ...launchPlan.subscriptions, subscribers: 10 },
      costs: { ...launchPlan.costs, fixed: [{ name: "Venue", amount: 68000 }] }
    })
    const f = forecast(fixed, { runs: 100 })
    expect([n(f.margin.p10), n(f.margin.p50), n(f.margin.p90), n(f.margin.mean)]).toEqual([
      154425, 154425, 154425, 154425
    ])
    expect(f.sensitivity).toEqual([])
  })

  it("reports no break-even when even a sell-out loses money", () => {
    const f = forecast(decoded({ ...simple, costs: { fixed: [{ name: "Venue", amount: 200000 }] } }), {
      runs: 10
    })
    expect(f.breakEven).toBeUndefined()
    expect(f.probabilityOfLoss).toBe(1)
  })

  describe("properties", () => {
    it("same seed → same forecast, percentiles are ordered (p10 ≤ p50 ≤ p90) and tickets stay in the attendance range", () => {
      fc.assert(
        fc.property(
          fc.integer(),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          (seed, a, b) => {
            const p = decoded({
              ...launchPlan,
              attendance: { kind: "uniform", min: Math.min(a, b), max: Math.max(a, b) }
            })
            const x = forecast(p, { runs: 200, seed })
            expect(forecast(p, { runs: 200, seed })).toEqual(x)
            for (const s of [x.revenue, x.costs, x.margin])
              expect(s.p10.amount <= s.p50.amount && s.p50.amount <= s.p90.amount).toBe(true)
            // Tickets are round(attendance × capacity) with attendance uniform in [min, max].
            const lo = Math.round(Math.min(a, b) * p.capacity)
            const hi = Math.round(Math.max(a, b) * p.capacity)
            expect([
              x.tickets.p10 >= lo,
              x.tickets.p10 <= x.tickets.p50,
              x.tickets.p50 <= x.tickets.p90
            ]).toEqual([true, true, true])
            expect(x.tickets.p90).toBeLessThanOrEqual(hi)
          }
        ),
        { numRuns: 50 }
      )
    })
  })
})

describe("decodePlan", () => {
  it("names the field and the rule of every problem", () => {
    const r = decodePlan({
      ...launchPlan,
      capacity: -5,
      tiers: [],
      attendance: { kind: "triangular", min: 0.5, mode: 0.2, max: 1 },
      costs: { fixed: [{ name: "Venue", amount: "lots" }], payment: { percent: "x", fixed: 25 } }
    })
    expect(!r.ok && r.error.issues.map((i) => `${i.path}: ${i.rule}`)).toEqual([
      "capacity: must be an integer from 0 to 1,000,000",
      "tiers.0: is required",
      "attendance.mode: must satisfy min ≤ mode ≤ max",
      "costs.fixed.0.amount: must be a number, or an object whose kind must be one of fixed, uniform, triangular, normal (with that kind's fields)",
      'costs.payment.percent: must be a decimal percentage such as "19" or "7.25"'
    ])
  })
})
