/**
 * Label templates in millimetres: a page (sheet or one roll label), a grid of labels, and the check
 * that every label lies on its page.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { TemplateDoesNotFit, UnknownTemplate } from "./errors.js"
import { decoderFor } from "./internal/decode.js"

const Mm = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0, { message: "must be a length in mm ≥ 0" }))
const PositiveMm = Schema.Finite.check(Schema.isGreaterThan(0, { message: "must be a length in mm > 0" }))
const Count = Schema.Int.check(
  Schema.isGreaterThanOrEqualTo(1, { message: "must be an integer ≥ 1" }),
  Schema.isLessThanOrEqualTo(500, { message: "must be at most 500" })
)

/**
 * The Schema of a template (all lengths in millimetres, origin at the page's top-left corner).
 *
 * @category schemas
 * @since 0.1.0
 */
export const TemplateSchema = Schema.Struct({
  /** Identifier, e.g. "avery-5160". */
  id: Schema.NonEmptyString,
  /** Human description. */
  description: Schema.optionalKey(Schema.String),
  /** "sheet" (office printer, many labels per page) or "roll" (thermal, one label per page). */
  kind: Schema.Literals(["sheet", "roll"]),
  /** Page (or roll label) size. */
  page: Schema.Struct({ width: PositiveMm, height: PositiveMm }),
  /** Offset of the first label's top-left corner from the page's top-left corner. */
  margin: Schema.Struct({ left: Mm, top: Mm }),
  /** Labels across. */
  columns: Count,
  /** Labels down. */
  rows: Count,
  /** Distance between the left edges (x) and top edges (y) of neighbouring labels. */
  pitch: Schema.Struct({ x: Mm, y: Mm }),
  /** Label size and corner radius. */
  label: Schema.Struct({ width: PositiveMm, height: PositiveMm, radius: Schema.optionalKey(Mm) }),
  /** Printer resolution in dots per inch, when fixed (thermal printers): modules snap to whole dots. */
  dpi: Schema.optionalKey(
    Schema.Int.check(
      Schema.isBetween({ minimum: 100, maximum: 1200 }, { message: "must be 100 to 1200 dpi" })
    )
  )
})

/**
 * A label template: page, grid and label size in millimetres.
 *
 * @category models
 * @since 0.1.0
 */
export type Template = typeof TemplateSchema.Type

/**
 * One label position on a page, in millimetres from the page's top-left corner.
 *
 * @category models
 * @since 0.1.0
 */
export interface Cell {
  /** Index on the page (row-major). */
  readonly index: number
  /** Column (0-based). */
  readonly column: number
  /** Row (0-based). */
  readonly row: number
  /** Left edge (mm). */
  readonly x: number
  /** Top edge (mm). */
  readonly y: number
  /** Width (mm). */
  readonly width: number
  /** Height (mm). */
  readonly height: number
}

/** Rounding slack when comparing lengths built from decimal millimetres. */
const EPS = 0.01

const fitProblem = (t: Template): string | undefined => {
  const right = t.margin.left + (t.columns - 1) * t.pitch.x + t.label.width
  const bottom = t.margin.top + (t.rows - 1) * t.pitch.y + t.label.height
  const r = (n: number) => Number(n.toFixed(3))
  if (right > t.page.width + EPS)
    return `the last column ends at ${r(right)} mm, past the page width ${t.page.width} mm`
  if (bottom > t.page.height + EPS)
    return `the last row ends at ${r(bottom)} mm, past the page height ${t.page.height} mm`
  if (t.columns > 1 && t.pitch.x + EPS < t.label.width)
    return `horizontal pitch ${t.pitch.x} mm is less than the label width ${t.label.width} mm (labels overlap)`
  if (t.rows > 1 && t.pitch.y + EPS < t.label.height)
    return `vertical pitch ${t.pitch.y} mm is less than the label height ${t.label.height} mm (labels overlap)`
  if ((t.label.radius ?? 0) > Math.min(t.label.width, t.label.height) / 2 + EPS)
    return `corner radius ${t.label.radius} mm is more than half the label's smaller side`
  return undefined
}

const decodeTemplateShape = decoderFor(TemplateSchema, "template")

/**
 * Decodes and validates a custom template: the Schema, then the fit (every label on the page, no
 * overlaps, corner radius at most half a side).
 *
 * @param input - Template data, e.g. from a JSON file.
 * @returns The template.
 * @throws InvalidLabelInput (field path and rule) for a malformed value; TemplateDoesNotFit when the labels
 *   do not fit the page.
 * @example
 * ```ts
 * import { decodeTemplate } from "@microdrop/labels"
 * const t = decodeTemplate({ id: "my-2x2", kind: "sheet", page: { width: 100, height: 100 }, margin: { left: 5, top: 5 },
 *   columns: 2, rows: 2, pitch: { x: 45, y: 45 }, label: { width: 40, height: 40 } })
 * t.columns // => 2
 * ```
 * @since 0.1.0
 */
export const decodeTemplate = (input: unknown): Template => {
  const t = decodeTemplateShape(input)
  const problem = fitProblem(t)
  if (problem !== undefined) throw new TemplateDoesNotFit({ template: t.id, rule: problem })
  return t
}

/**
 * The label positions of one page, row by row.
 *
 * @param template - The template.
 * @returns One cell per label on a page.
 * @example
 * ```ts
 * import { cells, template } from "@microdrop/labels"
 * cells(template("avery-5160")).length // => 30
 * ```
 * @since 0.1.0
 */
export const cells = (template: Template): ReadonlyArray<Cell> => {
  const out: Cell[] = []
  for (let row = 0; row < template.rows; row++)
    for (let column = 0; column < template.columns; column++)
      out.push({
        index: out.length,
        column,
        row,
        x: template.margin.left + column * template.pitch.x,
        y: template.margin.top + row * template.pitch.y,
        width: template.label.width,
        height: template.label.height
      })
  return out
}

const IN = 25.4
const LETTER = { width: 8.5 * IN, height: 11 * IN }
const A4 = { width: 210, height: 297 }

const sheet = (
  id: string,
  description: string,
  page: { width: number; height: number },
  grid: { columns: number; rows: number },
  label: { width: number; height: number; radius?: number },
  margin: { left: number; top: number },
  pitch: { x: number; y: number }
): Template => ({ id, description, kind: "sheet", page, margin, ...grid, pitch, label })

const roll = (
  id: string,
  description: string,
  width: number,
  height: number,
  printable?: number
): Template => ({
  id,
  description,
  kind: "roll",
  page: { width, height },
  margin: { left: printable === undefined ? 0 : (width - printable) / 2, top: 0 },
  columns: 1,
  rows: 1,
  pitch: { x: 0, y: 0 },
  label: { width: printable ?? width, height },
  dpi: 203
})

/**
 * The built-in templates: Avery sheets on US Letter (5160, 5163, 5167) and A4 (L7160, L7163, L7651),
 * and thermal rolls at 203 dpi (2×1 in, 4×6 in, 57 mm receipt paper with 48 mm printable).
 * Sheet geometry matches gLabels' template files for the same products.
 *
 * @category constants
 * @since 0.1.0
 */
export const BUILT_IN_TEMPLATES: ReadonlyArray<Template> = [
  sheet(
    "avery-5160",
    "Avery 5160 address labels, 30 per US Letter sheet (2⅝ × 1 in)",
    LETTER,
    { columns: 3, rows: 10 },
    { width: 2.625 * IN, height: 1 * IN, radius: 0.0625 * IN },
    { left: 0.15625 * IN, top: 0.5 * IN },
    { x: 2.78125 * IN, y: 1 * IN }
  ),
  sheet(
    "avery-5163",
    "Avery 5163 shipping labels, 10 per US Letter sheet (4 × 2 in)",
    LETTER,
    { columns: 2, rows: 5 },
    { width: 4 * IN, height: 2 * IN, radius: 0.125 * IN },
    { left: 0.1625 * IN, top: 0.5 * IN },
    { x: 4.1875 * IN, y: 2 * IN }
  ),
  sheet(
    "avery-5167",
    "Avery 5167 return address labels, 80 per US Letter sheet (1¾ × ½ in)",
    LETTER,
    { columns: 4, rows: 20 },
    { width: 1.75 * IN, height: 0.5 * IN, radius: 0.0625 * IN },
    { left: 0.28125 * IN, top: 0.5 * IN },
    { x: 2.0625 * IN, y: 0.5 * IN }
  ),
  sheet(
    "avery-l7160",
    "Avery L7160 address labels, 21 per A4 sheet (63.5 × 38.1 mm)",
    A4,
    { columns: 3, rows: 7 },
    { width: 63.5, height: 38.1, radius: 2 },
    { left: 7.25, top: 15.15 },
    { x: 66.04, y: 38.1 }
  ),
  sheet(
    "avery-l7163",
    "Avery L7163 parcel labels, 14 per A4 sheet (99.1 × 38.1 mm)",
    A4,
    { columns: 2, rows: 7 },
    { width: 99.1, height: 38.1, radius: 2 },
    { left: 4.65, top: 15.15 },
    { x: 101.6, y: 38.1 }
  ),
  sheet(
    "avery-l7651",
    "Avery L7651 mini labels, 65 per A4 sheet (38.1 × 21.2 mm)",
    A4,
    { columns: 5, rows: 13 },
    { width: 38.1, height: 21.2, radius: 1 },
    { left: 4.75, top: 10.7 },
    { x: 40.6, y: 21.2 }
  ),
  roll("thermal-2x1in", "Thermal roll label 2 × 1 in (203 dpi)", 2 * IN, 1 * IN),
  roll("thermal-4x6in", "Thermal shipping label 4 × 6 in (203 dpi)", 4 * IN, 6 * IN),
  roll("receipt-57mm", "57 mm receipt paper, 48 mm printable, 40 mm per label (203 dpi)", 57, 40, 48)
]

/**
 * The ids of the built-in templates.
 *
 * @category models
 * @since 0.1.0
 */
export type BuiltInTemplateId =
  | "avery-5160"
  | "avery-5163"
  | "avery-5167"
  | "avery-l7160"
  | "avery-l7163"
  | "avery-l7651"
  | "thermal-2x1in"
  | "thermal-4x6in"
  | "receipt-57mm"

/**
 * A built-in template by id.
 *
 * @param id - One of `BuiltInTemplateId` (see `BUILT_IN_TEMPLATES`).
 * @returns The template.
 * @throws UnknownTemplate for an id that is not built in (listing the ids that are).
 * @example
 * ```ts
 * import { template } from "@microdrop/labels"
 * template("avery-l7160").columns // => 3
 * ```
 * @since 0.1.0
 */
export const template = (id: BuiltInTemplateId | (string & {})): Template => {
  const found = BUILT_IN_TEMPLATES.find((t) => t.id === id)
  if (found === undefined) throw new UnknownTemplate({ id, known: BUILT_IN_TEMPLATES.map((t) => t.id) })
  return found
}
