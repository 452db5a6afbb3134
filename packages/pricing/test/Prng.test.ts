import { describe, expect, it } from "vitest"
import { xoshiro128ss } from "../src/index.ts"

describe("xoshiro128ss", () => {
  it("is reproducible: the same seed gives the same stream, pinned here as a regression", () => {
    const a = xoshiro128ss(42)
    const first = [a(), a(), a()]
    const b = xoshiro128ss(42)
    expect([b(), b(), b()]).toEqual(first)
    // Computed independently with a Python transcription of the reference xoshiro128** and splitmix32.
    expect(first).toEqual([0.6606157226487994, 0.12688010395504534, 0.11170196393504739])
  })

  it("accepts string seeds and gives unrelated streams for nearby seeds", () => {
    expect(xoshiro128ss("launch")()).toBe(xoshiro128ss("launch")())
    expect(xoshiro128ss(1)()).not.toBe(xoshiro128ss(2)())
  })

  it("is uniform on [0, 1): 100,000 draws fill 10 buckets evenly (χ² < 27.9, p = 0.001 with 9 degrees of freedom)", () => {
    const r = xoshiro128ss(12345)
    const buckets = new Array<number>(10).fill(0)
    const draws = 100_000
    for (let i = 0; i < draws; i++) {
      const u = r()
      expect(u >= 0 && u < 1).toBe(true)
      const k = Math.floor(u * 10)
      buckets[k] = (buckets[k] ?? 0) + 1
    }
    const expected = draws / 10
    const chi2 = buckets.reduce((s, k) => s + (k - expected) ** 2 / expected, 0)
    expect(chi2).toBeLessThan(27.9)
  })
})
