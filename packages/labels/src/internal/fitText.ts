/** Fits one line of text in a box: the largest size up to a maximum, shrunk to a minimum, then cut with an ellipsis. */

/** Measures text width at a size (points), in points. */
export type Measure = (text: string, size: number) => number

/** The text to draw and its size; `text` is "" when not even an ellipsis fits. */
export interface FittedText {
  readonly text: string
  readonly size: number
}

const ELLIPSIS = "…"

/**
 * Largest size ≤ `maxSize` whose line height (size × `lineRatio`) fits `height` and whose width fits
 * `width`; below `minSize` the text is cut and ends with an ellipsis. Never wider than `width` nor
 * taller than `height`.
 */
export const fitText = (
  text: string,
  width: number,
  height: number,
  measure: Measure,
  lineRatio: number,
  maxSize: number,
  minSize: number,
  ellipsis: string = ELLIPSIS
): FittedText => {
  const byHeight = Math.min(maxSize, height / lineRatio)
  const at1 = measure(text, 1)
  const size = at1 === 0 ? byHeight : Math.min(byHeight, width / at1)
  if (size >= minSize || size >= byHeight) return { text, size }
  const floor = Math.min(minSize, byHeight)
  const chars = [...text]
  // Binary search the longest prefix whose text + ellipsis fits at the floor size.
  let lo = 0
  let hi = chars.length
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (measure(chars.slice(0, mid).join("").trimEnd() + ellipsis, floor) <= width) lo = mid
    else hi = mid - 1
  }
  if (lo === 0)
    return measure(ellipsis, floor) <= width ? { text: ellipsis, size: floor } : { text: "", size: floor }
  return { text: chars.slice(0, lo).join("").trimEnd() + ellipsis, size: floor }
}
