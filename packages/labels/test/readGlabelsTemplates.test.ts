import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { InvalidLabelInput } from "../src/errors.js"
import { readGlabelsTemplates } from "../src/readGlabelsTemplates.js"
import { cells, template } from "../src/Template.js"

/** Debian's glabels-data (installed by .ci/run) puts the template files here. */
const DIR = "/usr/share/libglabels-3.0/templates"

const files = readdirSync(DIR)
  .filter((f) => f.endsWith("-templates.xml"))
  .sort()
const xmls = files.map((f) => readFileSync(join(DIR, f), "utf8"))
const paperSizes = readFileSync(join(DIR, "paper-sizes.xml"), "utf8")

describe("readGlabelsTemplates over Debian's glabels-data", () => {
  const { templates, refused } = readGlabelsTemplates(xmls, { paperSizes })

  it("parses or refuses with a reason every <Template> of every file, and reports the counts", () => {
    const total = xmls.reduce(
      (n, x) => n + (x.replace(/<!--[\s\S]*?-->/g, "").match(/<Template\b/g)?.length ?? 0),
      0
    )
    const reasons = new Map<string, number>()
    for (const r of refused) {
      const key = r.reason.replace(/\d+(\.\d+)?/g, "N").replace(/"[^"]*"/g, '"…"')
      reasons.set(key, (reasons.get(key) ?? 0) + 1)
    }
    console.log(
      `gLabels: ${files.length} files, ${total} templates: ${templates.length} parsed, ${refused.length} refused\n` +
        [...reasons]
          .sort((a, b) => b[1] - a[1])
          .map(([r, n]) => `  ${n} × ${r}`)
          .join("\n")
    )
    expect(files.length).toBeGreaterThanOrEqual(30)
    expect(templates.length + refused.length).toBe(total)
    expect(templates.length).toBeGreaterThan(1000)
    for (const r of refused) expect(r.reason).not.toBe("")
  })

  it("puts every parsed template's labels inside its page", () => {
    for (const { template: t } of templates)
      for (const c of cells(t)) {
        expect(c.x, t.id).toBeGreaterThanOrEqual(0)
        expect(c.y, t.id).toBeGreaterThanOrEqual(0)
        expect(c.x + c.width, t.id).toBeLessThanOrEqual(t.page.width + 0.01)
        expect(c.y + c.height, t.id).toBeLessThanOrEqual(t.page.height + 0.01)
      }
  })

  it("finds the product on the box, equivalents included, matching the built-in Avery geometry", () => {
    const find = (brand: string, part: string) =>
      templates.find((t) => t.brand === brand && t.part === part)?.template
    for (const [part, builtIn] of [
      ["5160", "avery-5160"],
      ["5163", "avery-5163"],
      ["5167", "avery-5167"]
    ] as const) {
      const g = find("Avery", part)
      const b = template(builtIn)
      expect(g, part).toBeDefined()
      expect(g?.columns).toBe(b.columns)
      expect(g?.rows).toBe(b.rows)
      for (const [x, y] of [
        [g?.margin.left, b.margin.left],
        [g?.pitch.x, b.pitch.x],
        [g?.label.width, b.label.width],
        [g?.label.height, b.label.height]
      ])
        expect(x).toBeCloseTo(y as number, 2)
    }
    expect(find("Avery", "5260")).toMatchObject({ id: "avery-5260", columns: 3, rows: 10 })
    expect(find("Avery", "L7160")).toMatchObject({ columns: 3, rows: 7 })
  })

  it("refuses CD labels with a reason", () => {
    expect(refused.some((r) => r.reason === "CD/DVD labels are not supported")).toBe(true)
  })

  it("refuses text that is not a gLabels file", () => {
    expect(() => readGlabelsTemplates(["<html/>"])).toThrow(InvalidLabelInput)
  })
})
