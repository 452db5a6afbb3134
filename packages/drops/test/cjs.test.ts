// The CommonJS build as `require` users load it: every subpath must share one copy of each module,
// so an error thrown through one entry is an instance of the class exported by another.
import { createRequire } from "node:module"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const require = createRequire(import.meta.url)
const dist = join(import.meta.dirname, "..", "dist")

describe("CommonJS build", () => {
  it("rejects with the same OutOfStock class that the main entry exports", async () => {
    const { OutOfStock, DropStore } = require(join(dist, "index.cjs")) as typeof import("../src/index.ts")
    const { makeDropClient } = require(join(dist, "promise.cjs")) as typeof import("../src/promise.ts")
    const drops = makeDropClient()
    await drops.createDrop({
      id: "cjs",
      name: "CJS",
      items: [{ sku: "TAPE", stock: 1 }],
      windows: [{ name: "all", opensAt: 0, closesAt: 8_000_000_000_000 }],
      limits: {},
      holdMs: 60_000,
      mode: "fcfs",
      lateConfirm: "reject"
    })
    const line = { sku: "TAPE", quantity: 1 }
    await drops.hold({ dropId: "cjs", customerId: "a", lines: [line], idempotencyKey: "a" })
    const error = await drops
      .hold({ dropId: "cjs", customerId: "b", lines: [line], idempotencyKey: "b" })
      .catch((e: unknown) => e)
    await drops.dispose()
    expect((error as { _tag?: string })._tag).toBe("OutOfStock")
    expect(error).toBeInstanceOf(OutOfStock)
    for (const entry of ["postgres.cjs", "redis.cjs", "testing.cjs"])
      expect(() => require(join(dist, entry))).not.toThrow()
    expect(DropStore.key).toBe("@microdrop/drops/DropStore")
  })
})
