/**
 * A running checklist: a template instantiated for one event (absolute anchor instants and a display
 * time zone) plus the set of tick/untick/gate events; all state is derived from that set, so copies
 * ticked offline merge in any order.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { decodeTemplate } from "./decodeTemplate.ts"
import { InvalidChecklistInput, UnknownChecklistItem } from "./errors.ts"
import { compileGraph } from "./internal/graph.ts"
import { toInstant } from "./internal/instant.ts"
import { computeSchedule, resolveAnchors } from "./internal/passes.ts"
import { checkTimeZone } from "./internal/timeZone.ts"
import { type Schedule, toSchedule } from "./schedule.ts"
import { ChecklistId, Template } from "./Template.ts"

/**
 * One thing that happened to a running checklist: an item ticked or un-ticked, or a gate opened.
 * `id` is a canonical encoding of the other fields, so the same act recorded on two phones is one event.
 *
 * @category models
 * @since 0.1.0
 */
export const RunEvent = Schema.Struct({
  /** Canonical id: `JSON.stringify([kind, target, by, at, reason])`. */
  id: Schema.String,
  /** `tick`, `untick` or `open` (a gate). */
  kind: Schema.Literals(["tick", "untick", "open"]),
  /** The item (tick, untick) or anchor (open). */
  target: ChecklistId,
  /** Who did it. */
  by: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200)),
  /** When (epoch ms). */
  at: Schema.Int,
  /** Why an item was un-ticked. */
  reason: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(2000)))
})
/** @since 0.1.0 */
export type RunEvent = typeof RunEvent.Type

/**
 * A running checklist as plain data (store it as JSON with `serialiseRun`).
 *
 * @category models
 * @since 0.1.0
 */
export const Run = Schema.Struct({
  /** Format version. */
  version: Schema.Literal(1),
  /** The event's checklist id (copies with the same id merge). */
  id: ChecklistId,
  /** The template it was made from. */
  template: Template,
  /** Every anchor's instant, epoch ms. */
  anchors: Schema.Record(Schema.String, Schema.Int),
  /** IANA zone for display and export. */
  timeZone: Schema.String,
  /** Every event, in canonical order (time, then id). */
  events: Schema.Array(RunEvent)
})
/** @since 0.1.0 */
export type Run = typeof Run.Type

/**
 * Options of `instantiate`.
 *
 * @category models
 * @since 0.1.0
 */
export interface InstantiateOptions {
  /** Instants of some anchors: epoch ms or ISO 8601 with an offset. Others follow from the template. */
  readonly anchors: Readonly<Record<string, number | string>>
  /** IANA zone used to show and export times (`Europe/Berlin`, `UTC`). */
  readonly timeZone: string
  /** The checklist id; default `<template id>@<first anchor as ISO UTC>`. */
  readonly id?: string
}

/**
 * Instantiates a template for one event: every anchor gets an absolute instant, every item a due
 * time. Offsets are exact minutes from absolute instants, so a daylight-saving change between
 * load-in and doors shifts nothing; the time zone only changes how times are shown and exported.
 *
 * @param template - A template (checked again here).
 * @param options - Anchors (at least one), time zone, optional id.
 * @returns A running checklist with no events.
 * @throws InvalidChecklistInput (`anchors.<id>`, `timeZone`, `id`), UnknownChecklistItem (anchor),
 *   and the template errors of `decodeTemplate`, PinnedBeforeDependency at the given anchors.
 * @example
 * ```ts
 * import { instantiate, launch } from "@microdrop/checklists"
 * const run = instantiate(launch, { anchors: { doors: "2026-10-25T19:00:00+01:00" }, timeZone: "Europe/Berlin" })
 * run.anchors["show-start"] // => 1792953000000 (doors + 30 min)
 * ```
 * @since 0.1.0
 */
export const instantiate = (template: Template, options: InstantiateOptions): Run => {
  const t = decodeTemplate(template)
  const given: Record<string, number> = {}
  for (const [key, value] of Object.entries(options.anchors ?? {})) {
    if (!t.anchors.some((a) => a.id === key)) throw new UnknownChecklistItem({ kind: "anchor", id: key })
    given[key] = toInstant(value, `anchors.${key}`)
  }
  if (Object.keys(given).length === 0)
    throw new InvalidChecklistInput({
      path: "anchors",
      rule: "at least one anchor instant, e.g. { doors: … }"
    })
  const timeZone = checkTimeZone(options.timeZone)
  const at = resolveAnchors(t, given)
  computeSchedule(t, compileGraph(t), at)
  const anchors = Object.fromEntries(t.anchors.map((a, i) => [a.id, at[i] as number]))
  const first = t.anchors.find((a) => given[a.id] !== undefined)?.id as string
  const id = options.id ?? `${t.id}@${new Date(anchors[first] as number).toISOString()}`
  if (Schema.decodeUnknownResult(ChecklistId)(id)._tag === "Failure")
    throw new InvalidChecklistInput({ path: "id", rule: "1–100 characters without control characters" })
  for (const a of t.anchors)
    if (!Number.isSafeInteger(anchors[a.id]))
      throw new InvalidChecklistInput({ path: `anchors.${a.id}`, rule: "an instant in the Date range" })
  return { version: 1, id, template: t, anchors, timeZone, events: [] }
}

/** Schedules by template and anchors object: a tick makes a new run but keeps both, so it reuses the schedule. */
const cache = new WeakMap<Run["template"], WeakMap<Run["anchors"], Schedule>>()

/**
 * The schedule of a running checklist at its anchors (cached: ticking does not recompute it).
 *
 * @param run - A running checklist.
 * @returns Start, due time (`finish`), slack and critical paths in epoch ms.
 * @example
 * ```ts
 * import { instantiate, launch, scheduleOf } from "@microdrop/checklists"
 * const run = instantiate(launch, { anchors: { doors: Date.UTC(2026, 9, 25, 18) }, timeZone: "UTC" })
 * scheduleOf(run).paths.length > 0 // => true
 * ```
 * @since 0.1.0
 */
export const scheduleOf = (run: Run): Schedule => {
  let byAnchors = cache.get(run.template)
  if (byAnchors === undefined) {
    byAnchors = new WeakMap()
    cache.set(run.template, byAnchors)
  }
  let s = byAnchors.get(run.anchors)
  if (s === undefined) {
    const graph = compileGraph(run.template)
    const at = Float64Array.from(run.template.anchors, (a) => run.anchors[a.id] as number)
    s = toSchedule(run.template, computeSchedule(run.template, graph, at))
    byAnchors.set(run.anchors, s)
  }
  return s
}

/** Canonical event order: time, then id (UTF-16 code units). */
export const compareEvents = (a: RunEvent, b: RunEvent): number =>
  a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** The canonical id of an event: its fields in a fixed-shape JSON array (injective). */
export const eventId = (e: Omit<RunEvent, "id">): string =>
  JSON.stringify([e.kind, e.target, e.by, e.at, e.reason ?? null])

/** Adds an event keeping canonical order; the same event twice is one. */
export const addEvent = (run: Run, fields: Omit<RunEvent, "id">): Run => {
  const event: RunEvent = { id: eventId(fields), ...fields }
  const events = run.events
  let lo = 0
  let hi = events.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (compareEvents(events[mid] as RunEvent, event) < 0) lo = mid + 1
    else hi = mid
  }
  if (lo < events.length && (events[lo] as RunEvent).id === event.id) return run
  return { ...run, events: [...events.slice(0, lo), event, ...events.slice(lo)] }
}

export const checkBy = (by: unknown): string => {
  if (typeof by === "string" && by.length > 0 && by.length <= 200) return by
  throw new InvalidChecklistInput({ path: "by", rule: "who did it: 1–200 characters" })
}

const itemOf = (run: Run, item: string): void => {
  if (!run.template.items.some((x) => x.id === item))
    throw new UnknownChecklistItem({ kind: "item", id: item })
}

/**
 * Who did something, and when.
 *
 * @category models
 * @since 0.1.0
 */
export interface Act {
  /** Who (a name or staff id). */
  readonly by: string
  /** When: epoch ms or ISO 8601 with an offset. */
  readonly at: number | string
}

/**
 * Ticks an item: records who did it and when. Ticking a done item again only adds to the history.
 *
 * @param run - The running checklist.
 * @param item - The item's id.
 * @param act - Who and when.
 * @returns The new run (the argument is not changed).
 * @throws UnknownChecklistItem, InvalidChecklistInput (`by`, `at`).
 * @example
 * ```ts
 * import { instantiate, isDone, launch, tick } from "@microdrop/checklists"
 * const run = instantiate(launch, { anchors: { doors: "2026-10-25T19:00:00Z" }, timeZone: "UTC" })
 * isDone(tick(run, "confirm-stream-kit", { by: "ana", at: "2026-10-25T12:00:00Z" }), "confirm-stream-kit") // => true
 * ```
 * @since 0.1.0
 */
export const tick = (run: Run, item: string, act: Act): Run => {
  itemOf(run, item)
  return addEvent(run, { kind: "tick", target: item, by: checkBy(act.by), at: toInstant(act.at, "at") })
}

/**
 * Un-ticks an item, with the reason kept in the history.
 *
 * @param run - The running checklist.
 * @param item - The item's id.
 * @param act - Who, when and why (`reason`, required).
 * @returns The new run.
 * @throws UnknownChecklistItem, InvalidChecklistInput (`by`, `at`, `reason`).
 * @example
 * ```ts
 * import { instantiate, launch, tick, untick } from "@microdrop/checklists"
 * let run = instantiate(launch, { anchors: { doors: "2026-10-25T19:00:00Z" }, timeZone: "UTC" })
 * run = tick(run, "confirm-stream-kit", { by: "ana", at: "2026-10-25T12:00:00Z" })
 * run = untick(run, "confirm-stream-kit", { by: "ana", at: "2026-10-25T12:05:00Z", reason: "spare battery dead" })
 * ```
 * @since 0.1.0
 */
export const untick = (run: Run, item: string, act: Act & { readonly reason: string }): Run => {
  itemOf(run, item)
  if (typeof act.reason !== "string" || act.reason.trim() === "" || act.reason.length > 2000)
    throw new InvalidChecklistInput({ path: "reason", rule: "why it is un-ticked: 1–2000 characters" })
  return addEvent(run, {
    kind: "untick",
    target: item,
    by: checkBy(act.by),
    at: toInstant(act.at, "at"),
    reason: act.reason
  })
}

/**
 * The state of one item, derived from the events.
 *
 * @category models
 * @since 0.1.0
 */
export interface ItemState {
  /** True when its last tick/untick is a tick. */
  readonly done: boolean
  /** The event that set this state (absent when never touched). */
  readonly last?: RunEvent
}

/**
 * The state of every item, folding the events in canonical order (time, then id).
 *
 * @param run - The running checklist.
 * @returns Item id → state.
 * @example
 * ```ts
 * import { instantiate, itemStates, launch } from "@microdrop/checklists"
 * const run = instantiate(launch, { anchors: { doors: "2026-10-25T19:00:00Z" }, timeZone: "UTC" })
 * itemStates(run).get("confirm-stream-kit")?.done // => false
 * ```
 * @since 0.1.0
 */
export const itemStates = (run: Run): ReadonlyMap<string, ItemState> => {
  const out = new Map<string, ItemState>(run.template.items.map((x) => [x.id, { done: false }]))
  for (const e of run.events) if (e.kind !== "open") out.set(e.target, { done: e.kind === "tick", last: e })
  return out
}

/**
 * Whether an item is done.
 *
 * @param run - The running checklist.
 * @param item - The item's id.
 * @returns True when its last tick/untick is a tick.
 * @throws UnknownChecklistItem.
 * @example
 * ```ts
 * import { instantiate, isDone, launch } from "@microdrop/checklists"
 * isDone(instantiate(launch, { anchors: { doors: 0 }, timeZone: "UTC" }), "confirm-stream-kit") // => false
 * ```
 * @since 0.1.0
 */
export const isDone = (run: Run, item: string): boolean => {
  itemOf(run, item)
  return itemStates(run).get(item)?.done === true
}

/**
 * The full history, oldest first, of the whole checklist or of one item or anchor.
 *
 * @param run - The running checklist.
 * @param target - An item or anchor id (omit for everything).
 * @returns Events in canonical order.
 * @example
 * ```ts
 * import { history, instantiate, launch } from "@microdrop/checklists"
 * history(instantiate(launch, { anchors: { doors: 0 }, timeZone: "UTC" })) // => []
 * ```
 * @since 0.1.0
 */
export const history = (run: Run, target?: string): ReadonlyArray<RunEvent> =>
  target === undefined ? run.events : run.events.filter((e) => e.target === target)
