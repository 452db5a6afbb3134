// The README's example is examples/drop.ts: it must be in the README verbatim and must run.
import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const dir = join(import.meta.dirname, "..")

describe("README example", () => {
  it("is examples/drop.ts, verbatim", () => {
    const readme = readFileSync(join(dir, "README.md"), "utf8")
    expect(readme).toContain(readFileSync(join(dir, "examples", "drop.ts"), "utf8"))
  })
  it("runs against the built package and sells out", () => {
    const out = execFileSync(process.execPath, [join(dir, "examples", "drop.ts")], { encoding: "utf8" })
    expect(out).toContain("fan-1: Drop tape-drop is only open to pass holders right now")
    expect(out).toContain("vip-1 owns 2 (status confirmed)")
    expect(out).toContain("vip-3: OutOfStock")
    expect(out).toContain("SoldOut TAPE-NIGHT")
    expect(out).toContain("stock 3: confirmed 2, held 1, available 0")
  })

  it("examples/promise.ts is in the README verbatim, runs and sees every event through for await", () => {
    const readme = readFileSync(join(dir, "README.md"), "utf8")
    expect(readme).toContain(readFileSync(join(dir, "examples", "promise.ts"), "utf8"))
    const out = execFileSync(process.execPath, [join(dir, "examples", "promise.ts")], { encoding: "utf8" })
    expect(out.trim().split("\n")).toEqual([
      "ann owns 1 (status confirmed)",
      "bob: OutOfStock",
      "HoldPlaced",
      "StockChanged",
      "SoldOut",
      "HoldConfirmed"
    ])
  })

  it("examples/raffle.ts is in the README verbatim, draws within stock per SKU and verifies", () => {
    const readme = readFileSync(join(dir, "README.md"), "utf8")
    expect(readme).toContain(readFileSync(join(dir, "examples", "raffle.ts"), "utf8"))
    const out = execFileSync(process.execPath, [join(dir, "examples", "raffle.ts")], { encoding: "utf8" })
    const names = (label: string) =>
      (new RegExp(`${label}: (.*)`).exec(out)?.[1] ?? "").split(", ").filter(Boolean)
    const wants: Record<string, Record<string, number>> = {
      ann: { TAPE: 1, PRINT: 1 },
      bob: { TAPE: 2 },
      cy: { PRINT: 2 },
      dee: { TAPE: 1 },
      eve: { PRINT: 1 }
    }
    const winners = names("winners")
    expect([...winners, ...names("waiting")].sort()).toEqual(Object.keys(wants))
    for (const [sku, stock] of [
      ["TAPE", 3],
      ["PRINT", 2]
    ] as const)
      expect(winners.reduce((n, w) => n + (wants[w]?.[sku] ?? 0), 0)).toBeLessThanOrEqual(stock)
    expect(out).toContain("verified: true")
  })
})
