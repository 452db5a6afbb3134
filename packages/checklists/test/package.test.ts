// Packs the built package as npm would publish it, installs the tarball into a fresh project and
// loads it with `import` and with `require`, on this Node and on the machine's own Node (≥ 20).
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { nodes, type Packed, packAndInstall } from "../../../scripts/test-support/packed.ts"

const pkgDir = join(import.meta.dirname, "..")
let packed: Packed

/** Instantiates launch, ticks, asks the doors gate, exports .ics and a PDF, loads a YAML template. */
const SCRIPT = `
let run = instantiate(launch, { anchors: { doors: "2026-10-25T19:00:00+01:00" }, timeZone: "Europe/Berlin" })
run = tick(run, "confirm-stream-kit", { by: "ana", at: "2026-10-24T18:10:00+02:00" })
const blockers = gateStatus(run, "doors").blockers.length
const ics = toICalendar(run, { now: 0 })
let line
try { parseTemplateYaml("id: t\\ntitle: T\\nanchors: []\\nitems: []\\n") } catch (e) { line = [e._tag, e.path, e.line] }
toPdf(run, { now: 0 }).then((pdf) => {
  console.log(JSON.stringify({ blockers, vtodos: ics.split("BEGIN:VTODO").length - 1, pdf: String.fromCharCode(...pdf.slice(0, 5)), line }))
})
`

beforeAll(() => {
  packed = packAndInstall(pkgDir, "@microdrop/checklists")
  packed.write(
    "esm.mjs",
    `import { gateStatus, instantiate, launch, parseTemplateYaml, tick, toICalendar, toPdf } from "@microdrop/checklists"\n${SCRIPT}`
  )
  packed.write(
    "cjs.cjs",
    `const { gateStatus, instantiate, launch, parseTemplateYaml, tick, toICalendar, toPdf } = require("@microdrop/checklists")\n${SCRIPT}`
  )
}, 120_000)

afterAll(() => packed?.remove())

describe("the packed tarball", () => {
  it("ships only dist, package.json, README and CHANGELOG", () => {
    expect(packed.unexpectedFiles()).toEqual([])
  })

  for (const node of nodes) {
    for (const entry of ["esm.mjs", "cjs.cjs"]) {
      it(`loads with ${entry.startsWith("esm") ? "import" : "require"} on ${node}, gates, exports and reports errors`, () => {
        const out = packed.run(node, entry)
        // 8 critical items in launch, one ticked; 10 items → 10 VTODOs; an empty anchor list is on line 3.
        expect(JSON.parse(out)).toEqual({
          blockers: 7,
          vtodos: 10,
          pdf: "%PDF-",
          line: ["InvalidChecklistInput", "anchors", 3]
        })
      })
    }
  }
})
