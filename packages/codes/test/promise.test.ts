import { describe, expect, it } from "vitest"
import { createLedger, memoryStore } from "../src/promise.js"

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
})
