import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { LedgerStore, LedgerUnavailable } from "../src/index.ts"
import { createLedger, memoryStore } from "../src/promise.ts"

describe("createLedger", () => {
  it("issues and redeems through promises and rejects with tagged errors", async () => {
    const ledger = createLedger({ store: memoryStore() })
    await ledger.issue({ code: "T0000042" })
    const r = await ledger.redeem({ code: "T0000042", redemptionId: "scan-1", doorId: "north" })
    expect(r).toMatchObject({ code: "T0000042", use: 1, remaining: 0, replayed: false })
    await expect(
      ledger.redeem({ code: "T0000042", redemptionId: "scan-2", doorId: "north" })
    ).rejects.toMatchObject({
      _tag: "CodeAlreadyRedeemed",
      code: "T0000042"
    })
    await expect(ledger.status("T0000042")).resolves.toMatchObject({ state: "used", uses: 1 })
    await expect(ledger.revoke("NOPE")).rejects.toBeInstanceOf(Error)
    expect((await ledger.history("T0000042")).map((a) => a.outcome)).toEqual(["redeemed", "exhausted"])
    await ledger.dispose()
  })

  it("shares one store across calls and uses the rate-limit options", async () => {
    const ledger = createLedger({ maxFailures: 1 })
    await expect(ledger.redeem({ code: "X", redemptionId: "1", doorId: "d" })).rejects.toMatchObject({
      _tag: "CodeNotFound"
    })
    await expect(ledger.redeem({ code: "X", redemptionId: "2", doorId: "d" })).rejects.toMatchObject({
      _tag: "RateLimited"
    })
    const report = await ledger.sync("d", [{ nonce: "n", code: "X", at: 1 }])
    expect(report.rejected).toEqual([{ nonce: "n", code: "X", reason: "unknown" }])
    await expect(ledger.sync("d", "not a list")).rejects.toMatchObject({ _tag: "InvalidLedgerInput" })
    await ledger.dispose()
  })

  it("starts a store again on the next call after it failed to start (the retry the error advises works)", async () => {
    let starts = 0
    const flaky = Layer.suspend(
      (): Layer.Layer<LedgerStore, LedgerUnavailable> =>
        ++starts === 1
          ? Layer.effect(
              LedgerStore,
              Effect.fail(new LedgerUnavailable({ store: "custom", operation: "migrate", cause: "down" }))
            )
          : memoryStore()
    )
    const ledger = createLedger({ store: flaky })
    await expect(ledger.issue({ code: "A" })).rejects.toMatchObject({ _tag: "LedgerUnavailable" })
    await expect(ledger.issue({ code: "A" })).resolves.toMatchObject({ code: "A", state: "active" })
    await expect(ledger.status("A")).resolves.toMatchObject({ uses: 0 })
    expect(starts).toBe(2)
    await ledger.dispose()
  })

  it("rejects calls after dispose() with LedgerDisposed, never a bare string", async () => {
    const ledger = createLedger()
    await ledger.dispose()
    for (const call of [() => ledger.issue({ code: "A" }), () => ledger.history("A")]) {
      const e = await call().catch((error: unknown) => error)
      expect(e).toBeInstanceOf(Error)
      expect(e).toMatchObject({ _tag: "LedgerDisposed" })
    }
  })
})
