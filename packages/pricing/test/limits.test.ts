// Messages state the real rule (issue 11, point 10): a count field's message names the bounds the
// decoder enforces, because both come from the same constants.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  decodeCart,
  decodeCatalog,
  decodePlan,
  decodeQuoteContext,
  forecast,
  type InputIssue
} from "../src/index.ts"
import { launchCatalog } from "./fixtures/launch.ts"
import { launchPlan } from "./fixtures/launchPlan.ts"

type Decode = (n: number) => { readonly ok: boolean; readonly issues: ReadonlyArray<InputIssue> }
const of = (r: { ok: true } | { ok: false; error: { issues: ReadonlyArray<InputIssue> } }) => ({
  ok: r.ok,
  issues: r.ok ? [] : r.error.issues
})

/** Every bounded count a person can type, with the path its issue names. */
const fields: ReadonlyArray<readonly [string, string, Decode]> = [
  ["plan capacity", "capacity", (n) => of(decodePlan({ ...launchPlan, capacity: n }))],
  [
    "plan tier quantity",
    "tiers.0.quantity",
    (n) => of(decodePlan({ ...launchPlan, tiers: [{ name: "GA", price: 1000, quantity: n }] }))
  ],
  ["cart quantity", "lines.0.quantity", (n) => of(decodeCart({ lines: [{ sku: "TICKET", quantity: n }] }))],
  [
    "units sold",
    "sold.TICKET",
    (n) => of(decodeQuoteContext({ now: "2026-03-05T12:00:00Z", sold: { TICKET: n } }))
  ],
  [
    "product capacity",
    "products.0.capacity",
    (n) =>
      of(
        decodeCatalog({
          ...launchCatalog,
          products: [{ ...launchCatalog.products[0], capacity: n }, ...launchCatalog.products.slice(1)]
        })
      )
  ]
]

/** The bounds a rule states, e.g. "must be an integer from 0 to 1,000,000" → [0, 1000000]. */
const stated = (rule: string): readonly [number, number] => {
  const m = /from ([\d,]+) to ([\d,]+)/.exec(rule)
  if (m === null) throw new Error(`no bounds in "${rule}"`)
  return [Number(m[1]?.replaceAll(",", "")), Number(m[2]?.replaceAll(",", ""))]
}

describe("count limits in messages", () => {
  it('the plan capacity message says 1,000,000 (not "from 0 to 10^9")', () => {
    const r = decodePlan({ ...launchPlan, capacity: 2_000_000 })
    expect(!r.ok && r.error.issues).toEqual([
      { path: "capacity", rule: "must be an integer from 0 to 1,000,000" }
    ])
  })

  it("forecast's runs message states its limit", () => {
    const plan = decodePlan(launchPlan)
    if (!plan.ok) throw plan.error
    expect(() => forecast(plan.value, { runs: 1_000_001 })).toThrow(/from 1 to 1,000,000, got 1000001/)
  })

  it("every count field accepts exactly the integers its own message states (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fields),
        fc.oneof(
          fc.integer({ min: -2, max: 2 }),
          fc.integer({ min: 999_998, max: 1_000_002 }),
          fc.integer({ min: 999_999_998, max: 1_000_000_002 }),
          fc.integer()
        ),
        ([, path, decode], n) => {
          // The rule, read from a value surely out of range.
          const rule = decode(-1).issues.find((i) => i.path === path)?.rule ?? ""
          const [min, max] = stated(rule)
          const r = decode(n)
          const refused = r.issues.some((i) => i.path === path)
          expect(refused).toBe(n < min || n > max)
          if (refused) expect(r.issues.find((i) => i.path === path)?.rule).toBe(rule)
        }
      )
    )
  })
})
