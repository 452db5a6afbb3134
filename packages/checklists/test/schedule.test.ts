import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { decodeTemplate } from "../src/decodeTemplate.ts"
import { addItem } from "../src/editTemplate.ts"
import { DependencyCycle, PinnedBeforeDependency, UnknownChecklistItem } from "../src/errors.ts"
import { type ScheduledItem, schedule } from "../src/schedule.ts"
import type { Item, Template } from "../src/Template.ts"
import { dagTemplate, defaultAnchors, referenceStarts } from "./support/dags.ts"

const MINUTE = 60_000
const item = (id: string, offset: number, duration: number, extra: Partial<Item> = {}): Item => ({
  id,
  title: id,
  owner: "tech",
  anchor: "doors",
  offset,
  duration,
  ...extra
})
const template = (items: ReadonlyArray<Item>): Template => ({
  id: "t",
  title: "T",
  anchors: [
    { id: "doors", title: "Doors", offset: 0 },
    { id: "show", title: "Show", offset: 60 }
  ],
  items
})

describe("schedule", () => {
  it("starts items at their planned time, or when a finish-to-start lag or start-to-start lead lets them", () => {
    const s = schedule(
      template([
        item("load-in", -240, 60),
        item("power", -200, 30, { dependsOn: [{ item: "load-in", lag: 15 }] }),
        item("sound", -170, 20, { dependsOn: [{ item: "power", type: "SS", lag: -10 }] })
      ]),
      { doors: 0 }
    )
    const at = Object.fromEntries(s.items.map((x) => [x.id, [x.start / MINUTE, x.finish / MINUTE]]))
    // power: load-in ends at -180, +15 lag → -165 (later than planned -200); sound: planned -170 wins over -175.
    expect(at).toEqual({ "load-in": [-240, -180], power: [-165, -135], sound: [-170, -150] })
    expect(s.items.find((x) => x.id === "power")?.drivenBy).toBe("load-in")
    expect(s.items.find((x) => x.id === "sound")?.drivenBy).toBeNull()
  })

  it("measures slack to the anchor an item is due by, and names the longest chain to it", () => {
    const s = schedule(
      template([
        item("a", -120, 30),
        item("b", -90, 45, { dependsOn: [{ item: "a" }] }),
        item("c", -100, 10),
        item("d", 10, 20) // due by show (60)
      ])
    )
    const doors = s.paths.find((p) => p.anchor === "doors")
    expect(doors).toMatchObject({ chain: ["a", "b"], finish: -45 * MINUTE, slack: 45 * MINUTE })
    const byId = Object.fromEntries(s.items.map((x) => [x.id, x]))
    expect(byId["a"]).toMatchObject({
      slack: 45 * MINUTE,
      onCriticalPath: true,
      limitedBy: { kind: "item", id: "b" }
    })
    expect(byId["c"]).toMatchObject({ slack: 90 * MINUTE, onCriticalPath: false, deadline: "doors" })
    expect(byId["d"]).toMatchObject({ deadline: "show", slack: 30 * MINUTE, onCriticalPath: true })
  })

  it("places missing anchors by the template's anchor offsets from the first given one", () => {
    const s = schedule(template([item("x", 0, 5, { anchor: "show" })]), { doors: 1_000 * MINUTE })
    expect(s.anchors).toEqual({ doors: 1_000 * MINUTE, show: 1_060 * MINUTE })
    expect(s.items[0]?.start).toBe(1_060 * MINUTE)
    expect(() => schedule(template([]), { nope: 0 })).toThrow(UnknownChecklistItem)
    expect(() => schedule(template([]), { doors: Number.NaN })).toThrow(/anchors\.doors/)
    expect(schedule(template([]), { doors: "2026-10-25T19:00:00+01:00" }).anchors["doors"]).toBe(
      Date.parse("2026-10-25T18:00:00Z")
    )
  })

  it("rejects a pinned item that a dependency pushes later", () => {
    const t = template([item("a", -60, 30), item("b", -40, 10, { pinned: true, dependsOn: [{ item: "a" }] })])
    const e = (() => {
      try {
        schedule(t)
      } catch (x) {
        return x
      }
    })()
    expect(e).toBeInstanceOf(PinnedBeforeDependency)
    expect(e).toMatchObject({
      item: "b",
      dependency: "a",
      pinnedStart: -40 * MINUTE,
      earliestStart: -30 * MINUTE
    })
  })

  it("reports a cycle with its items in dependency order", () => {
    const t = template([
      item("a", 0, 1, { dependsOn: [{ item: "c" }] }),
      item("b", 0, 1, { dependsOn: [{ item: "a" }] }),
      item("c", 0, 1, { dependsOn: [{ item: "b" }] }),
      item("z", 0, 1)
    ])
    expect(() => schedule(t)).toThrow(DependencyCycle)
    try {
      schedule(t)
    } catch (e) {
      const cycle = (e as DependencyCycle).items
      // Each item depends on the one before it, the first on the last: a rotation of a → b → c.
      expect(["a,b,c", "b,c,a", "c,a,b"]).toContain(cycle.join(","))
    }
  })

  it("schedules 200,000 items in a chain without exhausting the stack", () => {
    const n = 200_000
    const items = Array.from({ length: n }, (_, i) =>
      item(`i${i}`, -n, 1, i > 0 ? { dependsOn: [{ item: `i${i - 1}` }] } : {})
    )
    const s = schedule(template(items.reverse()))
    expect(s.paths[0]?.chain.length).toBe(n)
    expect(s.end).toBe(0)
  })
})

describe("schedule on random DAGs (properties)", () => {
  it("respects every dependency and lag, and never starts an item before its planned time", () => {
    fc.assert(
      fc.property(dagTemplate(), (t) => {
        const s = schedule(t)
        const byId = new Map(s.items.map((x) => [x.id, x]))
        for (const it of t.items) {
          const me = byId.get(it.id) as ScheduledItem
          expect(me.start).toBeGreaterThanOrEqual(me.plannedStart)
          expect(me.finish - me.start).toBe(it.duration * MINUTE)
          for (const d of it.dependsOn ?? []) {
            const dep = byId.get(d.item) as ScheduledItem
            expect(me.start).toBeGreaterThanOrEqual(
              (d.type === "SS" ? dep.start : dep.finish) + (d.lag ?? 0) * MINUTE
            )
          }
        }
      })
    )
  })

  it("computes the same starts as plain recursion over every path, and the critical path to each anchor is the longest", () => {
    fc.assert(
      fc.property(dagTemplate(), (t) => {
        const anchors = defaultAnchors(t)
        const ref = referenceStarts(t, anchors)
        const s = schedule(t)
        for (const x of s.items) expect(x.start).toBe(ref.get(x.id))
        // Reference longest finish among items due by each anchor (first anchor at or after the planned finish).
        const times = t.anchors.map((a) => ({ id: a.id, at: anchors[a.id] as number }))
        const longest = new Map<string | null, number>()
        for (const it of t.items) {
          const pf = (anchors[it.anchor] as number) + (it.offset + it.duration) * MINUTE
          const due = times.filter((a) => a.at >= pf).sort((p, q) => p.at - q.at)[0]?.id ?? null
          const f = (ref.get(it.id) as number) + it.duration * MINUTE
          longest.set(due, Math.max(longest.get(due) ?? Number.NEGATIVE_INFINITY, f))
        }
        expect(new Map(s.paths.map((p) => [p.anchor, p.finish]))).toEqual(longest)
        // Each path is a real chain: every link is a dependency that drives the next item, and every
        // item on it is marked critical with no more slack than the path leaves.
        const byId = new Map(s.items.map((x) => [x.id, x]))
        for (const p of s.paths) {
          for (const id of p.chain) {
            expect(byId.get(id)?.onCriticalPath).toBe(true)
            expect(byId.get(id)?.slack).toBeLessThanOrEqual(p.slack)
          }
          expect(byId.get(p.chain[0] as string)?.drivenBy).toBeNull()
          for (let k = 1; k < p.chain.length; k++)
            expect(byId.get(p.chain[k] as string)?.drivenBy).toBe(p.chain[k - 1])
        }
      })
    )
  })

  it("slack is exactly how far an item can slip: by slack nothing misses its anchor, by one minute more something does", () => {
    fc.assert(
      fc.property(dagTemplate(), fc.nat(), (t, pick) => {
        const anchors = defaultAnchors(t)
        const s = schedule(t)
        fc.pre(s.items.every((x) => x.slack >= 0))
        const victim = s.items[pick % s.items.length] as ScheduledItem
        const limitOf = (id: string) => {
          const x = s.items.find((y) => y.id === id) as ScheduledItem
          return x.deadline === null ? s.end : (anchors[x.deadline] as number)
        }
        const misses = (delay: number) => {
          const forced: Template = {
            ...t,
            items: t.items.map((it) =>
              it.id === victim.id
                ? { ...it, offset: it.offset + (victim.start - victim.plannedStart + delay) / MINUTE }
                : it
            )
          }
          const starts = referenceStarts(forced, anchors)
          return forced.items.some(
            (it) => (starts.get(it.id) as number) + it.duration * MINUTE > limitOf(it.id)
          )
        }
        expect(misses(victim.slack)).toBe(false)
        expect(misses(victim.slack + MINUTE)).toBe(true)
      })
    )
  })

  it("rejects every item that would close a cycle", () => {
    fc.assert(
      fc.property(dagTemplate(), fc.nat(), fc.nat(), (t, a, b) => {
        // Make x depend on y where y already (transitively) depends on x, or on x itself.
        const ids = t.items.map((x) => x.id)
        const from = ids[a % ids.length] as string
        const reach = new Set([from])
        let grew = true
        while (grew) {
          grew = false
          for (const it of t.items)
            if (!reach.has(it.id) && (it.dependsOn ?? []).some((d) => reach.has(d.item))) {
              reach.add(it.id)
              grew = true
            }
        }
        const to = [...reach][b % reach.size] as string
        const cyclic: Template = {
          ...t,
          items: t.items.map((it) =>
            it.id === from ? { ...it, dependsOn: [...(it.dependsOn ?? []), { item: to }] } : it
          )
        }
        expect(() => schedule(cyclic)).toThrow(DependencyCycle)
        expect(() => decodeTemplate(cyclic)).toThrow(DependencyCycle)
        // The same loop closed by adding a new item: `from` already waits for it (a draft's dangling
        // reference) and it waits for `to`, which waits for `from`.
        const draft: Template = {
          ...t,
          items: t.items.map((it) =>
            it.id === from ? { ...it, dependsOn: [...(it.dependsOn ?? []), { item: "new" }] } : it
          )
        }
        const added = { id: "new", title: "New", owner: "tech", anchor: "a0", offset: 0, duration: 5 }
        expect(() => addItem(draft, { ...added, dependsOn: [{ item: to }] })).toThrow(DependencyCycle)
        expect(() => addItem(t, { ...added, dependsOn: [{ item: "new" }] })).toThrow(DependencyCycle)
      })
    )
  })
})
