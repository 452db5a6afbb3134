// Every barcode printed must scan: PDFs rendered to pixels by pdftoppm (300 dpi; 203 dpi for thermal) and
// decoded by zxing-wasm, crop by crop so each result maps to its label; Debian's ZXingReader and zbarimg
// as second decoders; and each label's ink inside its cell (± 0.5 mm), with and without calibration.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { BarcodeSpec } from "../src/Barcode.js"
import type { Calibration } from "../src/Calibration.js"
import { BarcodeTooSmall } from "../src/errors.js"
import { renderPdf } from "../src/renderPdf.js"
import { buildSku, SKU_CHARSET } from "../src/Sku.js"
import { type BuiltInTemplateId, cells, template } from "../src/Template.js"
import { cliDecode, cropMm, type Gray, rasterize, zxing } from "./support/raster.js"
import { expectedText, FORMAT, SAMPLES, SHORT_SAMPLES } from "./support/samples.js"

const decodeCells = async (
  id: BuiltInTemplateId,
  specs: ReadonlyArray<BarcodeSpec>,
  dpi: number
): Promise<ReadonlyArray<ReadonlyArray<readonly [string, string]>>> => {
  const t = template(id)
  const pdf = await renderPdf(
    specs.map((barcode, i) => ({ title: `Item ${i}`, sku: `SKU ${i}`, barcode })),
    { template: id }
  )
  const pages = rasterize(pdf, dpi)
  const grid = cells(t)
  const out: Array<ReadonlyArray<readonly [string, string]>> = []
  for (const [i] of specs.entries()) {
    const page = pages[Math.floor(i / grid.length)] as Gray
    const found = await zxing(cropMm(page, dpi, grid[i % grid.length] as (typeof grid)[number], 0.5))
    out.push(found.map((r) => [r.format, r.text] as const))
  }
  return out
}

/** True when the barcode renders on the template; false when it is refused as too wide (checked to be so). */
const fitsOn = async (id: BuiltInTemplateId, barcode: BarcodeSpec): Promise<boolean> => {
  try {
    await renderPdf([{ title: "x", barcode }], { template: id })
    return true
  } catch (e) {
    expect(e).toBeInstanceOf(BarcodeTooSmall)
    const tooSmall = e as BarcodeTooSmall
    expect(tooSmall.dimension).toBe("width")
    expect(tooSmall.neededMm).toBeGreaterThan(tooSmall.availableMm)
    return false
  }
}

const expected = (specs: ReadonlyArray<BarcodeSpec>) =>
  specs.map((s) => [[FORMAT[s.symbology] as string, expectedText(s)]])

describe("every symbology decodes, with zxing-wasm", () => {
  it("on an Avery 5160 sheet at 300 dpi (30 labels, 5 of each)", async () => {
    const specs = Array.from({ length: 30 }, (_, i) => SAMPLES[i % SAMPLES.length] as BarcodeSpec)
    expect(await decodeCells("avery-5160", specs, 300)).toEqual(expected(specs))
  })

  it("on an A4 Avery L7160 sheet at 300 dpi", async () => {
    expect(await decodeCells("avery-l7160", SAMPLES, 300)).toEqual(expected(SAMPLES))
  })

  for (const dpi of [300, 203]) {
    it(`on a 2 × 1 in thermal roll at ${dpi} dpi`, async () => {
      expect(await decodeCells("thermal-2x1in", SHORT_SAMPLES, dpi)).toEqual(expected(SHORT_SAMPLES))
    })
  }

  it("on 4 × 6 in thermal labels and 57 mm receipt paper at 203 dpi", async () => {
    expect(await decodeCells("thermal-4x6in", SAMPLES, 203)).toEqual(expected(SAMPLES))
    expect(await decodeCells("receipt-57mm", SHORT_SAMPLES, 203)).toEqual(expected(SHORT_SAMPLES))
  })
})

describe("a second, independent decoder from Debian on the same crops", () => {
  it("ZXingReader 1.4 (zxing-cpp-tools) reads every symbology; zbarimg reads all but DataMatrix", async () => {
    const t = template("avery-5160")
    const pdf = await renderPdf(
      SAMPLES.map((barcode) => ({ title: "x", barcode })),
      { template: "avery-5160" }
    )
    const [page] = rasterize(pdf, 300)
    const grid = cells(t)
    // GS1-128 comes back from these CLIs without the brackets of the element string (zbar adds a
    // leading GS), and UPC-A as 12 digits or as its 13-digit EAN form.
    const plain = (s: BarcodeSpec) => s.data.replace(/[()]/g, "")
    const norm = (spec: BarcodeSpec) => (t: string) => {
      const GS = String.fromCharCode(29)
      const u = (t.startsWith(GS) ? t.slice(1) : t).replace(/[()]/g, "")
      return spec.symbology === "upca" && u.length === 13 ? u.slice(1) : u
    }
    for (const [i, spec] of SAMPLES.entries()) {
      const crop = cropMm(page as Gray, 300, grid[i] as (typeof grid)[number], 0.5)
      expect(cliDecode("ZXingReader", crop).map(norm(spec)), spec.symbology).toEqual([plain(spec)])
      if (spec.symbology !== "datamatrix")
        expect(cliDecode("zbarimg", crop).map(norm(spec)), spec.symbology).toEqual([plain(spec)])
    }
  })
})

describe("properties", () => {
  const part = (max: number) =>
    fc.string({ unit: fc.constantFrom(...SKU_CHARSET), minLength: 1, maxLength: max })
  const sku = fc
    .record({ event: part(6), drop: part(4), product: part(8), variant: part(6) })
    .map((p) => buildSku(p))
  const payload = fc.string({
    unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_./:?=&"),
    minLength: 1,
    maxLength: 60
  })

  it("a SKU too wide for the label at the minimum module is refused, not printed unscannable", async () => {
    expect(await fitsOn("avery-5160", { symbology: "code128", data: "00R000-000-00000R0-00000-6" })).toBe(
      false
    )
  })

  it("random SKUs (Code 128) and payloads (QR, DataMatrix) round-trip render → rasterize → decode", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(sku, payload, payload), { minLength: 2, maxLength: 2 }),
        async (rows) => {
          const specs: BarcodeSpec[] = []
          for (const [s, q, d] of rows) {
            // A long SKU that mixes letters and digits can need more than a 5160 label's width at the
            // minimum module: it must then be refused with BarcodeTooSmall, never printed unscannable.
            const code128: BarcodeSpec = { symbology: "code128", data: s }
            if (await fitsOn("avery-5160", code128)) specs.push(code128)
            specs.push({ symbology: "qr", data: q }, { symbology: "datamatrix", data: d })
          }
          // 600 dpi, a laser printer's resolution: a sheet template has no printer dpi, so its module is
          // not snapped to whole dots, and at 300 dpi a 0.19 mm module (2.2 px) is at the decoder's limit.
          // Thermal templates (dpi declared, modules snapped to dots) are decoded at their own dpi above.
          expect(await decodeCells("avery-5160", specs, 600)).toEqual(expected(specs))
        }
      ),
      {
        numRuns: 3,
        examples: [
          [
            [
              ["000J0-C050-00X00000-00-W", "A", "A"],
              ["0-0-0-0-C", "A", "A"]
            ]
          ]
        ]
      }
    )
  }, 300_000)
})

/** Bounding box (mm) of dark pixels in a region of a page, or undefined when blank. */
const inkBox = (page: Gray, dpi: number, r: { x: number; y: number; width: number; height: number }) => {
  const k = dpi / 25.4
  let x0 = Number.POSITIVE_INFINITY
  let y0 = Number.POSITIVE_INFINITY
  let x1 = Number.NEGATIVE_INFINITY
  let y1 = Number.NEGATIVE_INFINITY
  for (
    let y = Math.max(0, Math.floor(r.y * k));
    y < Math.min(page.height, Math.ceil((r.y + r.height) * k));
    y++
  )
    for (
      let x = Math.max(0, Math.floor(r.x * k));
      x < Math.min(page.width, Math.ceil((r.x + r.width) * k));
      x++
    )
      if ((page.data[y * page.width + x] as number) < 128) {
        x0 = Math.min(x0, x)
        x1 = Math.max(x1, x + 1)
        y0 = Math.min(y0, y)
        y1 = Math.max(y1, y + 1)
      }
  return x0 === Number.POSITIVE_INFINITY ? undefined : { x0: x0 / k, y0: y0 / k, x1: x1 / k, y1: y1 / k }
}

describe("labels land inside their cells (± 0.5 mm)", () => {
  const cases: ReadonlyArray<readonly [string, Calibration | undefined, number, number]> = [
    ["without calibration", undefined, 0, 0],
    ["with a calibration offset of +1.5 mm right and −1 mm (up)", { offsetX: 1.5, offsetY: -1 }, 1.5, -1]
  ]
  for (const [name, calibration, dx, dy] of cases) {
    it(name, async () => {
      const t = template("avery-5160")
      const labels = Array.from({ length: 30 }, (_, i) => ({
        title: "A long product name that has to shrink and then be cut short",
        sku: `EV26-D1-P${i}`,
        barcode: SAMPLES[i % SAMPLES.length] as BarcodeSpec
      }))
      const pdf = await renderPdf(labels, { template: "avery-5160", ...(calibration ? { calibration } : {}) })
      const [page] = rasterize(pdf, 300)
      const grid = cells(t)
      // All ink on the page lies inside some (shifted) cell ± 0.5 mm: scan the whole page in bands.
      const all = inkBox(page as Gray, 300, { x: 0, y: 0, width: t.page.width, height: t.page.height })
      expect(all).toBeDefined()
      for (const c of grid) {
        const shifted = { x: c.x + dx, y: c.y + dy, width: c.width, height: c.height }
        // The region around the cell, as far as halfway to its neighbours: ink there belongs to this label.
        const around = {
          x: shifted.x - 1.2,
          y: shifted.y - 0.45,
          width: c.width + 2.4,
          height: c.height + 0.9
        }
        const box = inkBox(page as Gray, 300, around)
        expect(box, `cell ${c.index}`).toBeDefined()
        if (box === undefined) continue
        expect(box.x0).toBeGreaterThanOrEqual(shifted.x - 0.5)
        expect(box.y0).toBeGreaterThanOrEqual(shifted.y - 0.5)
        expect(box.x1).toBeLessThanOrEqual(shifted.x + c.width + 0.5)
        expect(box.y1).toBeLessThanOrEqual(shifted.y + c.height + 0.5)
      }
      // And it moved by the calibration offset (± 0.2 mm) compared with the same sheet uncalibrated.
      if (calibration !== undefined) {
        const [plain] = rasterize(await renderPdf(labels, { template: "avery-5160" }), 300)
        for (const c of grid.slice(0, 6)) {
          const a = inkBox(plain as Gray, 300, {
            x: c.x - 0.45,
            y: c.y - 0.45,
            width: c.width + 0.9,
            height: c.height + 0.9
          })
          const b = inkBox(page as Gray, 300, {
            x: c.x + dx - 0.45,
            y: c.y + dy - 0.45,
            width: c.width + 0.9,
            height: c.height + 0.9
          })
          expect((b?.x0 ?? 0) - (a?.x0 ?? 0)).toBeCloseTo(dx, 0.7)
          expect((b?.y0 ?? 0) - (a?.y0 ?? 0)).toBeCloseTo(dy, 0.7)
        }
      }
      // No ink outside the union of the shifted cells' columns (gutters between columns stay blank).
      for (let col = 0; col < t.columns - 1; col++) {
        const gutterX = (grid[col]?.x ?? 0) + t.label.width + dx + 0.5
        const gutterW = t.pitch.x - t.label.width - 1
        if (gutterW > 0)
          expect(
            inkBox(page as Gray, 300, { x: gutterX, y: 0, width: gutterW, height: t.page.height })
          ).toBeUndefined()
      }
    })
  }
})
