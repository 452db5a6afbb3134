/** Fits an encoded symbol into a box at a scannable size (module width X, quiet zones, bar height), or refuses. */
import { type BarcodeSymbol, SYMBOLOGY_RULES } from "../Barcode.js"
import { BarcodeTooSmall } from "../errors.js"

/** Smallest bar height printed (mm), and as a share of the symbol width (ISO/IEC 15417 asks 15 %). */
export const MIN_BAR_HEIGHT_MM = 5
export const MIN_BAR_HEIGHT_RATIO = 0.15

/** A placed symbol: top-left of its first module (mm, page coordinates), module width and bar height. */
export interface Placement {
  /** Left edge of the symbol proper (quiet zone excluded), mm. */
  readonly x: number
  /** Top edge, mm. */
  readonly y: number
  /** Module width X, mm. */
  readonly module: number
  /** Bar height (linear) or symbol height (matrix), mm. */
  readonly height: number
  /** Width of the symbol proper, mm. */
  readonly width: number
}

export interface Box {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

const snap = (mm: number, dpi: number | undefined): number =>
  dpi === undefined ? mm : Math.floor((mm * dpi) / 25.4 + 1e-9) / (dpi / 25.4)

const snapPos = (mm: number, dpi: number | undefined): number =>
  dpi === undefined ? mm : Math.round((mm * dpi) / 25.4) / (dpi / 25.4)

/** Rounds a needed length up to whole printer dots. */
const dotsUp = (mm: number, dpi: number | undefined): number =>
  dpi === undefined ? mm : Math.ceil((mm * dpi) / 25.4 - 1e-9) / (dpi / 25.4)

/**
 * Places a symbol centred in `box` (mm). Linear symbols use the full height for bars; matrix symbols
 * are square modules. X never drops below the symbology's minimum (snapped to whole dots when `dpi`).
 */
export const placeBarcode = (symbol: BarcodeSymbol, box: Box, dpi: number | undefined): Placement => {
  const rules = SYMBOLOGY_RULES[symbol.symbology]
  const minX = dotsUp(rules.minModuleMm, dpi)
  const q = rules.quiet
  const across = symbol.width + q.left + q.right
  const down = symbol.kind === "matrix" ? symbol.height + q.left + q.right : 0
  const fit = symbol.kind === "matrix" ? Math.min(box.width / across, box.height / down) : box.width / across
  const X = snap(Math.min(rules.maxModuleMm, fit), dpi)
  if (X < minX - 1e-9) {
    const widthShort = box.width / across < minX
    throw new BarcodeTooSmall({
      symbology: symbol.symbology,
      dimension: widthShort ? "width" : "height",
      neededMm: (widthShort ? across : down) * minX,
      availableMm: widthShort ? box.width : box.height
    })
  }
  const width = symbol.width * X
  if (symbol.kind === "matrix") {
    const height = symbol.height * X
    return {
      x: snapPos(box.x + (box.width - width) / 2, dpi),
      y: snapPos(box.y + (box.height - height) / 2, dpi),
      module: X,
      height,
      width
    }
  }
  const minHeight = Math.max(MIN_BAR_HEIGHT_MM, MIN_BAR_HEIGHT_RATIO * width)
  if (box.height < minHeight - 1e-9)
    throw new BarcodeTooSmall({
      symbology: symbol.symbology,
      dimension: "height",
      neededMm: minHeight,
      availableMm: box.height
    })
  return {
    x: snapPos(box.x + (box.width - across * X) / 2 + q.left * X, dpi),
    y: snapPos(box.y, dpi),
    module: X,
    height: snap(box.height, dpi),
    width
  }
}
