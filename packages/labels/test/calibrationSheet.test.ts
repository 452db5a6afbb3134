import { describe, expect, it } from "vitest"
import type { Calibration } from "../src/Calibration.js"
import { calibrationMatrix, decodeCalibration } from "../src/Calibration.js"
import { calibrationSheet } from "../src/calibrationSheet.js"
import { InvalidLabelInput } from "../src/errors.js"
import { cells, template } from "../src/Template.js"
import { type Gray, rasterize } from "./support/raster.js"

const DPI = 300
const K = DPI / 25.4

/** Centre (mm) of the crosshair near (x, y): the darkest column and row within ± 4 mm. */
const crosshair = (page: Gray, x: number, y: number) => {
  const cols = new Map<number, number>()
  const rows = new Map<number, number>()
  for (let py = Math.round((y - 4) * K); py < Math.round((y + 4) * K); py++)
    for (let px = Math.round((x - 4) * K); px < Math.round((x + 4) * K); px++)
      if ((page.data[py * page.width + px] as number) < 128) {
        cols.set(px, (cols.get(px) ?? 0) + 1)
        rows.set(py, (rows.get(py) ?? 0) + 1)
      }
  const peak = (m: Map<number, number>) => {
    const max = Math.max(...m.values())
    const at = [...m].filter(([, n]) => n >= max * 0.8).map(([p]) => p)
    return (at.reduce((a, b) => a + b, 0) / at.length + 0.5) / K
  }
  return { x: peak(cols), y: peak(rows) }
}

describe("calibrationSheet", () => {
  const t = template("avery-5160")
  const grid = cells(t)
  const probe = [grid[0], grid[2], grid[27], grid[29]].map((c) => ({
    x: (c?.x ?? 0) + (c?.width ?? 0) / 2,
    y: (c?.y ?? 0) + (c?.height ?? 0) / 2
  }))

  it("prints a crosshair at every label centre (± 0.2 mm at 300 dpi)", async () => {
    const [page] = rasterize(await calibrationSheet("avery-5160"), DPI)
    for (const p of probe) {
      const c = crosshair(page as Gray, p.x, p.y)
      expect(c.x).toBeCloseTo(p.x, 0.7)
      expect(c.y).toBeCloseTo(p.y, 0.7)
    }
  })

  it("prints through a profile: offset and scale move the crosshairs where the matrix says", async () => {
    const profile: Calibration = { printer: "office", offsetX: 1.5, offsetY: 1, scaleX: 1.01, scaleY: 0.99 }
    const [page] = rasterize(await calibrationSheet("avery-5160", profile), DPI)
    const [a, , , d, e, f] = calibrationMatrix(profile, t.page.height * (72 / 25.4))
    const H = t.page.height
    for (const p of probe) {
      // Page point (mm, y down) → PDF points (y up) → matrix → back to mm, y down.
      const x = ((a * p.x * 72) / 25.4 + e) / (72 / 25.4)
      const y = H - ((d * ((H - p.y) * 72)) / 25.4 + f) / (72 / 25.4)
      const c = crosshair(page as Gray, x, y)
      expect(c.x).toBeCloseTo(x, 0.7)
      expect(c.y).toBeCloseTo(y, 0.7)
      expect(Math.abs(c.x - p.x)).toBeGreaterThan(1)
    }
  })

  it("decodes profiles and names the field and rule of a bad one", () => {
    expect(decodeCalibration({ offsetX: -2 })).toEqual({ offsetX: -2 })
    try {
      decodeCalibration({ offsetX: 50 })
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidLabelInput)
      expect((e as InvalidLabelInput).message).toBe(
        "Invalid calibration field offsetX: must be an offset in mm between -20 and 20. Fix that field and try again."
      )
    }
  })
})
