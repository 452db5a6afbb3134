import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { formatIssues, inputIssues } from "../src/inputIssues.ts"

const Line = Schema.Struct({ sku: Schema.String, quantity: Schema.Int.check(Schema.isGreaterThan(0)) })
const Cart = Schema.Struct({ currency: Schema.String, lines: Schema.Array(Line) })
const decode = (u: unknown) => {
  const r = Schema.decodeUnknownResult(Cart)(u, { errors: "all", onExcessProperty: "error" })
  if (Result.isSuccess(r)) throw new Error("expected a failure")
  return inputIssues(r.failure)
}

describe("inputIssues", () => {
  it("names each field by its dotted path and the rule in words", () => {
    const issues = decode({ lines: [{ sku: "TAPE", quantity: -1 }] })
    expect(issues).toContainEqual({ path: "currency", rule: "is required" })
    expect(issues.find((i) => i.path === "lines.0.quantity")?.rule).toMatch(/greater than 0/)
  })

  it("says an unknown key is not a known field", () => {
    expect(decode({ currency: "EUR", lines: [], worker: 2 })).toEqual([
      { path: "worker", rule: "is not a known field (check its spelling)" }
    ])
  })

  it("formats issues as one line", () => {
    expect(
      formatIssues([
        { path: "a.b", rule: "is required" },
        { path: "", rule: "must be an object" }
      ])
    ).toBe("a.b: is required; must be an object")
  })
})
