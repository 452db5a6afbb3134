import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { makeLatencyWindow } from "../src/LatencyWindow.ts"

describe("makeLatencyWindow", () => {
  it("answers 0 when empty", () => {
    expect(makeLatencyWindow(8).percentile(0.99)).toBe(0)
  })

  it("keeps only the most recent samples", () => {
    const w = makeLatencyWindow(4)
    for (const ms of [100, 1, 2, 3, 4]) w.record(ms)
    expect(w.size()).toBe(4)
    expect(w.percentile(1)).toBe(4)
    expect(w.percentile(0.5)).toBe(2)
  })

  describe("properties", () => {
    it("the p-th percentile is the nearest-rank sample: sorted[ceil(p·n) − 1]", () => {
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 200 }),
          fc.double({ min: 0.01, max: 1, noNaN: true }),
          (samples, p) => {
            const w = makeLatencyWindow(256)
            for (const s of samples) w.record(s)
            const sorted = [...samples].sort((a, b) => a - b)
            expect(w.percentile(p)).toBe(sorted[Math.ceil(p * samples.length) - 1])
          }
        )
      )
    })

    it("percentiles are monotone: p ≤ q ⇒ percentile(p) ≤ percentile(q)", () => {
      fc.assert(
        fc.property(
          fc.array(fc.nat(10_000), { minLength: 1, maxLength: 100 }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          (xs, a, b) => {
            const w = makeLatencyWindow(64)
            for (const x of xs) w.record(x)
            const [p, q] = a <= b ? [a, b] : [b, a]
            expect(w.percentile(p)).toBeLessThanOrEqual(w.percentile(q))
          }
        )
      )
    })
  })
})
