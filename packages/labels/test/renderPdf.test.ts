import { execFileSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { money } from "@microdrop/pricing"
import bwipjs from "bwip-js"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { BarcodeTooSmall, InvalidLabelInput, UnencodableText } from "../src/errors.js"
import { fitText } from "../src/internal/fitText.js"
import { renderPdf } from "../src/renderPdf.js"
import { cells, template } from "../src/Template.js"
import { cropMm, rasterize, zxing } from "./support/raster.js"

/** Debian's fonts-dejavu-core (installed by .ci/run): a TTF with Cyrillic and Greek. */
const DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

const rejection = async (p: Promise<unknown>): Promise<unknown> => {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error("expected a rejection")
}

/** The text poppler extracts from a PDF (what a viewer shows and a printer prints). */
const pdfText = (pdf: Uint8Array): string => {
  const dir = mkdtempSync(join(tmpdir(), "labels-text-"))
  try {
    writeFileSync(join(dir, "a.pdf"), pdf)
    return execFileSync("pdftotext", ["-layout", join(dir, "a.pdf"), "-"], { encoding: "utf8" })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe("fitText", () => {
  const measure = (s: string, size: number) => [...s].length * size * 0.5

  it("keeps the largest size that fits, shrinks, then cuts with an ellipsis at the minimum", () => {
    expect(fitText("Tape", 100, 20, measure, 1.2, 12, 5)).toEqual({ text: "Tape", size: 12 })
    expect(fitText("A long name", 33, 20, measure, 1.2, 12, 5)).toEqual({ text: "A long name", size: 6 })
    expect(fitText("A very long product name", 25, 20, measure, 1.2, 12, 5)).toEqual({
      text: "A very lo…",
      size: 5
    })
  })

  it("properties: never wider than the box nor taller than it; cut text ends with …", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.double({ min: 1, max: 300, noNaN: true }),
        fc.double({ min: 1, max: 40, noNaN: true }),
        (text, width, height) => {
          const f = fitText(text, width, height, measure, 1.2, 12, 5)
          expect(measure(f.text, f.size)).toBeLessThanOrEqual(width + 1e-9)
          expect(f.size * 1.2).toBeLessThanOrEqual(height + 1e-9)
          expect(f.size).toBeLessThanOrEqual(12)
          if (f.text !== text) expect(f.text === "" || f.text.endsWith("…")).toBe(true)
        }
      )
    )
  })
})

describe("renderPdf", () => {
  it("prints title, price formatted by @microdrop/pricing, and SKU; long titles end with …", async () => {
    const pdf = await renderPdf(
      [
        { title: "Cassette", price: money(1250, "EUR"), sku: "EV26-D1-TAPE-BK-V" },
        {
          title: "A very long product name that never fits on one label of this size at all, not even small",
          sku: "X"
        }
      ],
      { template: "avery-5160", locale: "de-DE" }
    )
    const text = pdfText(pdf)
    expect(text).toContain("Cassette")
    expect(text).toContain("12,50 €")
    expect(text).toContain("EV26-D1-TAPE-BK-V")
    expect(text).toMatch(/A very long product name.*…/)
    expect(text).not.toContain("not even small")
  })

  it("embeds a TTF for non-Latin text; Helvetica refuses it naming the field and the character", async () => {
    const label = { title: "Касета · Κασέτα", sku: "EV26-D1-TAPE-BK-V" }
    const e = (await rejection(
      renderPdf([{ title: "ok" }, label], { template: "avery-5160" })
    )) as UnencodableText
    expect(e).toBeInstanceOf(UnencodableText)
    expect(e).toMatchObject({ field: "labels.1.title", character: "К", font: "Helvetica" })
    expect(e.message).toContain("(U+041A); pass a TTF font that covers it (option font)")
    expect(existsSync(DEJAVU)).toBe(true)
    const pdf = await renderPdf([label], { template: "avery-5160", font: readFileSync(DEJAVU) })
    expect(pdfText(pdf)).toContain("Касета · Κασέτα")
  })

  it("draws a PNG logo inside the label", async () => {
    const logo = new Uint8Array(await bwipjs.toBuffer({ bcid: "qrcode", text: "logo", scale: 2 }))
    const pdf = await renderPdf(
      [{ title: "Zine", logo, barcode: { symbology: "code128", data: "ZINE-1" } }],
      {
        template: "avery-5163"
      }
    )
    const [page] = rasterize(pdf, 150)
    const cell = cells(template("avery-5163"))[0]
    if (page === undefined || cell === undefined) throw new Error("no page")
    // The logo is a QR code: it decodes from the label's crop next to the Code 128.
    const found = (await zxing(cropMm(page, 150, cell))).map((r) => r.text).sort()
    expect(found).toEqual(["ZINE-1", "logo"])
    const e = await rejection(
      renderPdf([{ title: "x", logo: new Uint8Array([1, 2, 3]) }], { template: "avery-5163" })
    )
    expect(e).toMatchObject({
      _tag: "InvalidLabelInput",
      path: "labels.0.logo",
      rule: "must be PNG or JPEG bytes"
    })
  })

  it("refuses a barcode that cannot fit at its minimum module width, never shrinking it", async () => {
    const e = (await rejection(
      renderPdf([{ barcode: { symbology: "gs1-128", data: "(01)09501101530003(10)ABC123" } }], {
        template: "avery-5167"
      })
    )) as BarcodeTooSmall
    expect(e).toBeInstanceOf(BarcodeTooSmall)
    expect(e).toMatchObject({ symbology: "gs1-128", dimension: "width" })
    expect(e.neededMm).toBeCloseTo(60.5, 1)
    expect(e.message).toMatch(/^A gs1-128 barcode needs 60\.50 mm of width at its minimum scannable size/)
  })

  it("names the label and field of malformed input", async () => {
    const e = (await rejection(
      renderPdf([{ title: "ok" }, { barcode: { symbology: "pdf417", data: "x" } } as never], {
        template: "avery-5160"
      })
    )) as InvalidLabelInput
    expect(e).toBeInstanceOf(InvalidLabelInput)
    expect(e.path).toBe("labels.1.barcode.symbology")
    expect(await rejection(renderPdf([], { template: "avery-5160", startAt: 30 }))).toMatchObject({
      path: "startAt",
      rule: "must be below 30, the number of labels on a avery-5160 page"
    })
    expect(await rejection(renderPdf([], { template: "avery-5160", startAt: 1.5 }))).toMatchObject({
      path: "startAt"
    })
  })

  it("starts at a given position on a partly used sheet and continues on a new sheet", async () => {
    const labels = Array.from({ length: 4 }, (_, i) => ({
      barcode: { symbology: "qr" as const, data: `T-${i}` }
    }))
    const pdf = await renderPdf(labels, { template: "avery-5163", startAt: 8 })
    const pages = rasterize(pdf, 150)
    expect(pages).toHaveLength(2)
    const grid = cells(template("avery-5163"))
    const at = async (p: number, c: number) =>
      (await zxing(cropMm(pages[p] as (typeof pages)[number], 150, grid[c] as (typeof grid)[number]))).map(
        (r) => r.text
      )
    expect(await at(0, 7)).toEqual([])
    expect(await at(0, 8)).toEqual(["T-0"])
    expect(await at(0, 9)).toEqual(["T-1"])
    expect(await at(1, 0)).toEqual(["T-2"])
    expect(await at(1, 1)).toEqual(["T-3"])
  })
})
