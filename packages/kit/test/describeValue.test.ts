// How a bad value reads in an error message: short, kind first, never the whole object.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { describeValue } from "../src/index.ts"

describe("describeValue", () => {
  it("names each kind of value", () => {
    expect(
      [
        null,
        undefined,
        Number.NaN,
        -0,
        true,
        5n,
        "2026-05-01",
        new Date(Date.UTC(2026, 4, 1, 18)),
        new Date(Number.NaN),
        [1],
        { a: 1 },
        () => 1,
        Symbol("s")
      ].map(describeValue)
    ).toEqual([
      "null",
      "undefined",
      "NaN",
      "0",
      "true",
      "the bigint 5n",
      'the string "2026-05-01"',
      "a Date (2026-05-01T18:00:00.000Z)",
      "a Date (invalid)",
      "an array",
      "an object",
      "a function",
      "a symbol"
    ])
  })

  it("never echoes more than 40 characters of a string, nor any of an object", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 41, maxLength: 500 }), (s) => {
        const text = describeValue(s)
        expect(text.startsWith("the string ")).toBe(true)
        expect(JSON.parse(text.slice("the string ".length))).toBe(`${s.slice(0, 40)}…`)
      })
    )
    fc.assert(
      fc.property(fc.object(), (o) => {
        expect(describeValue(o)).toBe("an object")
      })
    )
  })
})
