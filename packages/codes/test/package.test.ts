// Packs the built package as npm would publish it, installs the tarball into a fresh project and
// loads it with `import` and with `require`, on this Node and on the machine's own Node (≥ 20).
import { execFileSync } from "node:child_process"
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const pkgDir = join(import.meta.dirname, "..")
const work = mkdtempSync(join(tmpdir(), "microdrop-codes-pack-"))

/** The pnpm running this test (npm_execpath is its JS entry, or under turbo its launcher), else pnpm on PATH. */
const pnpm = (args: string[], cwd: string) => {
  const execPath = process.env["npm_execpath"] ?? "pnpm"
  const [cmd, argv] = /\.[cm]?js$/.test(execPath) ? [process.execPath, [execPath, ...args]] : [execPath, args]
  return execFileSync(cmd, argv, { cwd, encoding: "utf8" })
}

/** Every Node to try: the one running the tests (22) and the machine's own (20) if there is one. */
const nodes = [
  process.execPath,
  ...["/usr/bin/node", "/usr/local/bin/node"].filter((p) => existsSync(p)).slice(0, 1)
]

beforeAll(() => {
  if (!existsSync(join(pkgDir, "dist", "index.js"))) throw new Error("build the package first (pnpm build)")
  pnpm(["pack", "--pack-destination", work], pkgDir)
  const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"))
  if (!tarball) throw new Error("pnpm pack produced no tarball")
  const app = join(work, "app")
  execFileSync("mkdir", ["-p", app])
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, version: "1.0.0" }))
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", join(work, tarball)], {
    cwd: app,
    stdio: "ignore"
  })
  const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as {
    exports: Record<string, unknown>
  }
  const subpaths = Object.keys(manifest.exports).filter((k) => k !== "./package.json" && k !== ".")
  const names = subpaths.map((s) => `@microdrop/codes/${s.slice(2)}`)
  writeFileSync(
    join(app, "subpaths.mjs"),
    `const out = {}\nfor (const n of ${JSON.stringify(names)}) out[n] = Object.keys(await import(n)).length\nconsole.log(JSON.stringify(out))\n`
  )
  writeFileSync(
    join(app, "subpaths.cjs"),
    `const out = {}\nfor (const n of ${JSON.stringify(names)}) out[n] = Object.keys(require(n)).length\nconsole.log(JSON.stringify(out))\n`
  )
  writeFileSync(
    join(app, "esm.mjs"),
    'import { generateCode, verifyCheck } from "@microdrop/codes"\nconst c = generateCode({ length: 8, prefix: "MD" })\nconsole.log(JSON.stringify({ c, ok: verifyCheck(c).ok }))\n'
  )
  writeFileSync(
    join(app, "cjs.cjs"),
    'const { generateCode, verifyCheck } = require("@microdrop/codes")\nconst c = generateCode({ length: 8, prefix: "MD" })\nconsole.log(JSON.stringify({ c, ok: verifyCheck(c).ok }))\n'
  )
}, 120_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe("the packed tarball", () => {
  it("ships only dist, package.json, README and CHANGELOG", () => {
    const installed = join(work, "app", "node_modules", "@microdrop", "codes")
    const files = readdirSync(installed).sort()
    expect(
      files.filter((f) => !["dist", "package.json", "README.md", "CHANGELOG.md", "LICENSE"].includes(f))
    ).toEqual([])
    expect(
      readdirSync(join(installed, "dist")).some(
        (f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.endsWith(".d.cts")
      )
    ).toBe(false)
  })

  for (const node of nodes) {
    for (const entry of ["esm.mjs", "cjs.cjs"]) {
      it(`loads with ${entry.startsWith("esm") ? "import" : "require"} on ${node} and generates a valid code`, () => {
        const out = execFileSync(node, [entry], { cwd: join(work, "app"), encoding: "utf8" })
        const { c, ok } = JSON.parse(out) as { c: string; ok: boolean }
        expect(c).toMatch(/^MD-\w{4}-\w{4}-\w$/)
        expect(ok).toBe(true)
      })
    }
    for (const entry of ["subpaths.mjs", "subpaths.cjs"]) {
      it(`loads every subpath export with ${entry.endsWith("mjs") ? "import" : "require"} on ${node}`, () => {
        const out = JSON.parse(
          execFileSync(node, [entry], { cwd: join(work, "app"), encoding: "utf8" })
        ) as Record<string, number>
        expect(Object.keys(out).length).toBeGreaterThan(0)
        for (const [name, count] of Object.entries(out)) expect(count, name).toBeGreaterThan(0)
      })
    }
  }
})
