// Packs the built package as npm would publish it, installs the tarball into a fresh project and
// loads it with `import` and with `require`, on this Node and on the machine's own Node (≥ 20).
import { execFileSync } from "node:child_process"
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const pkgDir = join(import.meta.dirname, "..")
const work = mkdtempSync(join(tmpdir(), "microdrop-pricing-pack-"))

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

/** Uses money, the catalog Schema (effect), quote and forecast, and prints what it computed. */
const SCRIPT = `
const parts = allocate(money(100, "EUR"), [1, 2]).map((m) => String(m.amount))
const catalog = decodeCatalog({
  currency: "EUR",
  products: [{ kind: "ticket", sku: "TICKET", name: "Base ticket", price: 1500, taxClass: "std" }],
  tax: { mode: "inclusive", rounding: "line", classes: { std: [{ id: "vat7", name: "VAT 7 %", rate: "7" }] } }
})
const q = quote(catalog.value, { lines: [{ sku: "TICKET", quantity: 2 }] }, { now: "2026-03-05T12:00:00Z" })
const plan = decodePlan({ currency: "EUR", capacity: 10, tiers: [{ name: "GA", price: 1000, quantity: 10 }],
  attendance: { kind: "uniform", min: 0, max: 1 }, costs: { fixed: [{ name: "Venue", amount: 5000 }] } })
const f = forecast(plan.value, { runs: 1000, seed: 1 })
const bad = decodeCatalog({ currency: "EUR" })
console.log(JSON.stringify({ parts, total: String(q.value.totals.total.amount), tax: String(q.value.totals.tax.amount),
  breakEven: f.breakEven.tickets, bad: bad.error.issues.map((i) => i.path) }))
`

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
  writeFileSync(
    join(app, "esm.mjs"),
    `import { allocate, decodeCatalog, decodePlan, forecast, money, quote } from "@microdrop/pricing"\n${SCRIPT}`
  )
  writeFileSync(
    join(app, "cjs.cjs"),
    `const { allocate, decodeCatalog, decodePlan, forecast, money, quote } = require("@microdrop/pricing")\n${SCRIPT}`
  )
}, 120_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe("the packed tarball", () => {
  it("ships only dist, package.json, README and CHANGELOG", () => {
    const installed = join(work, "app", "node_modules", "@microdrop", "pricing")
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
      it(`loads with ${entry.startsWith("esm") ? "import" : "require"} on ${node}, quotes and forecasts`, () => {
        const out = execFileSync(node, [entry], { cwd: join(work, "app"), encoding: "utf8" })
        // 3 000 gross with 7 % VAT inside: 3 000 × 7/107 = 196.26 → 196; break-even 5 tickets of €10 for €50.
        expect(JSON.parse(out)).toEqual({
          parts: ["33", "67"],
          total: "3000",
          tax: "196",
          breakEven: 5,
          bad: ["products", "tax"]
        })
      })
    }
  }
})
