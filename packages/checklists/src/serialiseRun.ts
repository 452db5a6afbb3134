/**
 * A running checklist as JSON text and back, exactly (for a database row or a phone's storage).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { decodeTemplate } from "./decodeTemplate.ts"
import { InvalidChecklistInput } from "./errors.ts"
import { compileGraph } from "./internal/graph.ts"
import { toInstant } from "./internal/instant.ts"
import { firstIssue } from "./internal/issues.ts"
import { computeSchedule } from "./internal/passes.ts"
import { checkTimeZone } from "./internal/timeZone.ts"
import { compareEvents, eventId, Run } from "./Run.ts"

/**
 * Serialises a running checklist to JSON text (for a database row or a phone's storage).
 *
 * @param run - The running checklist.
 * @returns JSON text that `restoreRun` turns back into an equal run.
 * @example
 * ```ts
 * import { instantiate, launch, restoreRun, serialiseRun } from "@microdrop/checklists"
 * const run = instantiate(launch, { anchors: { doors: 0 }, timeZone: "UTC" })
 * restoreRun(serialiseRun(run)).id === run.id // => true
 * ```
 * @since 0.1.0
 */
export const serialiseRun = (run: Run): string => JSON.stringify(run)

const decodeRun = Schema.decodeUnknownResult(Run)

/**
 * Restores a running checklist from `serialiseRun` text (or its parsed value), checking everything:
 * the template, anchors, time zone, and that every event has its canonical id and order.
 *
 * @param input - JSON text, or the value it parses to.
 * @returns The run, equal to the one serialised.
 * @throws InvalidChecklistInput (path into the run, e.g. `events.2.at`), and the template errors.
 * @example
 * ```ts
 * import { restoreRun } from "@microdrop/checklists"
 * try { restoreRun("{}") } catch (e) { (e as { _tag: string })._tag } // => "InvalidChecklistInput"
 * ```
 * @since 0.1.0
 */
export const restoreRun = (input: unknown): Run => {
  let value = input
  if (typeof input === "string") {
    try {
      value = JSON.parse(input)
    } catch {
      throw new InvalidChecklistInput({ path: "", rule: "JSON text written by serialiseRun" })
    }
  }
  const r = decodeRun(value, { onExcessProperty: "error" })
  if (r._tag === "Failure") throw firstIssue(value, r.failure.issue, { items: ["template", "items"] })
  const run = r.success
  try {
    decodeTemplate(run.template)
  } catch (e) {
    if (!(e instanceof InvalidChecklistInput)) throw e
    throw new InvalidChecklistInput({
      path: `template.${e.path}`,
      rule: e.rule,
      ...(e.item === undefined ? {} : { item: e.item })
    })
  }
  checkTimeZone(run.timeZone)
  const itemIds = new Set(run.template.items.map((x) => x.id))
  const ids = run.template.anchors.map((a) => a.id)
  const keys = Object.keys(run.anchors)
  for (const key of keys) toInstant(run.anchors[key], `anchors.${key}`)
  if (keys.length !== ids.length || !ids.every((id) => keys.includes(id)))
    throw new InvalidChecklistInput({
      path: "anchors",
      rule: `an instant for exactly the anchors ${ids.join(", ")}`
    })
  run.events.forEach((e, i) => {
    if (e.id !== eventId(e))
      throw new InvalidChecklistInput({ path: `events.${i}.id`, rule: "the event's canonical id" })
    const prev = run.events[i - 1]
    if (prev !== undefined && compareEvents(prev, e) >= 0)
      throw new InvalidChecklistInput({
        path: `events.${i}`,
        rule: "events in canonical order, without repeats"
      })
    const known = e.kind === "open" ? ids.includes(e.target) : itemIds.has(e.target)
    if (!known)
      throw new InvalidChecklistInput({
        path: `events.${i}.target`,
        rule: `an ${e.kind === "open" ? "anchor" : "item"} of the template`
      })
  })
  computeSchedule(
    run.template,
    compileGraph(run.template),
    Float64Array.from(ids, (id) => run.anchors[id] as number)
  )
  return run
}
