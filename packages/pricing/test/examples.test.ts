import { execFileSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const pkgDir = join(import.meta.dirname, "..")
const readme = readFileSync(join(pkgDir, "README.md"), "utf8")
const example = readFileSync(join(pkgDir, "examples", "launch.ts"), "utf8")

describe("examples/launch.ts (the README's worked example)", () => {
  it("is in the README verbatim", () => {
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``)
  })

  it("runs against the built package and prints what the README shows", () => {
    if (!existsSync(join(pkgDir, "dist", "index.js"))) throw new Error("build the package first (pnpm build)")
    const out = execFileSync(process.execPath, [join(pkgDir, "examples", "launch.ts")], {
      cwd: pkgDir,
      encoding: "utf8"
    })
    const shown = /```text\n([^`]*)```/.exec(readme)?.[1]
    expect(out).toBe(shown)
  })
})
