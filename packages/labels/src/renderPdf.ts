/**
 * Renders labels onto a template as a PDF: vector barcodes, fitted text in embedded fonts, logos,
 * printer calibration and a start position on a partly used sheet.
 *
 * @since 0.1.0
 */
import fontkit from "@pdf-lib/fontkit"
import { Schema } from "effect"
import {
  type PDFDocument as Doc,
  PDFDocument,
  type PDFFont,
  type PDFImage,
  type PDFPage,
  rgb,
  StandardFonts
} from "pdf-lib"
import { type Calibration, CalibrationSchema, calibrationMatrix } from "./Calibration.js"
import type { EncoderPool } from "./EncoderPool.js"
import { InvalidLabelInput, UnencodableText } from "./errors.js"
import { decoderFor } from "./internal/decode.js"
import { encodeSymbols, symbolKey } from "./internal/encodeSymbols.js"
import { fitText } from "./internal/fitText.js"
import { labelLines } from "./internal/labelLines.js"
import { layoutLabel } from "./internal/layoutLabel.js"
import { resolveTemplate } from "./internal/resolveTemplate.js"
import { placedSymbol, symbolRects } from "./internal/symbolContent.js"
import { makeTicker } from "./internal/Ticker.js"
import { type Label, LabelSchema } from "./Label.js"
import { type BuiltInTemplateId, cells, type Template } from "./Template.js"

/**
 * Options of `renderPdf`.
 *
 * @category models
 * @since 0.1.0
 */
export interface RenderPdfOptions {
  /** A built-in template id or a template (custom ones are checked with `decodeTemplate`). */
  readonly template: BuiltInTemplateId | Template
  /** The printer's calibration profile (default: none). */
  readonly calibration?: Calibration
  /** First free position on the first sheet, 0-based row by row (default 0), for a partly used sheet. */
  readonly startAt?: number
  /** A TrueType/OpenType font (bytes) embedded for every text (default Helvetica, Latin-1 only). */
  readonly font?: Uint8Array
  /** Locale of prices (default "en-US"). */
  readonly locale?: string
  /** Encode barcodes in this worker pool (see `createEncoderPool`); worth it from a few hundred codes. */
  readonly pool?: EncoderPool
}

const OptionsSchema = Schema.Struct({
  startAt: Schema.optionalKey(
    Schema.Int.check(Schema.isGreaterThanOrEqualTo(0, { message: "must be an integer ≥ 0" }))
  ),
  locale: Schema.optionalKey(Schema.NonEmptyString),
  calibration: Schema.optionalKey(CalibrationSchema),
  font: Schema.optionalKey(
    Schema.declare((u: unknown): u is Uint8Array => u instanceof Uint8Array, { expected: "TTF/OTF bytes" })
  )
})

const decodeOptions = decoderFor(OptionsSchema, "options")
const decodeLabel = decoderFor(LabelSchema, "label")

const PT = 72 / 25.4
const BLACK = rgb(0, 0, 0)

/** A font as the renderer uses it: drawing, width, height ratio, and a glyph check. */
interface Face {
  readonly pdf: PDFFont
  readonly name: string
  /** Line height / size. */
  readonly lineRatio: number
  /** Descent below the baseline / size (positive). */
  readonly descent: number
  /** First character the font cannot draw, if any. */
  readonly missing: (text: string) => string | undefined
}

const embedFace = async (doc: Doc, bytes: Uint8Array | undefined): Promise<Face> => {
  if (bytes === undefined) {
    const pdf = await doc.embedFont(StandardFonts.Helvetica)
    return {
      pdf,
      name: "Helvetica",
      lineRatio: pdf.heightAtSize(1),
      descent: pdf.heightAtSize(1) - pdf.heightAtSize(1, { descender: false }),
      missing: (text) => {
        if (/^[\x20-\x7e]*$/.test(text)) return undefined
        for (const ch of text) {
          try {
            pdf.encodeText(ch)
          } catch {
            return ch
          }
        }
        return undefined
      }
    }
  }
  doc.registerFontkit(fontkit)
  let font: ReturnType<typeof fontkit.create>
  let pdf: PDFFont
  try {
    font = fontkit.create(bytes as Buffer)
    pdf = await doc.embedFont(bytes, { subset: true })
  } catch (e) {
    throw new InvalidLabelInput({
      target: "options",
      path: "font",
      rule: `must be a TrueType or OpenType font (${String((e as Error).message ?? e)})`
    })
  }
  return {
    pdf,
    name: font.postscriptName ?? "custom font",
    lineRatio: pdf.heightAtSize(1),
    descent: pdf.heightAtSize(1) - pdf.heightAtSize(1, { descender: false }),
    missing: (text) => {
      for (const ch of text) if (!font.hasGlyphForCodePoint(ch.codePointAt(0) as number)) return ch
      return undefined
    }
  }
}

const isPng = (b: Uint8Array) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47
const isJpeg = (b: Uint8Array) => b[0] === 0xff && b[1] === 0xd8

/**
 * Renders labels as a PDF on a sheet or roll template, one label per cell in order (a roll template
 * gives one page per label). Barcodes are vector paths at a scannable module width (snapped to whole
 * dots on thermal templates); text shrinks to 5 pt, then ends with an ellipsis, and never leaves its
 * label. Each distinct barcode is encoded once; long batches yield to the event loop every ~10 ms.
 *
 * @param labels - The labels (see `LabelSchema`).
 * @param options - Template, calibration, start position, font, locale and worker pool.
 * @returns The PDF bytes.
 * @throws InvalidLabelInput (path such as `labels.3.barcode.data`), InvalidBarcodeData, BarcodeTooSmall,
 *   UnencodableText, TemplateDoesNotFit, UnknownTemplate; RenderWorkerFailed with a pool.
 * @example
 * ```ts
 * import { renderPdf } from "@microdrop/labels"
 * const pdf = await renderPdf([{ title: "Tape", barcode: { symbology: "code128", data: "EV26-D1-TAPE-BK-V" } }],
 *   { template: "avery-5160" })
 * new TextDecoder().decode(pdf.subarray(0, 5)) // => "%PDF-"
 * ```
 * @since 0.1.0
 */
export const renderPdf = async (
  labels: ReadonlyArray<Label>,
  options: RenderPdfOptions
): Promise<Uint8Array> => {
  if (typeof options !== "object" || options === null)
    throw new InvalidLabelInput({ target: "options", path: "", rule: "must be an object" })
  const tpl = resolveTemplate(options.template)
  const opts = decodeOptions({
    ...(options.startAt === undefined ? {} : { startAt: options.startAt }),
    ...(options.locale === undefined ? {} : { locale: options.locale }),
    ...(options.calibration === undefined ? {} : { calibration: options.calibration }),
    ...(options.font === undefined ? {} : { font: options.font })
  })
  if (!Array.isArray(labels))
    throw new InvalidLabelInput({ target: "labels", path: "", rule: "must be an array" })
  const grid = cells(tpl)
  const startAt = opts.startAt ?? 0
  if (startAt >= grid.length)
    throw new InvalidLabelInput({
      target: "options",
      path: "startAt",
      rule: `must be below ${grid.length}, the number of labels on a ${tpl.id} page`
    })
  const ticker = makeTicker(10)
  const decoded: Label[] = []
  for (const [i, l] of labels.entries()) {
    decoded.push(decodeLabel(l, `labels.${i}`))
    await ticker.tick()
  }
  const specs = decoded.flatMap((l) => (l.barcode === undefined ? [] : [l.barcode]))
  const symbols = await encodeSymbols(specs, options.pool, ticker)

  const doc = await PDFDocument.create()
  const face = await embedFace(doc, opts.font)
  const locale = opts.locale ?? "en-US"
  const pageW = tpl.page.width * PT
  const pageH = tpl.page.height * PT
  const matrix = opts.calibration === undefined ? undefined : calibrationMatrix(opts.calibration, pageH)
  const images = new Map<Uint8Array, PDFImage>()
  const rects = new Map<string, string>()
  let page: PDFPage | undefined
  // Barcodes go into one raw content stream per page (pdf-lib's drawSvgPath makes an object per path
  // segment: ~10x slower). Streams of a page run in order: [calibration q cm] [pdf-lib's] [barcodes] [Q].
  let barcodeOps: string[] = []
  const addStream = (p: PDFPage, text: string) => {
    p.node.addContentStream(doc.context.register(doc.context.flateStream(text)))
  }
  const finishPage = () => {
    if (page === undefined) return
    if (barcodeOps.length > 0) addStream(page, barcodeOps.join("\n"))
    if (matrix !== undefined) addStream(page, "Q")
    barcodeOps = []
  }
  const radius = tpl.label.radius ?? 0

  for (let i = 0; i < decoded.length; i++) {
    const label = decoded[i] as Label
    const slot = startAt + i
    const cell = grid[slot % grid.length] as (typeof grid)[number]
    if (page === undefined || slot % grid.length === 0) {
      finishPage()
      page = doc.addPage([pageW, pageH])
      if (matrix !== undefined) addStream(page, `q ${matrix.join(" ")} cm`)
    }
    const symbol = label.barcode === undefined ? undefined : symbols.get(symbolKey(label.barcode))
    const lines = labelLines(label, locale, `labels.${i}`)
    const layout = layoutLabel(cell, radius, lines, symbol, label.logo !== undefined, tpl.dpi, `labels.${i}`)

    if (layout.barcode !== undefined) {
      const { symbol: s, placement } = layout.barcode
      const X = placement.module * PT
      const barModules = Math.round((placement.height / placement.module) * 1000) / 1000
      const key = `${symbolKey(s)}\u0000${s.kind === "linear" ? barModules : 0}`
      let r = rects.get(key)
      if (r === undefined) {
        r = symbolRects(s, barModules)
        rects.set(key, r)
      }
      barcodeOps.push(placedSymbol(r, placement.x * PT, pageH - placement.y * PT, X))
    }
    for (const t of layout.texts) {
      const missing = face.missing(t.text)
      if (missing !== undefined)
        throw new UnencodableText({ field: t.field, character: missing, font: face.name })
      const width = t.box.width * PT
      const height = t.box.height * PT
      const fitted = fitText(
        t.text,
        width,
        height,
        (s, size) => face.pdf.widthOfTextAtSize(s, size),
        face.lineRatio,
        t.maxPt,
        5
      )
      if (fitted.text === "") continue
      const textH = face.lineRatio * fitted.size
      const bottom = pageH - (t.box.y * PT + height)
      const x =
        t.align === "center"
          ? t.box.x * PT + (width - face.pdf.widthOfTextAtSize(fitted.text, fitted.size)) / 2
          : t.box.x * PT
      page.drawText(fitted.text, {
        x,
        y: bottom + (height - textH) / 2 + face.descent * fitted.size,
        size: fitted.size,
        font: face.pdf,
        color: BLACK
      })
    }
    if (layout.logo !== undefined && label.logo !== undefined) {
      const bytes = label.logo
      let image = images.get(bytes)
      if (image === undefined) {
        if (!isPng(bytes) && !isJpeg(bytes))
          throw new InvalidLabelInput({
            target: "label",
            path: `labels.${i}.logo`,
            rule: "must be PNG or JPEG bytes"
          })
        image = isPng(bytes) ? await doc.embedPng(bytes) : await doc.embedJpg(bytes)
        images.set(bytes, image)
      }
      const box = layout.logo
      const k = Math.min(box.width / image.width, box.height / image.height)
      const w = image.width * k
      const h = image.height * k
      page.drawImage(image, {
        x: (box.x + box.width - w) * PT,
        y: pageH - (box.y + h) * PT,
        width: w * PT,
        height: h * PT
      })
    }
    await ticker.tick()
  }
  finishPage()
  if (page === undefined) doc.addPage([pageW, pageH])
  return doc.save({ objectsPerTick: 20 })
}
