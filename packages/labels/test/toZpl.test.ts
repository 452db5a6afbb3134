// ZPL output rendered offline by zpl-renderer-js (zebrash, Zebra's rules in WebAssembly) and decoded by
// zxing-wasm, for every symbology at 203 and 300 dpi.
import { describe, expect, it } from "vitest"
import { ready } from "zpl-renderer-js"
import { readBarcodes } from "zxing-wasm/reader"
import type { BarcodeSpec } from "../src/Barcode.js"
import { previewPng } from "../src/previewPng.js"
import { type BuiltInTemplateId, template } from "../src/Template.js"
import { toZpl } from "../src/toZpl.js"
import { zxing } from "./support/raster.js"
import { expectedText, FORMAT, SAMPLES, SHORT_SAMPLES } from "./support/samples.js"

/** Renders each `^XA…^XZ` of a ZPL program to PNG and decodes it. */
const decodeZpl = async (zpl: string, id: BuiltInTemplateId, dpi: 203 | 300) => {
  await zxing({ width: 1, height: 1, data: new Uint8Array([255]) }) // loads the wasm offline first
  const { api } = await ready
  const t = template(id)
  const formats = zpl.split(/(?<=\^XZ)\n/).filter((f) => f.trim() !== "")
  const out: Array<ReadonlyArray<readonly [string, string]>> = []
  for (const f of formats) {
    const png = Buffer.from(
      await api.zplToBase64Async(f, t.page.width, t.page.height, dpi === 300 ? 12 : 8),
      "base64"
    )
    const found = await readBarcodes(new Uint8Array(png), { tryHarder: true })
    out.push(found.map((r) => [r.format, r.text] as const))
  }
  return out
}

const expected = (specs: ReadonlyArray<BarcodeSpec>) =>
  specs.map((s) => [[FORMAT[s.symbology] as string, expectedText(s)]])

describe("toZpl", () => {
  it("writes one ^XA…^XZ format per label with ^BC/^BE/^BQ/^BX barcodes and UTF-8 text", () => {
    const zpl = toZpl(
      SAMPLES.map((barcode) => ({ title: "Tape", barcode })),
      { template: "thermal-4x6in" }
    )
    expect(zpl.match(/\^XA/g)).toHaveLength(6)
    expect(zpl.match(/\^XZ/g)).toHaveLength(6)
    expect(zpl).toContain("^CI28")
    expect(zpl).toContain("^PW812")
    for (const cmd of ["^BCN", "^BEN", "^BQN,2,", "^BXN,"]) expect(zpl).toContain(cmd)
    expect(zpl).toContain(",N,N,N,D^FD(01)09501101530003(10)ABC123^FS")
  })

  it("escapes ^ ~ _ in data so that text cannot inject printer commands", () => {
    const zpl = toZpl([{ title: "A^XZ~JR_x" }], { template: "thermal-2x1in" })
    expect(zpl).toContain("^FH_^FDA_5EXZ_7EJR_5Fx^FS")
    expect(zpl.match(/\^XZ/g)).toHaveLength(1)
  })

  for (const dpi of [203, 300] as const) {
    it(`every symbology decodes from zpl-renderer-js at ${dpi} dpi (2 × 1 in and 4 × 6 in)`, async () => {
      const small = toZpl(
        SHORT_SAMPLES.map((barcode) => ({ title: "Item", barcode })),
        { template: "thermal-2x1in", dpi }
      )
      expect(await decodeZpl(small, "thermal-2x1in", dpi)).toEqual(expected(SHORT_SAMPLES))
      const big = toZpl(
        SAMPLES.map((barcode) => ({ title: "Item", barcode })),
        { template: "thermal-4x6in", dpi }
      )
      expect(await decodeZpl(big, "thermal-4x6in", dpi)).toEqual(expected(SAMPLES))
    })
  }

  it("previews one label as a PNG whose barcode decodes", async () => {
    const png = await previewPng(
      { title: "Door ticket", barcode: { symbology: "qr", data: "EV26-0001" } },
      { template: "thermal-2x1in" }
    )
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join("")).toBe("PNG")
    expect((await readBarcodes(png)).map((r) => r.text)).toEqual(["EV26-0001"])
  })
})
