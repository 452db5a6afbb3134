// The promise client refuses a key its schemas do not have (a typo must not be dropped silently),
// naming it, at any depth of any request; requests without one work as before.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { InvalidDropArgument, type InvalidDropInput } from "../src/errors.ts"
import { makeDropClient } from "../src/promise.ts"
import { testDrop } from "../src/testing.ts"

const KNOWN = new Set([
  "id",
  "name",
  "items",
  "windows",
  "limits",
  "holdMs",
  "mode",
  "lateConfirm",
  "commitment",
  "sku",
  "stock",
  "opensAt",
  "closesAt",
  "passes",
  "perCustomer",
  "perOrder",
  "dropId",
  "customerId",
  "lines",
  "quantity",
  "idempotencyKey",
  "holdId"
])
const typo = fc
  .oneof(
    fc.constantFrom("customerID", "idempotencykey", "qty", "worker", "holdID", "passe", "stok", "closeAt"),
    fc.string({ minLength: 1, maxLength: 12 })
  )
  .filter((k) => !KNOWN.has(k) && k !== "__proto__")

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as { _tag: string; message: string }
  )

describe("the promise client refuses unknown keys", () => {
  it("in every request, at every depth, naming the key (property)", async () => {
    const drops = makeDropClient()
    try {
      const now = Date.now()
      const drop = testDrop({ windows: [{ name: "Now", opensAt: now - 1000, closesAt: now + 3_600_000 }] })
      await drops.createDrop(drop)
      const hold = await drops.hold({
        dropId: drop.id,
        customerId: "ann",
        lines: [{ sku: "TAPE", quantity: 1 }],
        idempotencyKey: "a"
      })
      const raffle = testDrop({
        mode: "raffle",
        commitment: "0".repeat(64),
        windows: [{ name: "E", opensAt: now - 1000, closesAt: now + 3_600_000 }]
      })
      await drops.createDrop(raffle)
      // each call with the extra key put at one place of its request
      const calls: ReadonlyArray<(key: string) => Promise<unknown>> = [
        (k) => drops.createDrop({ ...testDrop(), [k]: 1 } as never),
        (k) => drops.createDrop({ ...testDrop(), items: [{ sku: "TAPE", stock: 1, [k]: 1 }] } as never),
        (k) =>
          drops.createDrop({
            ...testDrop(),
            windows: [{ name: "W", opensAt: 0, closesAt: 1, [k]: 1 }]
          } as never),
        (k) => drops.createDrop({ ...testDrop(), limits: { [k]: 2 } } as never),
        (k) =>
          drops.hold({
            dropId: drop.id,
            customerId: "bob",
            lines: [{ sku: "TAPE", quantity: 1 }],
            idempotencyKey: `b-${k}`,
            [k]: 2
          } as never),
        (k) =>
          drops.hold({
            dropId: drop.id,
            customerId: "bob",
            lines: [{ sku: "TAPE", quantity: 1, [k]: 2 }],
            idempotencyKey: `b-${k}`
          } as never),
        (k) => drops.confirm({ dropId: drop.id, holdId: hold.id, idempotencyKey: `c-${k}`, [k]: 1 } as never),
        (k) => drops.release({ dropId: drop.id, holdId: hold.id, idempotencyKey: `r-${k}`, [k]: 1 } as never),
        (k) =>
          drops.enterRaffle({
            dropId: raffle.id,
            customerId: "cy",
            lines: [{ sku: "TAPE", quantity: 1 }],
            [k]: 1
          } as never),
        (k) =>
          drops.joinWaitingList({
            dropId: drop.id,
            customerId: "dee",
            lines: [{ sku: "TAPE", quantity: 1, [k]: 1 }]
          } as never)
      ]
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...calls.keys()), typo, async (i, key) => {
          const error = await rejection((calls[i] as (k: string) => Promise<unknown>)(key))
          expect(error?._tag).toBe("InvalidDropInput")
          const issues = (error as unknown as InvalidDropInput).issues
          expect(issues.some((i) => i.path.endsWith(key) && i.rule.includes("not a known field"))).toBe(true)
        }),
        { numRuns: 200 }
      )
      // nothing was held, confirmed, released, entered or joined by those calls
      expect((await drops.availability(drop.id)).items[0]).toMatchObject({ held: 1, confirmed: 0 })
      expect(await drops.waitingList(drop.id)).toEqual([])
      expect((await drops.snapshot(drop.id)).holds).toHaveLength(1)
    } finally {
      await drops.dispose()
    }
  })

  it("refuses a layer that is not one with InvalidDropArgument (null, a URL, a store options object)", () => {
    for (const layer of [null, "redis://localhost", { client: {} }, 42])
      expect(() => makeDropClient(layer as never)).toThrow(InvalidDropArgument)
  })
})
