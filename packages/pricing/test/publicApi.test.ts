// Every public function, given undefined, null or a value of the wrong type in any argument, answers
// with a tagged error (thrown for program arguments, returned in a Result for input) — never a raw
// TypeError or RangeError (issue 11, point 9).
import { describe, expect, it } from "vitest"
import * as pricing from "../src/index.ts"
import { launchCatalog } from "./fixtures/launch.ts"
import { launchPlan } from "./fixtures/launchPlan.ts"

const { currency, decodeCatalog, decodePlan, forecast, money, percent, xoshiro128ss } = pricing

const catalog = decodeCatalog(launchCatalog)
const plan = decodePlan(launchPlan)
if (!catalog.ok) throw catalog.error
if (!plan.ok) throw plan.error
const eur = currency("EUR")
const m = money(1250, "EUR")
const result = forecast(plan.value, { runs: 100 })
const fixed = { kind: "fixed" as const, value: 1 }

/** Valid arguments for every public function: each position is then replaced by each junk value. */
const valid: Record<string, ReadonlyArray<unknown>> = {
  add: [m, m],
  addRatios: [[percent("1")]],
  allocate: [m, [1, 2]],
  allocateAmounts: [100n, [1, 2]],
  compare: [m, m],
  compareForecast: [plan.value, result, []],
  currencies: [{ allowNonMoney: false }],
  currency: ["EUR", { allowNonMoney: false }],
  decimal: ["1.5"],
  decodeCart: [{ lines: [] }],
  decodeCatalog: [launchCatalog],
  decodePlan: [launchPlan],
  decodeQuoteContext: [{ now: "2026-03-05T12:00:00Z" }],
  divide: [5n, 2n, "half-even"],
  equals: [m, m],
  findCurrency: ["EUR", { allowNonMoney: false }],
  forecast: [plan.value, { runs: 100, seed: 1 }],
  formatMoney: [m, "de-DE", {}],
  money: [1250, "EUR"],
  mostLikely: [fixed],
  multiply: [m, 2n, "half-even"],
  negate: [m],
  parseMoney: ["12,50 €", "EUR", { locale: "de-DE" }],
  percent: ["19"],
  quantile: [fixed, 0.5],
  quote: [catalog.value, { lines: [{ sku: "TICKET", quantity: 1 }] }, { now: "2026-03-05T12:00:00Z" }],
  ratio: [1n, 3n],
  sample: [fixed, xoshiro128ss(1)],
  subtract: [m, m],
  sum: [eur, [m]],
  toDecimal: [m],
  xoshiro128ss: [1],
  zero: [eur]
}

const junk: ReadonlyArray<readonly [string, unknown]> = [
  ["undefined", undefined],
  ["null", null],
  ["42", 42],
  ["NaN", Number.NaN],
  ["-1.5", -1.5],
  ['"x"', "x"],
  ['""', ""],
  ["{}", {}],
  ["[]", []],
  ["true", true],
  ["-1n", -1n],
  ["a function", () => 1],
  ["a symbol", Symbol("junk")],
  ["a Date", new Date(0)],
  ["a money with exponent -1", { amount: 1n, currency: { code: "EUR", exponent: -1 } }],
  ["a money with exponent 1.5", { amount: 1n, currency: { code: "EUR", exponent: 1.5 } }],
  ["a money with amount 1 (a number)", { amount: 1, currency: eur }]
]

const TAGS = new Set([
  "InvalidArgument",
  "UnknownCurrency",
  "InvalidInput",
  "CurrencyMismatch",
  "InvalidAmount"
])

/** Calls `f`; a throw must be a tagged error, and a returned Result's error must be one too. */
const outcome = (f: () => unknown): string => {
  let value: unknown
  try {
    value = f()
  } catch (e) {
    const tag = (e as { _tag?: unknown })._tag
    return typeof tag === "string" && TAGS.has(tag) && e instanceof Error
      ? `throws ${tag}`
      : `raw ${String(e)}`
  }
  if (typeof value === "object" && value !== null && "ok" in value && value.ok === false) {
    const tag = (value as unknown as { error: { _tag?: unknown } }).error._tag
    return typeof tag === "string" && TAGS.has(tag) ? `returns ${tag}` : "returns an untagged error"
  }
  return "returns"
}

describe("the public API answers wrong arguments with tagged errors", () => {
  it("the table names every function the package exports", () => {
    const functions = Object.entries(pricing)
      .filter(([name, v]) => typeof v === "function" && !/^[A-Z]/.test(name))
      .map(([name]) => name)
      .sort()
    expect(functions).toEqual(Object.keys(valid).sort())
  })

  for (const [name, args] of Object.entries(valid)) {
    const f = (pricing as unknown as Record<string, (...a: unknown[]) => unknown>)[name] as (
      ...a: unknown[]
    ) => unknown
    it(`${name}(${args.length} arguments): valid arguments work, and junk in any position is a tagged error`, () => {
      expect(outcome(() => f(...args))).toMatch(/^returns$/)
      const raw: string[] = []
      for (let i = 0; i < Math.max(1, args.length); i++)
        for (const [label, value] of junk) {
          const call = [...args]
          call[i] = value
          const o = outcome(() => f(...call))
          if (o.startsWith("raw") || o.includes("untagged")) raw.push(`argument ${i} = ${label}: ${o}`)
        }
      expect(raw).toEqual([])
    })
  }

  it("currency(42) and parseMoney('12', 'EUR') give tagged answers, not TypeErrors", () => {
    expect(() => currency(42 as never)).toThrow(pricing.InvalidArgument)
    expect(() => currency(42 as never)).toThrow(
      /"code": must be a three-letter ISO 4217 code, got 42 \(a number\)/
    )
    const r = pricing.parseMoney("12", "EUR")
    expect(r.ok && r.value).toEqual({ amount: 1200n, currency: eur })
  })
})
