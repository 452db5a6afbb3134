import { describe, expect, it } from "vitest"
import { group } from "../src/index.ts"

describe("group", () => {
  it("splits into groups of four by default", () => {
    expect(group("ABCDEFGHJ")).toBe("ABCD-EFGH-J")
  })

  it("takes a group size and a separator", () => {
    expect(group("ABCDEFGHJ", 3, " ")).toBe("ABC DEF GHJ")
  })

  it("leaves short codes and size 0 whole", () => {
    expect(group("ABCD")).toBe("ABCD")
    expect(group("ABCDEFGHJ", 0)).toBe("ABCDEFGHJ")
  })

  it("throws InvalidCodeOptions for a negative or fractional size", () => {
    expect(() => group("ABCD", -1)).toThrowError(
      expect.objectContaining({ _tag: "InvalidCodeOptions", option: "groupSize" })
    )
    expect(() => group("ABCD", 1.5)).toThrowError(/groupSize/)
  })
})
