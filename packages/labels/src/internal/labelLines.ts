/** The text lines of a label in print order (title, price, SKU, extra lines) with their largest sizes. */
import { formatMoney } from "@microdrop/pricing"
import type { Label } from "../Label.js"
import type { LineSpec } from "./layoutLabel.js"

export const labelLines = (label: Label, locale: string, prefix: string): ReadonlyArray<LineSpec> => {
  const lines: LineSpec[] = []
  if (label.title !== undefined && label.title !== "")
    lines.push({ text: label.title, field: `${prefix}.title`, maxPt: 13 })
  if (label.price !== undefined)
    lines.push({ text: formatMoney(label.price, locale), field: `${prefix}.price`, maxPt: 12 })
  // The barcode prints its data under the bars: the same SKU is not printed twice.
  const hri =
    label.barcode !== undefined &&
    label.barcode.symbology !== "qr" &&
    label.barcode.symbology !== "datamatrix"
  if (label.sku !== undefined && label.sku !== "" && !(hri && label.barcode?.data === label.sku))
    lines.push({ text: label.sku, field: `${prefix}.sku`, maxPt: 9 })
  label.lines?.forEach((text, i) => {
    if (text !== "") lines.push({ text, field: `${prefix}.lines.${i}`, maxPt: 9 })
  })
  return lines
}
