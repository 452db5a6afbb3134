import { describe, expect, it } from "vitest"
import { InvalidChecklistInput, UnknownChecklistItem } from "../src/errors.ts"
import { formatLocal } from "../src/internal/timeZone.ts"
import { history, instantiate, isDone, itemStates, scheduleOf, tick, untick } from "../src/Run.ts"
import { launch } from "../src/templates/launch.ts"
import { loadIn } from "../src/templates/loadIn.ts"

const MINUTE = 60_000

describe("instantiate across a daylight-saving change", () => {
  it("Europe/Berlin, 2026-10-25: load-in stays exactly 300 minutes before doors though the clocks go back", () => {
    // Clocks go from 03:00 CEST back to 02:00 CET (01:00 UTC) in the night before doors at 02:30 CET.
    const run = instantiate(loadIn, {
      anchors: { doors: "2026-10-25T02:30:00+01:00" },
      timeZone: "Europe/Berlin"
    })
    const doors = Date.parse("2026-10-25T01:30:00Z")
    expect(run.anchors["doors"]).toBe(doors)
    const s = scheduleOf(run)
    for (const [i, item] of loadIn.items.entries()) {
      const x = s.items[i]
      expect(x?.plannedStart).toBe(doors + item.offset * MINUTE)
    }
    const arrive = s.items.find((x) => x.id === "arrive")
    // 5 h of real time, 4 h on the wall clock: 22:30 summer time the evening before.
    expect(formatLocal(arrive?.start ?? 0, "Europe/Berlin")).toBe("2026-10-24 22:30 +02:00")
    expect(formatLocal(doors, "Europe/Berlin")).toBe("2026-10-25 02:30 +01:00")
  })

  it("America/New_York, 2026-11-01: the same for an instant given as epoch ms", () => {
    const doors = Date.parse("2026-11-01T03:00:00-05:00")
    const run = instantiate(loadIn, { anchors: { doors }, timeZone: "America/New_York" })
    const arrive = scheduleOf(run).items.find((x) => x.id === "arrive")
    expect(arrive?.start).toBe(doors - 300 * MINUTE)
    expect(formatLocal(arrive?.start ?? 0, "America/New_York")).toBe("2026-10-31 23:00 -04:00")
  })

  it("derives the other anchors from the template's anchor offsets, in exact minutes", () => {
    const run = instantiate(launch, {
      anchors: { doors: "2026-10-25T02:30:00+01:00" },
      timeZone: "Europe/Berlin"
    })
    expect(run.anchors["show-start"]).toBe(Date.parse("2026-10-25T02:00:00Z"))
    expect(run.id).toBe("launch@2026-10-25T01:30:00.000Z")
  })

  it("rejects local times without an offset, impossible dates, unknown anchors and zones", () => {
    const bad =
      (anchors: Record<string, number | string>, timeZone = "UTC") =>
      () =>
        instantiate(launch, { anchors, timeZone })
    expect(bad({ doors: "2026-10-25T19:00:00" })).toThrow(InvalidChecklistInput)
    expect(bad({ doors: "2026-02-30T19:00:00Z" })).toThrow(InvalidChecklistInput)
    expect(bad({ doors: Number.NaN })).toThrow(InvalidChecklistInput)
    expect(bad({ doors: 1.5 })).toThrow(InvalidChecklistInput)
    expect(bad({})).toThrow(InvalidChecklistInput)
    expect(bad({ soundcheck: 0 })).toThrow(UnknownChecklistItem)
    expect(bad({ doors: 0 }, "Mars/Olympus")).toThrow(InvalidChecklistInput)
  })
})

describe("ticking", () => {
  const base = instantiate(launch, { anchors: { doors: "2026-10-25T19:00:00Z" }, timeZone: "UTC" })

  it("ticks with who and when, un-ticks with a reason, and keeps the whole history", () => {
    let run = tick(base, "confirm-stream-kit", { by: "ana", at: "2026-10-24T19:00:00Z" })
    run = untick(run, "confirm-stream-kit", {
      by: "ben",
      at: "2026-10-24T20:00:00Z",
      reason: "encoder fan died"
    })
    expect(isDone(run, "confirm-stream-kit")).toBe(false)
    run = tick(run, "confirm-stream-kit", { by: "ben", at: "2026-10-24T21:00:00Z" })
    expect(isDone(run, "confirm-stream-kit")).toBe(true)
    expect(history(run, "confirm-stream-kit").map((e) => [e.kind, e.by, e.reason])).toEqual([
      ["tick", "ana", undefined],
      ["untick", "ben", "encoder fan died"],
      ["tick", "ben", undefined]
    ])
    expect(itemStates(run).get("confirm-stream-kit")?.last?.by).toBe("ben")
    expect(base.events).toEqual([])
  })

  it("rejects unknown items, a missing reason, a missing name and a bad time", () => {
    expect(() => tick(base, "nope", { by: "ana", at: 0 })).toThrow(UnknownChecklistItem)
    expect(() => untick(base, "test-purchase", { by: "ana", at: 0, reason: " " })).toThrow(
      InvalidChecklistInput
    )
    expect(() => tick(base, "test-purchase", { by: "", at: 0 })).toThrow(InvalidChecklistInput)
    expect(() => tick(base, "test-purchase", { by: "ana", at: Number.POSITIVE_INFINITY })).toThrow(
      InvalidChecklistInput
    )
  })
})
