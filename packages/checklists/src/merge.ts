/**
 * Merging two copies of one running checklist (phones ticking offline) into one.
 *
 * @since 0.1.0
 */
import { RunMismatch } from "./errors.ts"
import { compareEvents, type Run, type RunEvent } from "./Run.ts"

/**
 * Merges two copies of the same running checklist (e.g. two phones ticking offline): the union of
 * their events. Commutative, associative and idempotent, so copies converge whatever the order.
 *
 * @param a - One copy.
 * @param b - Another copy of the same checklist.
 * @returns The merged run.
 * @throws RunMismatch when the copies are of different checklists.
 * @example
 * ```ts
 * import { instantiate, launch, merge } from "@microdrop/checklists"
 * const run = instantiate(launch, { anchors: { doors: 0 }, timeZone: "UTC" })
 * merge(run, run).events.length // => 0
 * ```
 * @since 0.1.0
 */
export const merge = (a: Run, b: Run): Run => {
  if (a.id !== b.id) throw new RunMismatch({ field: "id" })
  if (a.timeZone !== b.timeZone) throw new RunMismatch({ field: "timeZone" })
  if (JSON.stringify(a.anchors) !== JSON.stringify(b.anchors)) throw new RunMismatch({ field: "anchors" })
  if (a.template !== b.template && JSON.stringify(a.template) !== JSON.stringify(b.template))
    throw new RunMismatch({ field: "template" })
  const byId = new Map<string, RunEvent>()
  for (const e of a.events) byId.set(e.id, e)
  for (const e of b.events) byId.set(e.id, e)
  if (byId.size === a.events.length) return a
  if (byId.size === b.events.length) return { ...a, events: b.events }
  return { ...a, events: [...byId.values()].sort(compareEvents) }
}
