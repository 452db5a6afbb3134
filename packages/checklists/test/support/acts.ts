// Random acts on a running checklist, for the merge and round-trip properties.
import fc from "fast-check"
import { type Run, tick, untick } from "../../src/Run.ts"

/** Random acts on a run: tick or un-tick a random item, by one of three people, at a random minute. */
export const acts = fc.array(
  fc.record({
    kind: fc.constantFrom("tick", "untick"),
    item: fc.nat(),
    by: fc.constantFrom("ana", "ben", 'chris, "the" tech'),
    minute: fc.integer({ min: 0, max: 30 })
  }),
  { maxLength: 25 }
)
/** Applies acts in order: each ticks or un-ticks item `item % n` at 12:`minute` UTC on 2026-10-25. */
export const apply = (
  run: Run,
  list: ReadonlyArray<{ kind: string; item: number; by: string; minute: number }>
): Run =>
  list.reduce((r, a) => {
    const id = (r.template.items[a.item % r.template.items.length] as { id: string }).id
    const act = { by: a.by, at: Date.UTC(2026, 9, 25, 12, a.minute) }
    return a.kind === "tick" ? tick(r, id, act) : untick(r, id, { ...act, reason: "redo" })
  }, run)
