import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { applyFraction, fraction } from "../../src/internal/fraction.ts"
import { divide, type RoundingMode } from "../../src/Rounding.ts"

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)
const modes: ReadonlyArray<RoundingMode> = [
  "half-even",
  "half-up",
  "half-down",
  "down",
  "up",
  "floor",
  "ceil"
]

describe("applyFraction", () => {
  it("rounds 19 % VAT inside 1 800 cents (1 800 × 19/119 = 287.39…) like divide", () => {
    expect(applyFraction(1800n, fraction(19n, 119n), "half-even")).toBe(287n)
    expect(applyFraction(1800n, fraction(19n, 119n), "up")).toBe(288n)
  })

  it("regression: stays exact past 2^53 (7.25 % of 3 949 709 260 822 186 cents, where doubles are a cent off)", () => {
    const f = fraction(725n, 10000n)
    expect(f.limit < 3949709260822186n).toBe(true)
    expect(applyFraction(3949709260822186n, f, "half-even")).toBe(286353921409608n)
    expect(applyFraction(10n ** 18n, f, "half-even")).toBe(72500000000000000n)
  })

  it("uses bigints on both sides of the guard: the largest amount the double path takes, and the next", () => {
    const f = fraction(3n, 7n)
    for (const amount of [f.limit - 1n, f.limit, f.limit + 1n])
      for (const mode of modes) expect(applyFraction(amount, f, mode)).toBe(divide(amount * 3n, 7n, mode))
    expect((f.limit + 1n) * 3n + 7n > MAX_SAFE).toBe(true)
  })

  it("falls back to bigints for a denominator past 2^53", () => {
    const f = fraction(1n, 2n ** 60n)
    expect(f.limit).toBe(-1n)
    expect(applyFraction(3n * 2n ** 59n, f, "half-even")).toBe(2n)
  })
})

describe("properties", () => {
  it("applyFraction(a, n/d, mode) = divide(a × n, d, mode) for every amount, fraction and mode", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 7n }), fc.bigInt({ min: 0n, max: 10n ** 20n })),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.oneof(fc.bigInt({ min: 1n, max: 10n ** 6n }), fc.bigInt({ min: 1n, max: 10n ** 17n })),
        fc.constantFrom(...modes),
        (amount, num, den, mode) => {
          expect(applyFraction(amount, fraction(num, den), mode)).toBe(divide(amount * num, den, mode))
        }
      ),
      { numRuns: 2000 }
    )
  })

  it("agrees with divide at the edge of the guard: amounts limit − k … limit + k", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        fc.bigInt({ min: -50n, max: 50n }),
        fc.constantFrom(...modes),
        (num, den, k, mode) => {
          const f = fraction(num, den)
          const amount = f.limit + k < 0n ? 0n : f.limit + k
          expect(applyFraction(amount, f, mode)).toBe(divide(amount * num, den, mode))
        }
      ),
      { numRuns: 1000 }
    )
  })
})
