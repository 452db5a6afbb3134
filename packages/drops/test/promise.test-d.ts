// The promise client's inputs are the schemas' encoded types: an editor completes them, and
// TypeScript refuses a typo, a missing field or a time given as a Date. (`pnpm typecheck` checks
// this file; a wrong @ts-expect-error fails it.)
import { describe, expectTypeOf, it } from "vitest"
import type { Drop } from "../src/Drop.ts"
import type { Hold } from "../src/Hold.ts"
import {
  type DropInput,
  type EntryRequestInput,
  type HoldActionInput,
  type HoldRequestInput,
  makeDropClient
} from "../src/promise.ts"

const drops = makeDropClient()

describe("makeDropClient types", () => {
  it("takes the schemas' encoded types and returns the decoded ones", () => {
    expectTypeOf(drops.createDrop).parameter(0).toEqualTypeOf<DropInput>()
    expectTypeOf(drops.hold).parameter(0).toEqualTypeOf<HoldRequestInput>()
    expectTypeOf(drops.confirm).parameter(0).toEqualTypeOf<HoldActionInput>()
    expectTypeOf(drops.release).parameter(0).toEqualTypeOf<HoldActionInput>()
    expectTypeOf(drops.enterRaffle).parameter(0).toEqualTypeOf<EntryRequestInput>()
    expectTypeOf(drops.joinWaitingList).parameter(0).toEqualTypeOf<EntryRequestInput>()
    expectTypeOf(drops.createDrop).returns.resolves.toEqualTypeOf<Drop>()
    expectTypeOf(drops.hold).returns.resolves.toEqualTypeOf<Hold>()
    expectTypeOf<HoldRequestInput["lines"][number]>().toEqualTypeOf<{
      readonly sku: string
      readonly quantity: number
    }>()
  })

  it("refuses typos, missing fields and wrong kinds at compile time", () => {
    const line = { sku: "TAPE", quantity: 1 }
    const ok = () => drops.hold({ dropId: "d", customerId: "c", lines: [line], idempotencyKey: "k" })
    // @ts-expect-error a typo in a key
    const typo = () => drops.hold({ dropId: "d", customerID: "c", lines: [line], idempotencyKey: "k" })
    // @ts-expect-error the idempotency key is required
    const missing = () => drops.hold({ dropId: "d", customerId: "c", lines: [line] })
    const textQuantity = [{ sku: "T", quantity: "2" }]
    // @ts-expect-error a quantity is a number
    const kind = () => drops.hold({ dropId: "d", customerId: "c", lines: textQuantity, idempotencyKey: "k" })
    // @ts-expect-error confirm takes a hold id, not lines
    const action = () => drops.confirm({ dropId: "d", lines: [line], idempotencyKey: "k" })
    const base = {
      id: "d",
      name: "Drop",
      items: [{ sku: "TAPE", stock: 1 }],
      limits: {},
      holdMs: 1000,
      mode: "fcfs",
      lateConfirm: "reject"
    } as const
    const dated = [{ name: "W", opensAt: new Date(), closesAt: 1 }]
    const windows = [{ name: "W", opensAt: 0, closesAt: 1 }]
    // @ts-expect-error opensAt is epoch milliseconds, not a Date
    const date = () => drops.createDrop({ ...base, windows: dated })
    // @ts-expect-error an unknown mode
    const mode = () => drops.createDrop({ ...base, mode: "auction", windows })
    expectTypeOf([ok, typo, missing, kind, action, date, mode]).toBeArray()
  })
})
