import { Effect, Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Drop, decodeDrop, HoldRequest, OutOfStock, WindowNotOpen } from "../src/index.ts"
import { testDrop } from "../src/testing.ts"

const decode = Schema.decodeUnknownResult(Drop)

describe("Drop schema", () => {
  it("accepts a complete drop with a VIP presale", () => {
    const drop = testDrop({
      windows: [
        { name: "VIP presale", opensAt: 0, closesAt: 10, passes: ["vip"] },
        { name: "General", opensAt: 10, closesAt: 20 }
      ],
      limits: { perCustomer: 2, perOrder: 2 }
    })
    expect(Result.isSuccess(decode(drop))).toBe(true)
  })

  it("names the field and the rule when a drop is invalid", () => {
    const bad = {
      ...testDrop(),
      items: [
        { sku: "TAPE", stock: 1 },
        { sku: "TAPE", stock: 2 }
      ]
    }
    const r = decode(bad)
    expect(Result.isFailure(r) && r.failure.message).toContain("SKU TAPE is listed twice")
    const window = decode({ ...testDrop(), windows: [{ name: "W", opensAt: 5, closesAt: 5 }] })
    expect(Result.isFailure(window) && window.failure.message).toContain("closesAt must be after opensAt")
    const raffle = decode({ ...testDrop(), mode: "raffle" })
    expect(Result.isFailure(raffle) && raffle.failure.message).toContain("needs the seed commitment")
    const stock = decode({ ...testDrop(), items: [{ sku: "TAPE", stock: -1 }] })
    expect(Result.isFailure(stock) && stock.failure.message).toContain('["items"][0]["stock"]')
  })

  it("decodes untrusted input as an Effect that fails with an InvalidDropInput", async () => {
    const tag = await Effect.runPromise(
      decodeDrop({ id: "" }).pipe(
        Effect.as("ok"),
        Effect.catchTag("InvalidDropInput", (e) => Effect.succeed(e._tag))
      )
    )
    expect(tag).toBe("InvalidDropInput")
  })

  it("refuses a hold request without lines or with a zero quantity", () => {
    const d = Schema.decodeUnknownResult(HoldRequest)
    expect(Result.isFailure(d({ dropId: "d", customerId: "c", lines: [], idempotencyKey: "k" }))).toBe(true)
    expect(
      Result.isFailure(
        d({ dropId: "d", customerId: "c", lines: [{ sku: "T", quantity: 0 }], idempotencyKey: "k" })
      )
    ).toBe(true)
  })
})

describe("errors", () => {
  it("are tagged Errors with messages that say what to do", () => {
    const e = new OutOfStock({ dropId: "d1", sku: "TAPE", requested: 3, available: 1 })
    expect(e).toBeInstanceOf(Error)
    expect(e._tag).toBe("OutOfStock")
    expect(e.message).toBe("Only 1 of SKU TAPE left in drop d1, 3 requested: ask for fewer.")
    const w = new WindowNotOpen({ dropId: "d1", at: 0, nextOpensAt: 3_600_000, passRequired: false })
    expect(w.message).toBe("Drop d1 is not on sale right now: try again from 1970-01-01T01:00:00.000Z.")
  })
})
