/** Splits a label cell into boxes (mm): text lines, a barcode with its human-readable line, a logo. */
import type { BarcodeSymbol } from "../Barcode.js"
import type { Cell } from "../Template.js"
import { type Box, type Placement, placeBarcode } from "./placeBarcode.js"

/** One text line to fit: the text, its box and its largest size (pt). */
export interface TextSlot {
  readonly text: string
  readonly box: Box
  readonly maxPt: number
  /** Where it came from, for errors (e.g. "title"). */
  readonly field: string
  /** Horizontal alignment in its box (default left). */
  readonly align?: "center"
}

/** A label laid out in page millimetres. */
export interface LabelLayout {
  readonly texts: ReadonlyArray<TextSlot>
  readonly barcode?: { readonly symbol: BarcodeSymbol; readonly placement: Placement }
  readonly logo?: Box
}

/** The text lines of a label, in order, with their field names and largest sizes. */
export interface LineSpec {
  readonly text: string
  readonly field: string
  readonly maxPt: number
}

/** Height of the human-readable line under linear bars (mm), and the gap above it. */
const HRI_MM = 2.4

/** Inner padding of a cell (mm): room for corner radius and printer drift, less on tiny labels. */
export const paddingOf = (cell: Cell, radius: number): number =>
  Math.min(Math.max(1.2, radius * 0.6), Math.min(cell.width, cell.height) / 8)

export const layoutLabel = (
  cell: Cell,
  radius: number,
  lines: ReadonlyArray<LineSpec>,
  symbol: BarcodeSymbol | undefined,
  hasLogo: boolean,
  dpi: number | undefined,
  prefix: string
): LabelLayout => {
  const pad = paddingOf(cell, radius)
  const inner: Box = {
    x: cell.x + pad,
    y: cell.y + pad,
    width: cell.width - 2 * pad,
    height: cell.height - 2 * pad
  }
  let textArea: Box = inner
  let barcode: LabelLayout["barcode"]
  const slots: TextSlot[] = []
  if (symbol !== undefined) {
    if (symbol.kind === "linear") {
      const textH = lines.length === 0 ? 0 : Math.min(inner.height * 0.42, lines.length * 6)
      const gap = lines.length === 0 ? 0 : 0.6
      const barBox: Box = {
        x: inner.x,
        y: inner.y + textH + gap,
        width: inner.width,
        height: inner.height - textH - gap - HRI_MM
      }
      const placement = placeBarcode(symbol, barBox, dpi)
      barcode = { symbol, placement }
      slots.push({
        text: symbol.data,
        box: {
          x: inner.x,
          y: placement.y + placement.height + 0.2,
          width: inner.width,
          height: HRI_MM - 0.2
        },
        maxPt: 7,
        field: `${prefix}.barcode.data`,
        align: "center"
      })
      textArea = { x: inner.x, y: inner.y, width: inner.width, height: textH }
    } else {
      const side = Math.min(inner.height, lines.length === 0 ? inner.width : inner.width * 0.5)
      const placement = placeBarcode(
        symbol,
        { x: inner.x, y: inner.y, width: side, height: inner.height },
        dpi
      )
      barcode = { symbol, placement }
      const used = placement.x - inner.x + placement.width + 1.5
      textArea = { x: inner.x + used, y: inner.y, width: inner.width - used, height: inner.height }
    }
  }
  let logo: Box | undefined
  if (hasLogo && textArea.height > 0 && textArea.width > 0) {
    const side = Math.min(textArea.height, textArea.width * 0.3)
    logo = { x: textArea.x + textArea.width - side, y: textArea.y, width: side, height: side }
    textArea = { ...textArea, width: textArea.width - side - 1 }
  }
  if (lines.length > 0 && textArea.height > 0 && textArea.width > 0) {
    const lineH = textArea.height / lines.length
    lines.forEach((line, i) => {
      slots.push({
        text: line.text,
        box: { x: textArea.x, y: textArea.y + i * lineH, width: textArea.width, height: lineH },
        maxPt: line.maxPt,
        field: line.field
      })
    })
  }
  return barcode === undefined
    ? logo === undefined
      ? { texts: slots }
      : { texts: slots, logo }
    : logo === undefined
      ? { texts: slots, barcode }
      : { texts: slots, barcode, logo }
}
