import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { allocate, allocateAmounts, InvalidArgument, money } from "../src/index.ts"

const amounts = (xs: ReadonlyArray<{ amount: bigint }>) => xs.map((x) => x.amount)

describe("allocate", () => {
  it("splits evenly when it can", () => {
    expect(amounts(allocate(money(100, "EUR"), [1, 1, 2]))).toEqual([25n, 25n, 50n])
  })

  it("regression: the remainder goes to the largest fractional share, not always to the first part", () => {
    // 100 × 1/3 = 33.33…, 100 × 2/3 = 66.66…: the cent left goes to the second part.
    expect(amounts(allocate(money(100, "EUR"), [1, 2]))).toEqual([33n, 67n])
    // 1 × 1/4 = 0.25, 1 × 3/4 = 0.75: the single cent goes to the 3/4 part.
    expect(amounts(allocate(money(1, "EUR"), [1, 3]))).toEqual([0n, 1n])
    // 5 × 7/10 = 3.5 and three shares of 0.5: equal remainders, so the larger ratio (7) wins first.
    expect(amounts(allocate(money(5, "EUR"), [1, 1, 1, 7]))).toEqual([1n, 0n, 0n, 4n])
  })

  it("breaks ties in the remainder by larger ratio, then by earlier part", () => {
    expect(amounts(allocate(money(10, "EUR"), [1, 1, 1]))).toEqual([4n, 3n, 3n])
    // 3 × 1/2 = 1.5 and 3 × 1/2 = 1.5 → the earlier part wins the tie.
    expect(amounts(allocate(money(3, "EUR"), [1, 1]))).toEqual([2n, 1n])
    // 2 × 1/4 = 0.5, 2 × 1/4 = 0.5, 2 × 2/4 = 1: one cent left, tied between the first two.
    expect(amounts(allocate(money(2, "EUR"), [1, 1, 2]))).toEqual([1n, 0n, 1n])
  })

  it("gives zero to zero ratios and splits negative amounts symmetrically", () => {
    expect(amounts(allocate(money(7, "EUR"), [0, 1, 0, 1]))).toEqual([0n, 4n, 0n, 3n])
    expect(amounts(allocate(money(-100, "EUR"), [1, 2]))).toEqual([-33n, -67n])
  })

  it("regression: allocates 10^18 minor units instantly and exactly (no overflow, no loop per unit)", () => {
    const whole = 10n ** 18n
    const start = performance.now()
    const parts = allocateAmounts(whole, [1, 2, 3, 10n ** 18n, 7])
    expect(performance.now() - start).toBeLessThan(50)
    expect(parts.reduce((a, b) => a + b, 0n)).toBe(whole)
    expect(allocateAmounts(whole, [1, 1, 1])).toEqual([
      333333333333333334n,
      333333333333333333n,
      333333333333333333n
    ])
    expect(allocateAmounts(10n ** 30n, [3, 7]).reduce((a, b) => a + b, 0n)).toBe(10n ** 30n)
  })

  it("throws InvalidArgument for empty, negative, fractional or all-zero ratios", () => {
    expect(() => allocate(money(1, "EUR"), [])).toThrow(InvalidArgument)
    expect(() => allocate(money(1, "EUR"), [1, -1])).toThrow(/negative/)
    expect(() => allocate(money(1, "EUR"), [0.25, 0.75])).toThrow(/scale decimal ratios/)
    expect(() => allocate(money(1, "EUR"), [0, 0])).toThrow(/must not all be zero/)
  })

  describe("properties", () => {
    const ratios = fc
      .array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 12 })
      .filter((rs) => rs.some((r) => r > 0n))
    const whole = fc.bigInt({ min: -(10n ** 19n), max: 10n ** 19n })

    it("parts sum to the whole: Σ parts = amount", () => {
      fc.assert(
        fc.property(whole, ratios, (a, rs) => {
          expect(allocateAmounts(a, rs).reduce((x, y) => x + y, 0n)).toBe(a)
        })
      )
    })

    it("each part is within one minor unit of its exact share: |part·Σr − a·r| < Σr", () => {
      fc.assert(
        fc.property(whole, ratios, (a, rs) => {
          const total = rs.reduce((x, y) => x + y, 0n)
          allocateAmounts(a, rs).forEach((p, i) => {
            const d = p * total - a * (rs[i] as bigint)
            expect((d < 0n ? -d : d) < total).toBe(true)
          })
        })
      )
    })

    it("no part of a non-negative amount is negative, and zero ratios get zero", () => {
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max: 10n ** 19n }), ratios, (a, rs) => {
          allocateAmounts(a, rs).forEach((p, i) => {
            expect(p >= 0n).toBe(true)
            if (rs[i] === 0n) expect(p).toBe(0n)
          })
        })
      )
    })

    it("a larger ratio never gets a smaller part: r_i > r_j ⇒ part_i ≥ part_j", () => {
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max: 10n ** 19n }), ratios, (a, rs) => {
          const parts = allocateAmounts(a, rs)
          for (let i = 0; i < rs.length; i++)
            for (let j = 0; j < rs.length; j++)
              if ((rs[i] as bigint) > (rs[j] as bigint))
                expect((parts[i] as bigint) >= (parts[j] as bigint)).toBe(true)
        })
      )
    })
  })
})
