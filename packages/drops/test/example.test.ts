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
    expect(out).toContain("vip-3: SoldOut")
    expect(out).toContain("SoldOut TAPE-NIGHT")
    expect(out).toContain("stock 3: confirmed 2, held 1, available 0")
  })
})
