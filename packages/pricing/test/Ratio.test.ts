import { describe, expect, it } from "vitest"
import { addRatios, decimal, InvalidArgument, percent, ratio } from "../src/index.ts"

describe("Ratio", () => {
  it("reads decimal text and numbers exactly", () => {
    expect(decimal("0.0725")).toEqual({ numerator: 725n, denominator: 10000n })
    expect(decimal(7.25)).toEqual({ numerator: 725n, denominator: 100n })
    expect(decimal("-1.5")).toEqual({ numerator: -15n, denominator: 10n })
    expect(decimal(1e-7)).toEqual({ numerator: 1n, denominator: 10000000n })
    expect(decimal(1.5e21)).toEqual({ numerator: 1500000000000000000000n, denominator: 1n })
  })

  it("makes percentages exact: 0.1 % is 1/1000, not a binary float", () => {
    expect(percent("19")).toEqual({ numerator: 19n, denominator: 100n })
    expect(percent(0.1)).toEqual({ numerator: 1n, denominator: 1000n })
  })

  it("adds rates exactly (US state + local sales tax)", () => {
    const r = addRatios([percent("6.25"), percent("2.5")])
    expect(r.numerator * 10000n).toBe(875n * r.denominator)
  })

  it("rejects text that is not a decimal number and zero denominators", () => {
    expect(() => decimal("7,25")).toThrow(InvalidArgument)
    expect(() => decimal("1/3")).toThrow(/not a decimal number/)
    expect(() => decimal(Number.NaN)).toThrow(InvalidArgument)
    expect(() => ratio(1n, 0n)).toThrow(InvalidArgument)
    expect(ratio(1n, -3n)).toEqual({ numerator: -1n, denominator: 3n })
  })
})
