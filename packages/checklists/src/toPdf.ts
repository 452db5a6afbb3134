/**
 * A running checklist as a printable PDF (pdf-lib): one section per role, each item a checkbox
 * (ticked when done) with its local start and due time, title, critical mark and notes.
 *
 * @since 0.1.0
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib"
import { InvalidChecklistInput } from "./errors.ts"
import { toInstant } from "./internal/instant.ts"
import { formatLocal } from "./internal/timeZone.ts"
import { itemStates, type Run, scheduleOf } from "./Run.ts"

/**
 * Options of `toPdf`.
 *
 * @category models
 * @since 0.1.0
 */
export interface PdfOptions {
  /** When the sheet is printed (epoch ms or ISO 8601 with an offset): shown in the header and stored as the PDF's dates. */
  readonly now: number | string
  /** Page size in points (default A4, 595.28 × 841.89). */
  readonly pageSize?: readonly [number, number]
}

// The standard fonts encode WinAnsi only: keep Latin-1 and the common typographic marks, replace the rest.
const WIN_ANSI_EXTRA = new Set([..."€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"])
const printable = (s: string): string =>
  [...s.replace(/[\r\n\t]+/g, " ")]
    .map((c) => {
      const code = c.codePointAt(0) ?? 0
      return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(c)
        ? c
        : "?"
    })
    .join("")

/** Splits text into lines no wider than `width` at `size`. */
const wrap = (text: string, font: PDFFont, size: number, width: number): string[] => {
  const lines: string[] = []
  let line = ""
  for (const word of text.split(" ")) {
    const next = line === "" ? word : `${line} ${word}`
    if (font.widthOfTextAtSize(next, size) <= width || line === "") line = next
    else {
      lines.push(line)
      line = word
    }
  }
  if (line !== "") lines.push(line)
  return lines
}

/**
 * Renders a running checklist as a printable PDF, grouped by role, with a checkbox per item.
 *
 * @param run - The running checklist.
 * @param options - `now` (header and PDF dates), optional page size.
 * @returns The PDF bytes.
 * @throws InvalidChecklistInput (`now`, `pageSize`).
 * @example
 * ```ts
 * import { instantiate, launch, toPdf } from "@microdrop/checklists"
 * const run = instantiate(launch, { anchors: { doors: "2026-10-25T19:00:00+01:00" }, timeZone: "Europe/Berlin" })
 * const bytes = await toPdf(run, { now: "2026-10-20T09:00:00Z" })
 * ```
 * @since 0.1.0
 */
export const toPdf = async (run: Run, options: PdfOptions): Promise<Uint8Array> => {
  const now = toInstant(options.now, "now")
  const [pageWidth, pageHeight] = options.pageSize ?? [595.28, 841.89]
  for (const side of [pageWidth, pageHeight])
    if (typeof side !== "number" || !Number.isFinite(side) || side < 200 || side > 14_400)
      throw new InvalidChecklistInput({
        path: "pageSize",
        rule: "width and height in points, 200 to 14,400 each"
      })
  const s = scheduleOf(run)
  const states = itemStates(run)
  const doc = await PDFDocument.create({ updateMetadata: false })
  doc.setTitle(printable(`${run.template.title} — ${run.id}`))
  doc.setCreator("@microdrop/checklists")
  doc.setProducer("pdf-lib")
  doc.setCreationDate(new Date(now))
  doc.setModificationDate(new Date(now))
  const font = await doc.embedFont(StandardFonts.Helvetica)
  const bold = await doc.embedFont(StandardFonts.HelveticaBold)
  const margin = 48
  const textX = margin + 22
  const textWidth = pageWidth - textX - margin
  let page: PDFPage = doc.addPage([pageWidth, pageHeight])
  let y = pageHeight - margin
  const need = (height: number) => {
    if (y - height < margin) {
      page = doc.addPage([pageWidth, pageHeight])
      y = pageHeight - margin
    }
  }
  const text = (t: string, x: number, size: number, f: PDFFont = font, color = rgb(0, 0, 0)) =>
    page.drawText(printable(t), { x, y, size, font: f, color })

  text(run.template.title, margin, 18, bold)
  y -= 20
  const anchors = run.template.anchors
    .map((a) => `${a.title} ${formatLocal(run.anchors[a.id] as number, run.timeZone)}`)
    .join("  ·  ")
  for (const line of wrap(printable(anchors), font, 9, pageWidth - 2 * margin)) {
    text(line, margin, 9)
    y -= 12
  }
  text(`${run.timeZone} · printed ${formatLocal(now, run.timeZone)}`, margin, 9, font, rgb(0.4, 0.4, 0.4))
  y -= 20

  const roles = [...new Set(run.template.items.map((x) => x.owner))].sort()
  for (const role of roles) {
    need(40)
    text(role, margin, 13, bold)
    y -= 18
    const rows = run.template.items
      .map((item, i) => ({ item, x: s.items[i] as (typeof s.items)[number] }))
      .filter((r) => r.item.owner === role)
      .sort((a, b) => a.x.start - b.x.start || a.x.finish - b.x.finish)
    for (const { item, x } of rows) {
      const title = wrap(printable(`${item.critical === true ? "! " : ""}${item.title}`), bold, 10, textWidth)
      const notes = item.notes === undefined ? [] : wrap(printable(item.notes), font, 8, textWidth)
      need(14 + title.length * 12 + notes.length * 10)
      page.drawRectangle({
        x: margin,
        y: y - 3,
        width: 11,
        height: 11,
        borderWidth: 1,
        borderColor: rgb(0, 0, 0)
      })
      if (states.get(item.id)?.done === true) {
        page.drawLine({
          start: { x: margin + 2, y: y + 3 },
          end: { x: margin + 5, y: y - 1 },
          thickness: 1.5
        })
        page.drawLine({
          start: { x: margin + 5, y: y - 1 },
          end: { x: margin + 10, y: y + 7 },
          thickness: 1.5
        })
      }
      const state = states.get(item.id)
      const done = state?.done === true && state.last !== undefined
      const when = `${formatLocal(x.start, run.timeZone)} - due ${formatLocal(x.finish, run.timeZone).slice(11, 16)}`
      const by = done
        ? `  ·  done by ${state.last?.by} at ${formatLocal(state.last?.at ?? 0, run.timeZone).slice(11, 16)}`
        : ""
      text(`${when}${by}`, textX, 8, font, rgb(0.3, 0.3, 0.3))
      y -= 12
      for (const line of title) {
        text(line, textX, 10, bold)
        y -= 12
      }
      for (const line of notes) {
        text(line, textX, 8, font, rgb(0.3, 0.3, 0.3))
        y -= 10
      }
      y -= 6
    }
    y -= 8
  }
  return doc.save()
}
