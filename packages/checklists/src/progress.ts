/**
 * Where a running checklist stands: progress by count and by remaining duration, what is next for
 * each role, and what is late.
 *
 * @since 0.1.0
 */
import { InvalidChecklistInput } from "./errors.ts"
import { toInstant } from "./internal/instant.ts"
import { itemStates, type Run, scheduleOf } from "./Run.ts"

/**
 * An item as the crew sees it while running.
 *
 * @category models
 * @since 0.1.0
 */
export interface ItemView {
  /** The item's id. */
  readonly id: string
  /** Its title. */
  readonly title: string
  /** The role that owns it. */
  readonly owner: string
  /** When it starts (epoch ms). */
  readonly start: number
  /** When it is due (epoch ms). */
  readonly due: number
  /** Whether it is flagged critical. */
  readonly critical: boolean
  /** Whether it is done. */
  readonly done: boolean
}

/**
 * Progress of a running checklist.
 *
 * @category models
 * @since 0.1.0
 */
export interface Progress {
  /** Items done. */
  readonly done: number
  /** All items. */
  readonly total: number
  /** Minutes of work in items not yet done. */
  readonly remainingMinutes: number
  /** Minutes of work in all items. */
  readonly totalMinutes: number
  /** Per role: items done and all items. */
  readonly byRole: Readonly<Record<string, { readonly done: number; readonly total: number }>>
}

/** Every item as an ItemView, in template order. */
export const views = (run: Run): ItemView[] => {
  const s = scheduleOf(run)
  const states = itemStates(run)
  return run.template.items.map((item, i) => {
    const x = s.items[i] as (typeof s.items)[number]
    return {
      id: item.id,
      title: item.title,
      owner: item.owner,
      start: x.start,
      due: x.finish,
      critical: item.critical === true,
      done: states.get(item.id)?.done === true
    }
  })
}

/**
 * Progress by count and by remaining duration, overall and per role.
 *
 * @param run - The running checklist.
 * @returns Counts and minutes.
 * @example
 * ```ts
 * import { instantiate, launch, progress } from "@microdrop/checklists"
 * const p = progress(instantiate(launch, { anchors: { doors: 0 }, timeZone: "UTC" }))
 * p.done // => 0
 * ```
 * @since 0.1.0
 */
export const progress = (run: Run): Progress => {
  const states = itemStates(run)
  const byRole: Record<string, { done: number; total: number }> = {}
  let done = 0
  let remainingMinutes = 0
  let totalMinutes = 0
  for (const item of run.template.items) {
    const isDone = states.get(item.id)?.done === true
    const role = byRole[item.owner] ?? { done: 0, total: 0 }
    byRole[item.owner] = { done: role.done + (isDone ? 1 : 0), total: role.total + 1 }
    totalMinutes += item.duration
    if (isDone) done++
    else remainingMinutes += item.duration
  }
  return { done, total: run.template.items.length, remainingMinutes, totalMinutes, byRole }
}

/**
 * The next undone items of each role, earliest start first.
 *
 * @param run - The running checklist.
 * @param options - `perRole`: how many per role (default 3).
 * @returns Role → its next items.
 * @throws InvalidChecklistInput (`perRole`).
 * @example
 * ```ts
 * import { instantiate, launch, nextItems } from "@microdrop/checklists"
 * const next = nextItems(instantiate(launch, { anchors: { doors: 0 }, timeZone: "UTC" }), { perRole: 1 })
 * Object.keys(next).length > 0 // => true
 * ```
 * @since 0.1.0
 */
export const nextItems = (
  run: Run,
  options: { readonly perRole?: number } = {}
): Readonly<Record<string, ReadonlyArray<ItemView>>> => {
  const perRole = options.perRole ?? 3
  if (!Number.isSafeInteger(perRole) || perRole < 0)
    throw new InvalidChecklistInput({ path: "perRole", rule: "a whole number of items, 0 or more" })
  const out: Record<string, ItemView[]> = {}
  const sorted = views(run)
    .filter((v) => !v.done)
    .sort((a, b) => a.start - b.start || a.due - b.due)
  for (const v of sorted) {
    const list = out[v.owner] ?? []
    if (list.length < perRole) list.push(v)
    out[v.owner] = list
  }
  return out
}

/**
 * Items not done whose due time has passed, most overdue first.
 *
 * @param run - The running checklist.
 * @param options - `now`: epoch ms or ISO 8601 with an offset.
 * @returns The late items.
 * @throws InvalidChecklistInput (`now`).
 * @example
 * ```ts
 * import { instantiate, launch, lateItems } from "@microdrop/checklists"
 * const run = instantiate(launch, { anchors: { doors: "2026-10-25T19:00:00Z" }, timeZone: "UTC" })
 * lateItems(run, { now: "2026-10-01T00:00:00Z" }) // => []
 * ```
 * @since 0.1.0
 */
export const lateItems = (run: Run, options: { readonly now: number | string }): ReadonlyArray<ItemView> => {
  const now = toInstant(options.now, "now")
  return views(run)
    .filter((v) => !v.done && v.due < now)
    .sort((a, b) => a.due - b.due)
}
