// Random checklist templates whose dependencies form a DAG, and a deliberately naive reference
// schedule (every path explored by plain recursion) the real passes are checked against.
import fc from "fast-check"
import type { Item, Template } from "../../src/Template.ts"

const MINUTE = 60_000

/** A random DAG template: 1–12 items over 1–3 anchors; edges only go forward in a random order. */
export const dagTemplate = (options: { pins?: boolean; critical?: boolean } = {}): fc.Arbitrary<Template> =>
  fc
    .record({
      anchors: fc.uniqueArray(fc.integer({ min: -600, max: 600 }), { minLength: 1, maxLength: 3 }),
      n: fc.integer({ min: 1, max: 12 }),
      seed: fc.array(
        fc.record({
          anchor: fc.nat(),
          offset: fc.integer({ min: -480, max: 120 }),
          duration: fc.integer({ min: 0, max: 90 }),
          deps: fc.array(
            fc.record({
              back: fc.nat(),
              type: fc.constantFrom("FS", "SS"),
              lag: fc.integer({ min: -30, max: 60 })
            }),
            { maxLength: 3 }
          ),
          critical: fc.boolean(),
          pinned: fc.boolean()
        }),
        { minLength: 12, maxLength: 12 }
      ),
      order: fc.array(fc.nat(), { minLength: 12, maxLength: 12 })
    })
    .map(({ anchors, n, seed, order }) => {
      const items: Item[] = []
      for (let i = 0; i < n; i++) {
        const s = seed[i] as (typeof seed)[number]
        const deps =
          i === 0
            ? []
            : [...new Map(s.deps.map((d) => [d.back % i, d])).values()].map((d) => ({
                item: `i${d.back % i}`,
                type: d.type,
                lag: d.lag
              }))
        items.push({
          id: `i${i}`,
          title: `Item ${i}`,
          owner: ["tech", "merch", "host"][i % 3] as string,
          anchor: `a${s.anchor % anchors.length}`,
          offset: s.offset,
          duration: s.duration,
          dependsOn: deps,
          ...(options.critical === false ? {} : { critical: s.critical }),
          ...(options.pins === true && s.pinned && i % 4 === 0 ? { pinned: true } : {})
        })
      }
      // Display order is a shuffle of creation order, so dependencies may come after their dependents.
      const shuffled = items
        .map((item, i) => ({ item, key: order[i] as number }))
        .sort((a, b) => a.key - b.key)
        .map((x) => x.item)
      return {
        id: "dag",
        title: "Random DAG",
        anchors: anchors.map((offset, i) => ({ id: `a${i}`, title: `Anchor ${i}`, offset })),
        items: shuffled
      }
    })

/** Earliest start of every item by plain recursion over every path (exponential; tiny graphs only). */
export const referenceStarts = (t: Template, anchorAt: Record<string, number>): Map<string, number> => {
  const byId = new Map(t.items.map((x) => [x.id, x]))
  const start = (id: string): number => {
    const item = byId.get(id) as Item
    let s = (anchorAt[item.anchor] as number) + item.offset * MINUTE
    for (const d of item.dependsOn ?? []) {
      const dep = byId.get(d.item) as Item
      const base = d.type === "SS" ? start(d.item) : start(d.item) + dep.duration * MINUTE
      s = Math.max(s, base + (d.lag ?? 0) * MINUTE)
    }
    return s
  }
  return new Map(t.items.map((x) => [x.id, start(x.id)]))
}

/** Anchor instants (ms from offset 0) as `schedule` resolves them without given anchors. */
export const defaultAnchors = (t: Template): Record<string, number> =>
  Object.fromEntries(t.anchors.map((a) => [a.id, a.offset * MINUTE]))
