// Packs the built package as npm would publish it, installs the tarball into a fresh project and
// loads it with `import` and with `require`, on this Node and on the machine's own Node (≥ 20).
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { nodes, type Packed, packAndInstall } from "../../../scripts/test-support/packed.ts"

const pkgDir = join(import.meta.dirname, "..")
let packed: Packed

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
  packed = packAndInstall(pkgDir, "@microdrop/pricing")
  packed.write(
    "esm.mjs",
    `import { allocate, decodeCatalog, decodePlan, forecast, money, quote } from "@microdrop/pricing"\n${SCRIPT}`
  )
  packed.write(
    "cjs.cjs",
    `const { allocate, decodeCatalog, decodePlan, forecast, money, quote } = require("@microdrop/pricing")\n${SCRIPT}`
  )
}, 120_000)

afterAll(() => packed?.remove())

describe("the packed tarball", () => {
  it("ships only dist, package.json, README and CHANGELOG", () => {
    expect(packed.unexpectedFiles()).toEqual([])
  })

  it("inlines the private kit: no code or declaration file imports @microdrop/kit", () => {
    for (const file of ["index.js", "index.cjs", "index.d.ts", "index.d.cts"]) {
      expect(readFileSync(join(pkgDir, "dist", file), "utf8"), file).not.toContain("@microdrop/kit")
    }
  })

  for (const node of nodes) {
    for (const entry of ["esm.mjs", "cjs.cjs"]) {
      it(`loads with ${entry.startsWith("esm") ? "import" : "require"} on ${node}, quotes and forecasts`, () => {
        const out = packed.run(node, entry)
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
