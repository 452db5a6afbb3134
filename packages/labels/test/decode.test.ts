// Every barcode printed must scan: PDFs rendered to pixels by pdftoppm (300 dpi; 203 dpi for thermal) and
// decoded by zxing-wasm, crop by crop, so each result maps to its label.
import { describe, expect, it } from "vitest"
import type { BarcodeSpec } from "../src/Barcode.js"
import { renderPdf } from "../src/renderPdf.js"
import { cells, template } from "../src/Template.js"
import { cropMm, rasterize, zxing } from "./support/raster.js"
import { expectedText, FORMAT, SAMPLES } from "./support/samples.js"

describe("sheet: every symbology decodes from its own cell at 300 dpi", () => {
  it("avery-5160, 30 labels, 5 of each symbology", async () => {
    const t = template("avery-5160")
    const specs = Array.from({ length: 30 }, (_, i) => SAMPLES[i % SAMPLES.length] as BarcodeSpec)
    const pdf = await renderPdf(
      specs.map((barcode, i) => ({ title: `Cassette ${i}`, sku: `SKU ${i}`, barcode })),
      { template: "avery-5160" }
    )
    const [page] = rasterize(pdf, 300)
    if (page === undefined) throw new Error("no page")
    const grid = cells(t)
    for (const [i, spec] of specs.entries()) {
      const found = await zxing(cropMm(page, 300, grid[i] as (typeof grid)[number], 0.5))
      expect(
        found.map((r) => [r.format, r.text]),
        `cell ${i} ${spec.symbology}`
      ).toEqual([[FORMAT[spec.symbology], expectedText(spec)]])
    }
  })
})
