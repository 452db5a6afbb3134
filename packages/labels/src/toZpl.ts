/**
 * Labels as ZPL for Zebra thermal printers: one `^XA…^XZ` format per label, text in the printer's
 * scalable font, and barcodes as printer commands (`^BC`, `^BE`, `^BQ`, `^BX`) so they print sharp.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { encodeBarcode } from "./Barcode.js"
import { InvalidLabelInput } from "./errors.js"
import { decoderFor } from "./internal/decode.js"
import { fitText } from "./internal/fitText.js"
import { labelLines } from "./internal/labelLines.js"
import { layoutLabel } from "./internal/layoutLabel.js"
import { resolveTemplate } from "./internal/resolveTemplate.js"
import { type Label, LabelSchema } from "./Label.js"
import type { BuiltInTemplateId, Template } from "./Template.js"

/**
 * Options of `toZpl`.
 *
 * @category models
 * @since 0.1.0
 */
export interface ToZplOptions {
  /** A roll template (built-in id or custom); each label is one ZPL format of the template's label size. */
  readonly template: BuiltInTemplateId | Template
  /** Printer resolution: 203 or 300 dpi (default: the template's, else 203). */
  readonly dpi?: 203 | 300
  /** Locale of prices (default "en-US"). */
  readonly locale?: string
}

const OptionsSchema = Schema.Struct({
  dpi: Schema.optionalKey(Schema.Literals([203, 300])),
  locale: Schema.optionalKey(Schema.NonEmptyString)
})
const decodeOptions = decoderFor(OptionsSchema, "options")
const decodeLabel = decoderFor(LabelSchema, "label")

/** Field data with `^`, `~` and `_` written as `^FH_` hex escapes, so no data can inject a command. */
const fieldHex = (text: string): string =>
  text.replace(/[\^~_]/g, (c) => `_${c.charCodeAt(0).toString(16).toUpperCase()}`)

/** Width of font 0 text: a conservative average advance of 0.62 × height per character. */
const zplWidth = (text: string, size: number): number => [...text].length * 0.62 * size

/**
 * Writes labels as ZPL II: `^XA`, `^CI28` (UTF-8), `^PW`/`^LL` from the template's label, text in
 * scalable font 0 shrunk to fit then cut with "...", and barcodes as printer commands at the same
 * module width (whole dots) and quiet zones as the PDF. UPC-A is written as `^BE` with a leading 0
 * (the same symbol); Code 128 uses automatic mode so `>` is data, GS1-128 uses mode D.
 *
 * **Gotchas.** The printer draws the text: characters outside its font (e.g. Cyrillic in the
 * built-in font 0) need a font downloaded to the printer.
 *
 * @param labels - The labels.
 * @param options - Template, dpi and locale.
 * @returns The ZPL program (one `^XA…^XZ` per label).
 * @throws InvalidLabelInput, InvalidBarcodeData, BarcodeTooSmall, UnknownTemplate, TemplateDoesNotFit.
 * @example
 * ```ts
 * import { toZpl } from "@microdrop/labels"
 * const zpl = toZpl([{ title: "Tape", barcode: { symbology: "qr", data: "EV26-D1-TAPE-BK-V" } }], { template: "thermal-2x1in" })
 * zpl.startsWith("^XA") // => true
 * ```
 * @since 0.1.0
 */
export const toZpl = (labels: ReadonlyArray<Label>, options: ToZplOptions): string => {
  if (typeof options !== "object" || options === null)
    throw new InvalidLabelInput({ target: "options", path: "", rule: "must be an object" })
  const t = resolveTemplate(options.template)
  const opts = decodeOptions({
    ...(options.dpi === undefined ? {} : { dpi: options.dpi }),
    ...(options.locale === undefined ? {} : { locale: options.locale })
  })
  const dpi = opts.dpi ?? (t.dpi === 300 ? 300 : 203)
  const dot = (mm: number) => Math.round((mm * dpi) / 25.4)
  const cell = { index: 0, column: 0, row: 0, x: t.margin.left, y: t.margin.top, ...t.label }
  const out: string[] = []
  if (!Array.isArray(labels))
    throw new InvalidLabelInput({ target: "labels", path: "", rule: "must be an array" })
  labels.forEach((input, i) => {
    const label = decodeLabel(input, `labels.${i}`)
    const symbol = label.barcode === undefined ? undefined : encodeBarcode(label.barcode)
    const lines = labelLines(label, opts.locale ?? "en-US", `labels.${i}`)
    const layout = layoutLabel(cell, t.label.radius ?? 0, lines, symbol, false, dpi, `labels.${i}`)
    const z: string[] = ["^XA", "^CI28", `^PW${dot(t.page.width)}`, `^LL${dot(t.page.height)}`, "^LH0,0"]
    for (const s of layout.texts) {
      const w = dot(s.box.width)
      const h = dot(s.box.height)
      const maxDots = (s.maxPt / 72) * dpi
      const fitted = fitText(s.text, w, h, zplWidth, 1.1, maxDots, (5 / 72) * dpi, "...")
      if (fitted.text === "") continue
      const size = Math.max(10, Math.floor(fitted.size))
      const y = dot(s.box.y) + Math.max(0, Math.floor((h - size) / 2))
      z.push(
        `^FO${dot(s.box.x)},${y}^A0N,${size},${size}^FB${w},1,0,${s.align === "center" ? "C" : "L"}^FH_^FD${fieldHex(fitted.text)}^FS`
      )
    }
    if (layout.barcode !== undefined) {
      const { symbol: s, placement: p } = layout.barcode
      const m = Math.max(1, Math.round((p.module * dpi) / 25.4))
      const h = dot(p.height)
      const at = `^FO${dot(p.x)},${dot(p.y)}`
      switch (s.symbology) {
        case "code128":
          z.push(`${at}^BY${m},3,${h}^BCN,${h},N,N,N,A^FH_^FD${fieldHex(s.data)}^FS`)
          break
        case "gs1-128":
          z.push(`${at}^BY${m},3,${h}^BCN,${h},N,N,N,D^FD${s.data}^FS`)
          break
        case "ean13":
          z.push(`${at}^BY${m},3,${h}^BEN,${h},N,N^FD${s.data.slice(0, 12)}^FS`)
          break
        case "upca":
          z.push(`${at}^BY${m},3,${h}^BEN,${h},N,N^FD0${s.data.slice(0, 11)}^FS`)
          break
        case "qr":
          z.push(`${at}^BQN,2,${Math.min(10, m)}^FH_^FDMA,${fieldHex(s.data)}^FS`)
          break
        case "datamatrix":
          z.push(`${at}^BXN,${m},200^FH_^FD${fieldHex(s.data)}^FS`)
          break
      }
    }
    z.push("^XZ")
    out.push(z.join("\n"))
  })
  return `${out.join("\n")}\n`
}
