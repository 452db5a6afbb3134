import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type Distribution, mostLikely, quantile, sample, xoshiro128ss } from "../src/index.ts"

describe("Distribution", () => {
  it("computes quantiles by hand", () => {
    expect(quantile({ kind: "fixed", value: 3 }, 0.1)).toBe(3)
    expect(quantile({ kind: "uniform", min: 0, max: 10 }, 0.9)).toBe(9)
    // Triangular(0, 5, 10) is symmetric: p10 = √(0.1 × 10 × 5) = 2.236.
    expect(quantile({ kind: "triangular", min: 0, mode: 5, max: 10 }, 0.1)).toBeCloseTo(2.2360679, 6)
    expect(quantile({ kind: "normal", mean: 100, sd: 10 }, 0.9)).toBeCloseTo(112.8155, 3)
    expect(quantile({ kind: "normal", mean: 100, sd: 10, max: 105 }, 0.9)).toBe(105)
  })

  it("takes the mode of a triangular and the mean of the others as the base case", () => {
    expect(mostLikely({ kind: "triangular", min: 0.4, mode: 0.8, max: 1 })).toBe(0.8)
    expect(mostLikely({ kind: "uniform", min: 1, max: 3 })).toBe(2)
    expect(mostLikely({ kind: "normal", mean: -5, sd: 1, min: 0 })).toBe(0)
  })

  it("samples with the right mean (10,000 draws)", () => {
    const random = xoshiro128ss(9)
    const mean = (d: Distribution) => {
      let s = 0
      for (let i = 0; i < 10_000; i++) s += sample(d, random)
      return s / 10_000
    }
    expect(mean({ kind: "uniform", min: 0, max: 1 })).toBeCloseTo(0.5, 1)
    expect(mean({ kind: "triangular", min: 0, mode: 3, max: 9 })).toBeCloseTo(4, 0)
    expect(mean({ kind: "normal", mean: 60, sd: 20 })).toBeCloseTo(60, 0)
  })

  describe("properties", () => {
    it("samples stay inside [min, max] of uniform, triangular and clamped normal distributions", () => {
      fc.assert(
        fc.property(
          fc.double({ min: -1e6, max: 1e6, noNaN: true }),
          fc.double({ min: 0, max: 1e6, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.integer(),
          (min, width, at, seed) => {
            const max = min + width
            const mode = min + width * at
            const random = xoshiro128ss(seed)
            for (const d of [
              { kind: "uniform", min, max },
              { kind: "triangular", min, mode, max },
              { kind: "normal", mean: mode, sd: width, min, max }
            ] as const) {
              const v = sample(d, random)
              expect(v >= min - 1e-9 && v <= max + 1e-9).toBe(true)
            }
          }
        )
      )
    })
  })
})
