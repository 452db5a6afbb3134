import { describe, expect, it } from "vitest"
import { InvalidChecklistInput } from "../src/errors.ts"
import { lateItems, nextItems, progress } from "../src/progress.ts"
import { instantiate, tick } from "../src/Run.ts"
import { teardown } from "../src/templates/teardown.ts"

describe("progress, next and late", () => {
  const base = instantiate(teardown, { anchors: { teardown: "2026-10-25T23:00:00Z" }, timeZone: "UTC" })
  const run = tick(tick(base, "end-stream", { by: "ana", at: 1 }), "reconcile-sales", { by: "ben", at: 2 })

  it("counts items and remaining minutes, overall and per role", () => {
    const total = teardown.items.reduce((s, x) => s + x.duration, 0)
    expect(progress(run)).toEqual({
      done: 2,
      total: teardown.items.length,
      remainingMinutes: total - 10 - 30,
      totalMinutes: total,
      byRole: { tech: { done: 1, total: 3 }, merch: { done: 1, total: 2 }, crew: { done: 0, total: 2 } }
    })
  })

  it("lists each role's next undone items by start", () => {
    const next = nextItems(run, { perRole: 2 })
    expect(next["tech"]?.map((x) => x.id)).toEqual(["power-down", "pack-kit"])
    expect(next["merch"]?.map((x) => x.id)).toEqual(["pack-merch"])
    expect(next["crew"]?.map((x) => x.id)).toEqual(["venue-sweep", "load-out"])
  })

  it("lists undone items past their due time, most overdue first", () => {
    // 23:40: power-down (due 23:25) is late; pack-kit (due 23:55) is not yet.
    expect(lateItems(run, { now: "2026-10-25T23:40:00Z" }).map((x) => x.id)).toEqual(["power-down"])
    expect(lateItems(run, { now: "2026-10-26T02:00:00Z" }).map((x) => x.id)).toEqual([
      "power-down",
      "pack-merch",
      "pack-kit",
      "venue-sweep",
      "load-out"
    ])
    expect(() => lateItems(run, { now: "tonight" })).toThrow(InvalidChecklistInput)
  })
})

describe("option checks", () => {
  it("rejects a bad perRole instead of returning nothing", () => {
    const run = instantiate(teardown, { anchors: { teardown: 0 }, timeZone: "UTC" })
    expect(() => nextItems(run, { perRole: Number.NaN })).toThrow(InvalidChecklistInput)
    expect(() => nextItems(run, { perRole: -1 })).toThrow(/perRole/)
    expect(nextItems(run, { perRole: 0 })["tech"]).toEqual([])
  })
})
