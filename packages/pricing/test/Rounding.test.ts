import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { divide, InvalidArgument, type RoundingMode } from "../src/index.ts"

describe("divide", () => {
  const table: ReadonlyArray<[bigint, bigint, RoundingMode, bigint]> = [
    [5n, 2n, "half-even", 2n],
    [7n, 2n, "half-even", 4n],
    [-5n, 2n, "half-even", -2n],
    [-7n, 2n, "half-even", -4n],
    [5n, 2n, "half-up", 3n],
    [-5n, 2n, "half-up", -3n],
    [5n, 2n, "half-down", 2n],
    [-5n, 2n, "half-down", -2n],
    [7n, 3n, "down", 2n],
    [-7n, 3n, "down", -2n],
    [7n, 3n, "up", 3n],
    [-7n, 3n, "up", -3n],
    [-7n, 3n, "floor", -3n],
    [7n, 3n, "floor", 2n],
    [-7n, 3n, "ceil", -2n],
    [7n, 3n, "ceil", 3n],
    [8n, 3n, "half-even", 3n],
    [6n, 3n, "up", 2n],
    [7n, -2n, "half-even", -4n]
  ]
  for (const [n, d, mode, expected] of table) {
    it(`rounds ${n}/${d} ${mode} to ${expected}`, () => expect(divide(n, d, mode)).toBe(expected))
  }

  it("throws InvalidArgument on a zero denominator", () => {
    expect(() => divide(1n, 0n)).toThrow(InvalidArgument)
  })

  describe("properties", () => {
    const modes: RoundingMode[] = ["half-even", "half-up", "half-down", "down", "up", "floor", "ceil"]
    it("the result is within one unit of the exact quotient: |q·d − n| < |d|", () => {
      fc.assert(
        fc.property(
          fc.bigInt(),
          fc.bigInt().filter((d) => d !== 0n),
          fc.constantFrom(...modes),
          (n, d, mode) => {
            const q = divide(n, d, mode)
            const diff = q * d - n
            expect((diff < 0n ? -diff : diff) < (d < 0n ? -d : d)).toBe(true)
          }
        )
      )
    })
    it("half modes are within half a unit: |2(q·d − n)| ≤ |d|", () => {
      fc.assert(
        fc.property(
          fc.bigInt(),
          fc.bigInt({ min: 1n }),
          fc.constantFrom("half-even", "half-up", "half-down"),
          (n, d, mode) => {
            const diff = 2n * (divide(n, d, mode as RoundingMode) * d - n)
            expect((diff < 0n ? -diff : diff) <= d).toBe(true)
          }
        )
      )
    })
    it("floor ≤ n/d ≤ ceil and down/up bracket toward and away from zero", () => {
      fc.assert(
        fc.property(fc.bigInt(), fc.bigInt({ min: 1n }), (n, d) => {
          expect(divide(n, d, "floor") * d <= n).toBe(true)
          expect(divide(n, d, "ceil") * d >= n).toBe(true)
          const down = divide(n, d, "down")
          expect(down < 0n ? -down : down).toBe(divide(n < 0n ? -n : n, d, "floor"))
        })
      )
    })
  })
})
