import { Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { MAX_UNITS } from "../../src/Drop.ts"
import { HoldAction, HoldRequest } from "../../src/Hold.ts"
import { isValidHoldAction, isValidHoldRequest } from "../../src/internal/validRequest.ts"

const isHoldRequest = Schema.is(HoldRequest)
const isHoldAction = Schema.is(HoldAction)

const valid = {
  dropId: "drop-1",
  customerId: "ann",
  lines: [{ sku: "TAPE", quantity: 2 }],
  idempotencyKey: "k-1"
}

describe("isValidHoldRequest", () => {
  it("accepts a valid request, with or without passes and with extra fields", () => {
    expect(isValidHoldRequest(valid)).toBe(true)
    expect(isValidHoldRequest({ ...valid, passes: ["vip"] })).toBe(true)
    expect(isValidHoldRequest({ ...valid, note: "gift" })).toBe(true)
    expect(isValidHoldRequest({ ...valid, lines: [{ sku: "TAPE", quantity: MAX_UNITS }] })).toBe(true)
  })

  it("rejects each broken rule", () => {
    for (const bad of [
      null,
      "hold",
      { ...valid, lines: [] },
      { ...valid, lines: [{ sku: "TAPE", quantity: -1 }] },
      { ...valid, lines: [{ sku: "TAPE", quantity: 0 }] },
      { ...valid, lines: [{ sku: "TAPE", quantity: 1.5 }] },
      { ...valid, lines: [{ sku: "TAPE", quantity: Number.NaN }] },
      { ...valid, lines: [{ sku: "TAPE", quantity: MAX_UNITS + 1 }] },
      { ...valid, lines: [{ sku: "TAPE", quantity: "1" }] },
      { ...valid, lines: [{ sku: "TA PE", quantity: 1 }] },
      { ...valid, lines: [{ sku: "", quantity: 1 }] },
      { ...valid, customerId: "" },
      { ...valid, customerId: "ann smith" },
      { ...valid, customerId: "x".repeat(129) },
      { ...valid, dropId: 7 },
      { ...valid, idempotencyKey: undefined },
      { ...valid, passes: undefined },
      { ...valid, passes: ["v i p"] },
      { ...valid, passes: "vip" }
    ]) {
      expect(isValidHoldRequest(bad)).toBe(false)
      expect(isHoldRequest(bad)).toBe(false)
    }
  })
})

describe("isValidHoldAction", () => {
  it("accepts a valid action and rejects each broken rule", () => {
    const action = { dropId: "drop-1", holdId: "H1", idempotencyKey: "k-2" }
    expect(isValidHoldAction(action)).toBe(true)
    for (const bad of [
      undefined,
      { ...action, holdId: "" },
      { ...action, dropId: "a b" },
      { ...action, idempotencyKey: 3 }
    ])
      expect(isValidHoldAction(bad)).toBe(false)
  })
})

describe("properties", () => {
  // near-valid values, so both answers are common
  const id = fc.oneof(
    fc.constantFrom("ann", "k-1", "", "a b", "x".repeat(129), "é"),
    fc.string({ maxLength: 4 })
  )
  const quantity = fc.oneof(
    fc.integer({ min: -2, max: 3 }),
    fc.constantFrom(0.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_UNITS, MAX_UNITS + 1, -0),
    fc.constant("1")
  )
  const sku = fc.oneof(fc.constantFrom("TAPE", "ZINE-1", "", "TA PE", "Ü"), fc.string({ maxLength: 3 }))
  const line = fc.oneof(fc.record({ sku, quantity }), fc.constant(null), fc.record({ sku }))
  const request = fc.record(
    {
      dropId: id,
      customerId: id,
      lines: fc.oneof(fc.array(line, { maxLength: 3 }), fc.constant("TAPE")),
      passes: fc.oneof(fc.array(id, { maxLength: 2 }), fc.constant(undefined)),
      idempotencyKey: id
    },
    { requiredKeys: [] }
  )

  it("a request the guard accepts, the schema accepts (guard ⇒ HoldRequest)", () => {
    fc.assert(
      fc.property(request, (r) => !isValidHoldRequest(r) || isHoldRequest(r)),
      { numRuns: 2000, seed: 7 }
    )
  })

  it("the guard accepts every request the schema accepts built from valid parts (HoldRequest ⇒ guard)", () => {
    fc.assert(
      fc.property(request, (r) => !isHoldRequest(r) || isValidHoldRequest(r)),
      { numRuns: 2000, seed: 7 }
    )
  })

  it("an action the guard accepts, the schema accepts, and back (guard ⇔ HoldAction)", () => {
    const action = fc.record({ dropId: id, holdId: id, idempotencyKey: id }, { requiredKeys: [] })
    fc.assert(
      fc.property(action, (a) => isValidHoldAction(a) === isHoldAction(a)),
      { numRuns: 2000, seed: 7 }
    )
  })
})
