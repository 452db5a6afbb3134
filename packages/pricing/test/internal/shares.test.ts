import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { shares } from "../../src/internal/shares.ts"

/** The rule written plainly in bigints: floor shares, then the largest remainders, larger weight, earlier part. */
const reference = (amount: bigint, weights: ReadonlyArray<bigint>): bigint[] => {
  const total = weights.reduce((a, b) => a + b, 0n)
  const parts = weights.map((w) => (amount * w) / total)
  let left = amount - parts.reduce((a, b) => a + b, 0n)
  const order = weights
    .map((w, i) => ({ i, w, r: (amount * w) % total }))
    .sort((a, b) => (a.r !== b.r ? (a.r > b.r ? -1 : 1) : a.w !== b.w ? (a.w > b.w ? -1 : 1) : a.i - b.i))
  for (const o of order) {
    if (left === 0n) break
    parts[o.i] = (parts[o.i] as bigint) + 1n
    left--
  }
  return parts
}

describe("shares", () => {
  it("gives the spare unit to the largest remainder, then the larger weight", () => {
    expect(shares(100n, [1n, 2n])).toEqual([33n, 67n])
    expect(shares(5n, [1n, 1n, 1n, 7n])).toEqual([1n, 0n, 0n, 4n])
  })

  it("regression: splits 10^18 exactly on the bigint side of the guard", () => {
    expect(shares(10n ** 18n, [1n, 1n, 1n])).toEqual([
      333333333333333334n,
      333333333333333333n,
      333333333333333333n
    ])
  })

  it("agrees with the plain rule on both sides of the 2^53 guard", () => {
    const total = 3n
    const edge = BigInt(Number.MAX_SAFE_INTEGER) / total - 1n
    for (const amount of [edge - 1n, edge, edge + 1n, edge + 2n])
      expect(shares(amount, [1n, 1n, 1n])).toEqual(reference(amount, [1n, 1n, 1n]))
  })
})

describe("properties", () => {
  it("shares(a, w) equals the plain bigint rule and sums to a, for small and huge amounts", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 6n }), fc.bigInt({ min: 0n, max: 10n ** 19n })),
        fc.array(fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 10n ** 12n })), {
          minLength: 1,
          maxLength: 25
        }),
        (amount, raw) => {
          const weights = raw.some((w) => w > 0n) ? raw : [...raw.slice(1), 1n]
          const parts = shares(amount, weights)
          expect(parts).toEqual(reference(amount, weights))
          expect(parts.reduce((a, b) => a + b, 0n)).toBe(amount)
        }
      ),
      { numRuns: 1000 }
    )
  })
})
