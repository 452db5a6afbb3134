import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { InvalidChecklistInput } from "../src/errors.ts"
import { instantiate, tick } from "../src/Run.ts"
import { restoreRun, serialiseRun } from "../src/serialiseRun.ts"
import { launch } from "../src/templates/launch.ts"
import { acts, apply } from "./support/acts.ts"
import { dagTemplate } from "./support/dags.ts"

describe("serialise and restore (properties)", () => {
  it("instantiate → act → serialise → restore is the identity, for random DAG templates", () => {
    fc.assert(
      fc.property(
        dagTemplate({ pins: false }),
        fc.integer({ min: 0, max: 4e12 }),
        fc.constantFrom("UTC", "Europe/Berlin", "America/New_York"),
        acts,
        (t, at, timeZone, list) => {
          const run = apply(instantiate(t, { anchors: { a0: at }, timeZone }), list)
          const text = serialiseRun(run)
          expect(restoreRun(text)).toEqual(run)
          expect(restoreRun(JSON.parse(text))).toEqual(run)
          expect(serialiseRun(restoreRun(text))).toBe(text)
        }
      )
    )
  })

  it("rejects tampered or broken input with the path of the problem", () => {
    const run = tick(instantiate(launch, { anchors: { doors: 0 }, timeZone: "UTC" }), "test-purchase", {
      by: "ana",
      at: 5
    })
    const data = JSON.parse(serialiseRun(run))
    expect(() => restoreRun("{")).toThrow(InvalidChecklistInput)
    expect(() => restoreRun({ ...data, events: [{ ...data.events[0], by: "eve" }] })).toThrow(/events\.0\.id/)
    expect(() => restoreRun({ ...data, timeZone: "Nowhere/Else" })).toThrow(/timeZone/)
    expect(() => restoreRun({ ...data, anchors: { ...data.anchors, doors: 9e18 } })).toThrow(/anchors\.doors/)
    expect(() =>
      restoreRun({
        ...data,
        template: { ...data.template, items: [{ ...data.template.items[0], duration: -1 }] }
      })
    ).toThrow(/template\.items\.0\.duration \(item "publish-base-tickets"\)/)
    expect(() => restoreRun({ ...data, events: [{ ...data.events[0], at: "noon" }] })).toThrow(
      /events\.0\.at/
    )
    expect(() =>
      restoreRun({
        ...data,
        template: { ...data.template, items: [{ ...data.template.items[0], anchor: "bar" }] }
      })
    ).toThrow(/template\.items\.0\.anchor/)
  })
})
