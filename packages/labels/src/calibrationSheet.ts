/**
 * A one-page calibration sheet: millimetre rulers along the top and left edges, each label's outline
 * and a crosshair at its centre, to measure a printer's offset and scale.
 *
 * @since 0.1.0
 */
import { concatTransformationMatrix, PDFDocument, rgb, StandardFonts } from "pdf-lib"
import { type Calibration, calibrationMatrix, decodeCalibration } from "./Calibration.js"
import { resolveTemplate } from "./internal/resolveTemplate.js"
import { type BuiltInTemplateId, cells, type Template } from "./Template.js"

const PT = 72 / 25.4
const BLACK = rgb(0, 0, 0)
const GREY = rgb(0.6, 0.6, 0.6)

/** Half the length of a crosshair arm (mm). */
export const CROSSHAIR_MM = 3

/**
 * Renders the calibration sheet of a template. Print it on plain paper, hold it against a label sheet
 * (or measure the rulers): if the crosshairs sit 1.5 mm right of the label centres, the profile is
 * `{ offsetX: -1.5 }`; if the last column drifts more than the first, set `scaleX` to
 * (expected distance ÷ printed distance) between the first and last crosshair. Pass a profile to check
 * it: the sheet is then printed through it.
 *
 * @param templateOption - A built-in template id or a template.
 * @param calibration - A profile to print through (default: none).
 * @returns The PDF bytes (one page).
 * @throws UnknownTemplate, TemplateDoesNotFit, InvalidLabelInput (a malformed template or profile).
 * @example
 * ```ts
 * import { calibrationSheet } from "@microdrop/labels"
 * const pdf = await calibrationSheet("avery-l7160")
 * pdf.length > 1000 // => true
 * ```
 * @since 0.1.0
 */
export const calibrationSheet = async (
  templateOption: BuiltInTemplateId | Template,
  calibration?: Calibration
): Promise<Uint8Array> => {
  const t = resolveTemplate(templateOption)
  const profile = calibration === undefined ? undefined : decodeCalibration(calibration)
  const doc = await PDFDocument.create()
  const font = await doc.embedFont(StandardFonts.Helvetica)
  const W = t.page.width * PT
  const H = t.page.height * PT
  const page = doc.addPage([W, H])
  if (profile !== undefined) page.pushOperators(concatTransformationMatrix(...calibrationMatrix(profile, H)))
  const line = (x1: number, y1: number, x2: number, y2: number, thickness = 0.3, color = BLACK) =>
    page.drawLine({
      start: { x: x1 * PT, y: H - y1 * PT },
      end: { x: x2 * PT, y: H - y2 * PT },
      thickness,
      color
    })
  // Rulers: a tick every mm, longer every 5 mm, numbered every 10 mm.
  for (let mm = 0; mm <= t.page.width; mm++) {
    line(mm, 0, mm, mm % 10 === 0 ? 4 : mm % 5 === 0 ? 3 : 1.5, 0.25)
    if (mm % 10 === 0 && mm > 0) page.drawText(String(mm), { x: mm * PT + 1, y: H - 7 * PT, size: 5, font })
  }
  for (let mm = 0; mm <= t.page.height; mm++) {
    line(0, mm, mm % 10 === 0 ? 4 : mm % 5 === 0 ? 3 : 1.5, mm, 0.25)
    if (mm % 10 === 0 && mm > 0) page.drawText(String(mm), { x: 5 * PT, y: H - mm * PT - 2, size: 5, font })
  }
  for (const c of cells(t)) {
    page.drawRectangle({
      x: c.x * PT,
      y: H - (c.y + c.height) * PT,
      width: c.width * PT,
      height: c.height * PT,
      borderColor: GREY,
      borderWidth: 0.3
    })
    const cx = c.x + c.width / 2
    const cy = c.y + c.height / 2
    const arm = Math.min(CROSSHAIR_MM, c.width / 4, c.height / 4)
    line(cx - arm, cy, cx + arm, cy, 0.4)
    line(cx, cy - arm, cx, cy + arm, 0.4)
  }
  const note = `${t.id}: crosshairs mark label centres. Offset = label centre - crosshair (mm, right/down positive).`
  const size = Math.min(7, ((t.page.width - 20) * PT) / font.widthOfTextAtSize(note, 1))
  page.drawText(note, { x: 10 * PT, y: 3 * PT, size, font, color: BLACK })
  return doc.save()
}
