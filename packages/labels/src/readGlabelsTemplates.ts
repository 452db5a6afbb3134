/**
 * Reads gLabels template files (the XML that gLabels ships, e.g. Debian's `glabels-data` in
 * `/usr/share/libglabels-3.0/templates`), so a user can print on the product code on their box.
 *
 * @since 0.1.0
 */
import { InvalidLabelInput, TemplateDoesNotFit } from "./errors.js"
import { decodeTemplate, type Template } from "./Template.js"

/**
 * A gLabels product read as a template.
 *
 * @category models
 * @since 0.1.0
 */
export interface GlabelsTemplate {
  /** Brand, e.g. "Avery". */
  readonly brand: string
  /** Product code, e.g. "5160" or "L7160". */
  readonly part: string
  /** The template (id: lower-case `brand-part`). */
  readonly template: Template
}

/**
 * A gLabels product this package cannot print on, and why.
 *
 * @category models
 * @since 0.1.0
 */
export interface GlabelsRefusal {
  /** Brand. */
  readonly brand: string
  /** Product code. */
  readonly part: string
  /** Why, in words (e.g. "CD/DVD labels are not supported"). */
  readonly reason: string
}

/**
 * What `readGlabelsTemplates` found: every `<Template>` either parsed or refused with a reason.
 *
 * @category models
 * @since 0.1.0
 */
export interface GlabelsTemplates {
  /** The products read as templates. */
  readonly templates: ReadonlyArray<GlabelsTemplate>
  /** The products refused, with reasons. */
  readonly refused: ReadonlyArray<GlabelsRefusal>
}

type Attrs = Readonly<Record<string, string>>

const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }

const attrsOf = (text: string): Attrs => {
  const out: Record<string, string> = {}
  for (const m of text.matchAll(/([\w:-]+)\s*=\s*"([^"]*)"/g))
    out[m[1] as string] = (m[2] as string).replace(/&(\w+);/g, (all, e: string) => ENTITIES[e] ?? all)
  return out
}

const UNITS: Readonly<Record<string, number>> = { pt: 25.4 / 72, in: 25.4, mm: 1, cm: 10, pc: 25.4 / 6 }

/** A gLabels length ("2.625in", "63.5mm", "181.4" = points) in millimetres, or undefined. */
const lengthMm = (text: string | undefined): number | undefined => {
  // Seen in the wild: "11.in", "3.93386e-16pt".
  if (text === undefined) return undefined
  const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(pt|in|mm|cm|pc)?\s*$/.exec(text)
  if (m === null) return undefined
  return Number(m[1]) * (UNITS[m[2] ?? "pt"] as number)
}

/** The paper sizes of gLabels' `paper-sizes.xml` that most templates use, in mm. */
const PAPER: Readonly<Record<string, { width: number; height: number }>> = {
  A3: { width: 297, height: 420 },
  A4: { width: 210, height: 297 },
  A5: { width: 148, height: 210 },
  A6: { width: 105, height: 148 },
  "US-Letter": { width: 215.9, height: 279.4 },
  "US-Legal": { width: 215.9, height: 355.6 }
}

const paperSizes = (xml: string | undefined): Record<string, { width: number; height: number }> => {
  const out: Record<string, { width: number; height: number }> = { ...PAPER }
  if (xml === undefined) return out
  for (const m of xml.matchAll(/<Paper-size\b([^>]*)\/?>/g)) {
    const a = attrsOf(m[1] as string)
    const width = lengthMm(a["width"])
    const height = lengthMm(a["height"])
    if (a["id"] !== undefined && width !== undefined && height !== undefined) out[a["id"]] = { width, height }
  }
  return out
}

type Parsed =
  | { readonly ok: true; readonly template: Template }
  | { readonly ok: false; readonly reason: string }

const parseOne = (
  a: Attrs,
  body: string,
  paper: Readonly<Record<string, { width: number; height: number }>>
): Parsed => {
  const id = `${a["brand"]}-${a["part"]}`.toLowerCase().replace(/\s+/g, "-")
  const size = a["size"]
  const page =
    size === "Other" || size === undefined
      ? { width: lengthMm(a["width"]), height: lengthMm(a["height"]) }
      : paper[size]
  if (page === undefined) return { ok: false, reason: `unknown paper size "${size}"` }
  if (page.width === undefined || page.height === undefined)
    return { ok: false, reason: "paper size Other without a readable width and height" }
  const shapes = [...body.matchAll(/<Label-(\w+)\b([^>]*)>([\s\S]*?)<\/Label-\1>|<Label-(\w+)\b([^>]*)\/>/g)]
  if (shapes.length === 0) return { ok: false, reason: "no label shape" }
  if (shapes.length > 1) return { ok: false, reason: "several label shapes on one sheet are not supported" }
  const shape = shapes[0] as RegExpMatchArray
  const kind = shape[1] ?? shape[4]
  const la = attrsOf(shape[2] ?? shape[5] ?? "")
  let label: { width: number; height: number; radius: number }
  if (kind === "rectangle") {
    const width = lengthMm(la["width"])
    const height = lengthMm(la["height"])
    if (width === undefined || height === undefined)
      return { ok: false, reason: "label without a readable size" }
    label = { width, height, radius: lengthMm(la["round"] ?? "0") ?? 0 }
  } else if (kind === "round") {
    const r = lengthMm(la["radius"])
    if (r === undefined) return { ok: false, reason: "round label without a readable radius" }
    label = { width: 2 * r, height: 2 * r, radius: r }
  } else if (kind === "cd") return { ok: false, reason: "CD/DVD labels are not supported" }
  else if (kind === "ellipse") return { ok: false, reason: "elliptical labels are not supported" }
  else return { ok: false, reason: `label shape "${kind}" is not supported` }
  const layouts = [...(shape[3] ?? "").matchAll(/<Layout\b([^>]*)\/?>/g)]
  if (layouts.length === 0) return { ok: false, reason: "no layout" }
  if (layouts.length > 1) return { ok: false, reason: "several layouts on one sheet are not supported" }
  const lay = attrsOf((layouts[0] as RegExpMatchArray)[1] as string)
  const columns = Number(lay["nx"])
  const rows = Number(lay["ny"])
  const x0 = lengthMm(lay["x0"])
  const y0 = lengthMm(lay["y0"])
  const dx = lengthMm(lay["dx"] ?? "0")
  const dy = lengthMm(lay["dy"] ?? "0")
  if (x0 === undefined || y0 === undefined || dx === undefined || dy === undefined)
    return { ok: false, reason: "layout without readable x0, y0, dx, dy" }
  const r3 = (n: number) => Math.round(n * 1000) / 1000
  try {
    return {
      ok: true,
      template: decodeTemplate({
        id,
        description: `${a["brand"]} ${a["part"]}${a["_description"] ? ` ${a["_description"]}` : ""} (gLabels)`,
        kind: "sheet",
        page: { width: r3(page.width), height: r3(page.height) },
        margin: { left: r3(x0), top: r3(y0) },
        columns,
        rows,
        pitch: { x: r3(dx), y: r3(dy) },
        label: { width: r3(label.width), height: r3(label.height), radius: r3(label.radius) }
      })
    }
  } catch (e) {
    if (e instanceof TemplateDoesNotFit || e instanceof InvalidLabelInput)
      return { ok: false, reason: e instanceof TemplateDoesNotFit ? e.rule : `${e.path}: ${e.rule}` }
    throw e
  }
}

/**
 * Reads gLabels template files. Every `<Template>` is either read (rectangular and round labels in one
 * grid) or refused with a reason (CD/DVD and elliptical labels, several layouts or shapes on one sheet,
 * an unknown paper size, labels that do not fit the page). `equiv="…"` products take the geometry of
 * the product they name (in any of the files given).
 *
 * @param files - The XML texts of one or more template files.
 * @param options - `paperSizes`: the text of gLabels' `paper-sizes.xml` (A3-A6, US Letter and Legal are built in).
 * @returns The templates read and the products refused.
 * @throws InvalidLabelInput when a text is not a gLabels template file.
 * @example
 * ```ts
 * import { readGlabelsTemplates } from "@microdrop/labels"
 * const xml = `<Glabels-templates><Template brand="Avery" part="5160" size="US-Letter">
 *   <Label-rectangle id="0" width="2.625in" height="1in" round="0.0625in">
 *   <Layout nx="3" ny="10" x0="0.15625in" y0="0.5in" dx="2.78125in" dy="1in"/></Label-rectangle></Template></Glabels-templates>`
 * readGlabelsTemplates([xml]).templates[0]?.template.id // => "avery-5160"
 * ```
 * @since 0.1.0
 */
export const readGlabelsTemplates = (
  files: ReadonlyArray<string>,
  options: { readonly paperSizes?: string } = {}
): GlabelsTemplates => {
  const paper = paperSizes(options.paperSizes)
  const templates: GlabelsTemplate[] = []
  const refused: GlabelsRefusal[] = []
  const byKey = new Map<string, Parsed>()
  const equivs: Array<{ brand: string; part: string; equiv: string }> = []
  files.forEach((xml, i) => {
    if (typeof xml !== "string" || !xml.includes("<Glabels-templates"))
      throw new InvalidLabelInput({
        target: "glabels",
        path: String(i),
        rule: "must be a gLabels templates file"
      })
    const text = xml.replace(/<!--[\s\S]*?-->/g, "")
    for (const m of text.matchAll(/<Template\b([^>]*?)(?:\/>|>([\s\S]*?)<\/Template>)/g)) {
      const a = attrsOf(m[1] as string)
      const brand = a["brand"] ?? ""
      const part = a["part"] ?? ""
      if (a["equiv"] !== undefined) {
        equivs.push({ brand, part, equiv: a["equiv"] })
        continue
      }
      const parsed = parseOne(a, m[2] ?? "", paper)
      byKey.set(`${brand}\u0000${part}`, parsed)
      if (parsed.ok) templates.push({ brand, part, template: parsed.template })
      else refused.push({ brand, part, reason: parsed.reason })
    }
  })
  for (const { brand, part, equiv } of equivs) {
    const base = byKey.get(`${brand}\u0000${equiv}`)
    if (base === undefined)
      refused.push({ brand, part, reason: `equivalent of ${brand} ${equiv}, which is not in these files` })
    else if (!base.ok)
      refused.push({ brand, part, reason: `equivalent of ${brand} ${equiv}: ${base.reason}` })
    else
      templates.push({
        brand,
        part,
        template: {
          ...base.template,
          id: `${brand}-${part}`.toLowerCase().replace(/\s+/g, "-"),
          description: `${brand} ${part} (as ${brand} ${equiv}, gLabels)`
        }
      })
  }
  return { templates, refused }
}
