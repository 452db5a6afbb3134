import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type InvalidLabelInput, TemplateDoesNotFit, UnknownTemplate } from "../src/errors.js"
import { BUILT_IN_TEMPLATES, cells, decodeTemplate, template } from "../src/Template.js"
import { caught } from "./support/caught.js"

const base = {
  id: "custom",
  kind: "sheet",
  page: { width: 100, height: 100 },
  margin: { left: 5, top: 5 },
  columns: 2,
  rows: 2,
  pitch: { x: 45, y: 45 },
  label: { width: 40, height: 40, radius: 2 }
}

describe("built-in templates", () => {
  it("has at least 4 sheets (Letter and A4) and the three thermal rolls", () => {
    const sheets = BUILT_IN_TEMPLATES.filter((t) => t.kind === "sheet")
    expect(sheets.length).toBeGreaterThanOrEqual(4)
    expect(new Set(sheets.map((t) => Math.round(t.page.width * 10) / 10))).toEqual(new Set([215.9, 210]))
    expect(BUILT_IN_TEMPLATES.filter((t) => t.kind === "roll").map((t) => t.id)).toEqual([
      "thermal-2x1in",
      "thermal-4x6in",
      "receipt-57mm"
    ])
  })

  it("every built-in passes the fit check", () => {
    for (const t of BUILT_IN_TEMPLATES) expect(decodeTemplate(t)).toEqual(t)
  })

  it("lays out Avery 5160 as 3 × 10 labels of 2⅝ × 1 in", () => {
    const grid = cells(template("avery-5160"))
    expect(grid).toHaveLength(30)
    expect(grid[29]).toMatchObject({ column: 2, row: 9, width: 66.675, height: 25.4 })
  })

  it("names the known ids for an unknown one", () => {
    const e = caught(() => template("avery-9999")) as UnknownTemplate
    expect(e).toBeInstanceOf(UnknownTemplate)
    expect(e.message).toContain('No built-in template "avery-9999": use one of avery-5160')
  })
})

describe("decodeTemplate", () => {
  it("accepts a custom template whose labels fit", () => {
    expect(cells(decodeTemplate(base))).toHaveLength(4)
  })

  it("refuses labels past the page edge, naming the numbers", () => {
    const e = caught(() => decodeTemplate({ ...base, pitch: { x: 60, y: 45 } })) as TemplateDoesNotFit
    expect(e._tag).toBe("TemplateDoesNotFit")
    expect(e.message).toBe(
      "Template custom does not fit: the last column ends at 105 mm, past the page width 100 mm. Check its page size, margins, pitch and label size."
    )
  })

  it("refuses overlapping labels and an impossible corner radius", () => {
    expect(caught(() => decodeTemplate({ ...base, pitch: { x: 30, y: 45 } }))).toMatchObject({
      rule: expect.stringContaining("labels overlap")
    })
    expect(
      caught(() => decodeTemplate({ ...base, label: { width: 40, height: 40, radius: 25 } }))
    ).toMatchObject({
      rule: expect.stringContaining("corner radius")
    })
  })

  it("names the path and rule of a malformed field", () => {
    const e = caught(() => decodeTemplate({ ...base, label: { width: -1, height: 40 } })) as InvalidLabelInput
    expect(e).toMatchObject({ _tag: "InvalidLabelInput", target: "template", path: "label.width" })
    expect(e.message).toBe(
      "Invalid template field label.width: must be a length in mm > 0. Fix that field and try again."
    )
  })
})

describe("properties", () => {
  it("a decoded template's cells all lie on the page: 0 ≤ x, x + w ≤ page width (same for y)", () => {
    fc.assert(
      fc.property(
        fc.record({
          columns: fc.integer({ min: 1, max: 6 }),
          rows: fc.integer({ min: 1, max: 12 }),
          w: fc.double({ min: 5, max: 120, noNaN: true }),
          h: fc.double({ min: 5, max: 120, noNaN: true }),
          gap: fc.double({ min: 0, max: 10, noNaN: true }),
          left: fc.double({ min: 0, max: 20, noNaN: true })
        }),
        ({ columns, rows, w, h, gap, left }) => {
          const input = {
            ...base,
            columns,
            rows,
            margin: { left, top: left },
            pitch: { x: w + gap, y: h + gap },
            label: { width: w, height: h },
            page: { width: 210, height: 297 }
          }
          let t: ReturnType<typeof decodeTemplate>
          try {
            t = decodeTemplate(input)
          } catch (e) {
            expect(e).toBeInstanceOf(TemplateDoesNotFit)
            return
          }
          for (const c of cells(t)) {
            expect(c.x + c.width).toBeLessThanOrEqual(t.page.width + 0.01)
            expect(c.y + c.height).toBeLessThanOrEqual(t.page.height + 0.01)
          }
        }
      )
    )
  })
})
