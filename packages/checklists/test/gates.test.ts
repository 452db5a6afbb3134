import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { GateBlocked, UnknownChecklistItem } from "../src/errors.ts"
import { gateStatus, openGate } from "../src/gates.ts"
import { instantiate, itemStates, scheduleOf, tick } from "../src/Run.ts"
import { launch } from "../src/templates/launch.ts"
import { dagTemplate } from "./support/dags.ts"

const doors = "2026-10-25T19:00:00+01:00"

describe("gates", () => {
  it("keeps doors closed until every critical item due before them is done, and says exactly what blocks", () => {
    let run = instantiate(launch, { anchors: { doors }, timeZone: "Europe/Berlin" })
    const critical = launch.items.filter((x) => x.critical === true).map((x) => x.id)
    const status = gateStatus(run, "doors")
    expect(status.ready).toBe(false)
    expect(status.blockers.map((b) => b.item).sort()).toEqual([...critical].sort())
    expect(status.blockers.find((b) => b.item === "prepare-vip-bundles")).toMatchObject({
      owner: "merch",
      title: "Prepare 50 VIP headphone bundles"
    })
    // Blockers come by due time.
    const dues = status.blockers.map((b) => b.due)
    expect(dues).toEqual([...dues].sort((a, b) => a - b))

    for (const id of critical.slice(1)) run = tick(run, id, { by: "ana", at: "2026-10-25T12:00:00Z" })
    try {
      openGate(run, "doors", { by: "ana", at: doors })
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(GateBlocked)
      expect((e as GateBlocked).blockers.map((b) => [b.item, b.owner])).toEqual([[critical[0], "promoter"]])
      expect((e as GateBlocked).message).toContain("Publish 100 base tickets (promoter)")
    }
    run = tick(run, critical[0] as string, { by: "ben", at: "2026-10-25T12:30:00Z" })
    const opened = openGate(run, "doors", { by: "ana", at: doors })
    expect(gateStatus(opened, "doors")).toMatchObject({ ready: true, blockers: [], opened: { by: "ana" } })
  })

  it("does not hold a gate for critical items due after it, or for non-critical ones", () => {
    const run = instantiate(launch, { anchors: { doors }, timeZone: "UTC" })
    // Nothing of the launch list is due after teardown… but brief-crew (not critical) is due before doors.
    expect(gateStatus(run, "doors").blockers.some((b) => b.item === "brief-crew")).toBe(false)
    expect(() => gateStatus(run, "bar")).toThrow(UnknownChecklistItem)
  })

  it("never opens with a critical item due before it undone (random DAGs, random ticks)", () => {
    fc.assert(
      fc.property(dagTemplate(), fc.array(fc.nat(), { maxLength: 12 }), fc.nat(), (t, ticks, g) => {
        let run = instantiate(t, { anchors: { a0: 1_800_000_000_000 }, timeZone: "UTC" })
        for (const k of ticks) run = tick(run, `i${k % t.items.length}`, { by: "x", at: 0 })
        const anchor = t.anchors[g % t.anchors.length]?.id as string
        const at = run.anchors[anchor] as number
        const s = scheduleOf(run)
        const states = itemStates(run)
        const undone = t.items
          .filter(
            (x, i) =>
              x.critical === true && (s.items[i]?.finish ?? 0) <= at && states.get(x.id)?.done !== true
          )
          .map((x) => x.id)
          .sort()
        let opened = false
        try {
          openGate(run, anchor, { by: "x", at: 1 })
          opened = true
        } catch (e) {
          expect(e).toBeInstanceOf(GateBlocked)
          expect((e as GateBlocked).blockers.map((b) => b.item).sort()).toEqual(undone)
        }
        expect(opened).toBe(undone.length === 0)
      })
    )
  })
})
