// Packs the built package as npm would publish it, installs the tarball into a fresh project and
// loads it with `import` and with `require`, on this Node and on the machine's own Node (≥ 20).
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { nodes, type Packed, packAndInstall } from "../../../scripts/test-support/packed.ts"

const pkgDir = join(import.meta.dirname, "..")
let packed: Packed

/** Builds and parses a SKU, renders a one-label PDF and catches a tagged error. */
const SCRIPT = `
const sku = buildSku({ event: "EV26", drop: "D1", product: "TAPE", variant: "BK" })
let tag = ""
try { parseSku("EV26-D1-TAPE-BK-0") } catch (e) { tag = e._tag + ":" + e.part }
renderPdf([{ title: "Tape", barcode: { symbology: "qr", data: sku } }], { template: "thermal-2x1in" }).then((pdf) => {
  console.log(JSON.stringify({ sku, parts: parseSku(sku), tag, pdf: new TextDecoder().decode(pdf.subarray(0, 5)) }))
})
`

beforeAll(() => {
  // @microdrop/pricing is a dependency not on the registry yet: its tarball is installed beside.
  packed = packAndInstall(pkgDir, "@microdrop/labels", { alsoPack: [join(pkgDir, "..", "pricing")] })
  packed.write("esm.mjs", `import { buildSku, parseSku, renderPdf } from "@microdrop/labels"\n${SCRIPT}`)
  packed.write("cjs.cjs", `const { buildSku, parseSku, renderPdf } = require("@microdrop/labels")\n${SCRIPT}`)
}, 180_000)

afterAll(() => packed?.remove())

describe("the packed tarball", () => {
  it("ships only dist, package.json, README and CHANGELOG", () => {
    expect(packed.unexpectedFiles()).toEqual([])
  })

  for (const node of nodes) {
    for (const entry of ["esm.mjs", "cjs.cjs"]) {
      it(`loads with ${entry.startsWith("esm") ? "import" : "require"} on ${node}, builds SKUs and renders a PDF`, () => {
        expect(JSON.parse(packed.run(node, entry))).toEqual({
          sku: "EV26-D1-TAPE-BK-V",
          parts: { event: "EV26", drop: "D1", product: "TAPE", variant: "BK" },
          tag: "InvalidSku:check",
          pdf: "%PDF-"
        })
      })
    }
  }
})
