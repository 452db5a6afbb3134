/**
 * The schedule of a template for given anchor instants: a forward pass for start and finish, a
 * backward pass for slack, and the critical path to every anchor; linear in items + edges.
 *
 * @since 0.1.0
 */
import { PinnedBeforeDependency, UnknownChecklistItem } from "./errors.ts"
import { compileGraph, FS, type Graph } from "./internal/graph.ts"
import { toInstant } from "./internal/instant.ts"
import type { Template } from "./Template.ts"

const MINUTE = 60_000

/**
 * What sets an item's latest finish: a later item (`item`), its own due anchor (`anchor`), its pin
 * (`pin`), or, with no anchor after it, the end of the checklist (`end`).
 *
 * @category models
 * @since 0.1.0
 */
export type Limit =
  | { readonly kind: "item"; readonly id: string }
  | { readonly kind: "anchor"; readonly id: string }
  | { readonly kind: "pin" }
  | { readonly kind: "end" }

/**
 * One item in a schedule. Times are epoch ms (or, for a template scheduled without anchors, ms from
 * its reference anchor).
 *
 * @category models
 * @since 0.1.0
 */
export interface ScheduledItem {
  /** The item's id. */
  readonly id: string
  /** Its planned start: its anchor plus its offset. */
  readonly plannedStart: number
  /** Its earliest start: the planned start, or later when a dependency pushes it. */
  readonly start: number
  /** `start + duration`: when it is due. */
  readonly finish: number
  /** The anchor it must be finished by (the first anchor at or after its planned finish), or null. */
  readonly deadline: string | null
  /** The latest it may finish without making any item miss its anchor (or, with none, the end). */
  readonly latestFinish: number
  /** `latestFinish - finish` in ms: how far it can slip. Negative: the plan already misses. */
  readonly slack: number
  /**
   * True when it lies on a longest chain to an anchor: it is in one of `paths`, or its slack is no
   * more than the slack of the path to the anchor its slack is measured against (an equally long chain).
   */
  readonly onCriticalPath: boolean
  /** The dependency that sets its start, or null when it starts at its planned time. */
  readonly drivenBy: string | null
  /** What sets its latest finish. */
  readonly limitedBy: Limit
  /** The anchor (or null for the end) its slack is finally measured against. */
  readonly slackAnchor: string | null
}

/**
 * The longest chain of items due by one anchor.
 *
 * @category models
 * @since 0.1.0
 */
export interface CriticalPath {
  /** The anchor, or null for the end of the checklist (items with no anchor after them). */
  readonly anchor: string | null
  /** The anchor's instant (for the end: the latest finish of all items). */
  readonly at: number
  /** The chain, first item first: each item is the one that drives the next. */
  readonly chain: ReadonlyArray<string>
  /** Start of the chain's first item. */
  readonly start: number
  /** Finish of the chain's last item: the latest finish of all items due by this anchor. */
  readonly finish: number
  /** `at - finish` in ms: the buffer left before the anchor. */
  readonly slack: number
}

/**
 * A whole schedule.
 *
 * @category models
 * @since 0.1.0
 */
export interface Schedule {
  /** The instant of every anchor of the template. */
  readonly anchors: Readonly<Record<string, number>>
  /** One entry per item, in template order. */
  readonly items: ReadonlyArray<ScheduledItem>
  /** The critical path to every anchor that has items due by it, then to the end, by time. */
  readonly paths: ReadonlyArray<CriticalPath>
  /** The latest finish of all items. */
  readonly end: number
}

/**
 * Every anchor's instant: given ones as given, the others placed by the template's anchor offsets
 * from the first given anchor (template order); with none given, ms from the template's offset 0.
 */
export const resolveAnchors = (
  template: Template,
  given: Readonly<Record<string, number>> = {}
): Float64Array => {
  const anchors = template.anchors
  for (const key of Object.keys(given))
    if (!anchors.some((a) => a.id === key)) throw new UnknownChecklistItem({ kind: "anchor", id: key })
  const base = anchors.find((a) => given[a.id] !== undefined)
  const out = new Float64Array(anchors.length)
  anchors.forEach((a, i) => {
    const own = given[a.id]
    out[i] =
      own !== undefined
        ? own
        : base === undefined
          ? a.offset * MINUTE
          : (given[base.id] as number) + (a.offset - base.offset) * MINUTE
  })
  return out
}

/** Arrays of a computed schedule, shared by `schedule`, `explain` and the benchmarks. */
export interface ScheduleArrays {
  readonly graph: Graph
  readonly anchorAt: Float64Array
  readonly planned: Float64Array
  readonly es: Float64Array
  readonly ef: Float64Array
  readonly lf: Float64Array
  readonly driver: Int32Array
  /** >= 0: a successor; -1 own deadline; -2 end; -3 pin. */
  readonly limit: Int32Array
  /** Anchor index of the item's deadline, -1 for none. */
  readonly deadline: Int32Array
  /** Anchor index its slack is measured against, -1 for the end. */
  readonly bind: Int32Array
  readonly end: number
}

/** Forward and backward passes over the topological order. Throws PinnedBeforeDependency. */
export const computeSchedule = (template: Template, graph: Graph, anchorAt: Float64Array): ScheduleArrays => {
  const { n, order, anchorOf, inStart, inFrom, inType, inLag, outStart, outTo, outType, outLag } = graph
  const items = template.items
  const planned = new Float64Array(n)
  const dur = new Float64Array(n)
  const es = new Float64Array(n)
  const ef = new Float64Array(n)
  const driver = new Int32Array(n).fill(-1)
  let end = Number.NEGATIVE_INFINITY
  for (let k = 0; k < n; k++) {
    const i = order[k] as number
    const item = items[i] as Template["items"][number]
    const p = (anchorAt[anchorOf[i] as number] as number) + item.offset * MINUTE
    planned[i] = p
    dur[i] = item.duration * MINUTE
    let start = p
    for (let e = inStart[i] as number; e < (inStart[i + 1] as number); e++) {
      const from = inFrom[e] as number
      const c = (inType[e] === FS ? (ef[from] as number) : (es[from] as number)) + (inLag[e] as number)
      // A dependency that ends exactly at the planned start still drives it (no gap between them).
      if (c > start || (c === start && driver[i] === -1)) {
        start = c
        driver[i] = from
      }
    }
    if (item.pinned === true && start > p)
      throw new PinnedBeforeDependency({
        item: item.id,
        dependency: (items[driver[i] as number] as Template["items"][number]).id,
        pinnedStart: p,
        earliestStart: start
      })
    es[i] = start
    const f = start + (dur[i] as number)
    ef[i] = f
    if (f > end) end = f
  }
  if (n === 0) end = anchorAt.reduce((m, x) => Math.max(m, x), Number.NEGATIVE_INFINITY)
  // Deadlines: the first anchor at or after the planned finish (ties: first in template order).
  const byTime = Array.from(anchorAt.keys()).sort(
    (a, b) => (anchorAt[a] as number) - (anchorAt[b] as number) || a - b
  )
  const times = byTime.map((a) => anchorAt[a] as number)
  const deadline = new Int32Array(n)
  const lf = new Float64Array(n)
  const limit = new Int32Array(n)
  const bind = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const pf = (planned[i] as number) + (dur[i] as number)
    let lo = 0
    let hi = times.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((times[mid] as number) < pf) lo = mid + 1
      else hi = mid
    }
    deadline[i] = lo < byTime.length ? (byTime[lo] as number) : -1
  }
  for (let k = n - 1; k >= 0; k--) {
    const i = order[k] as number
    const d = deadline[i] as number
    let latest = d >= 0 ? (anchorAt[d] as number) : end
    let lim = d >= 0 ? -1 : -2
    let b = d
    if ((items[i] as Template["items"][number]).pinned === true) {
      const pin = (planned[i] as number) + (dur[i] as number)
      if (pin < latest) {
        latest = pin
        lim = -3
      }
    }
    for (let e = outStart[i] as number; e < (outStart[i + 1] as number); e++) {
      const s = outTo[e] as number
      const ls = (lf[s] as number) - (dur[s] as number)
      const c = ls - (outLag[e] as number) + (outType[e] === FS ? 0 : (dur[i] as number))
      if (c < latest) {
        latest = c
        lim = s
        b = bind[s] as number
      }
    }
    lf[i] = latest
    limit[i] = lim
    bind[i] = b
  }
  return { graph, anchorAt, planned, es, ef, lf, driver, limit, deadline, bind, end }
}

/** The chain of drivers ending at item i, first item first. */
export const drivingChain = (s: ScheduleArrays, i: number): number[] => {
  const chain: number[] = []
  for (let v = i; v >= 0; v = s.driver[v] as number) chain.push(v)
  return chain.reverse()
}

/** The critical path to each anchor (index) and to the end (-1), by the anchor's instant. */
export const criticalPaths = (
  s: ScheduleArrays
): Array<{ anchor: number; at: number; last: number; chain: number[]; slack: number }> => {
  const a = s.anchorAt.length
  // last[x]: the item with the latest finish due by anchor x (x = a for the end).
  const last = new Int32Array(a + 1).fill(-1)
  for (let i = 0; i < s.graph.n; i++) {
    const d = s.deadline[i] as number
    const x = d >= 0 ? d : a
    const cur = last[x] as number
    if (cur < 0 || (s.ef[i] as number) > (s.ef[cur] as number)) last[x] = i
  }
  const out: Array<{ anchor: number; at: number; last: number; chain: number[]; slack: number }> = []
  for (let x = 0; x <= a; x++) {
    const l = last[x] as number
    if (l < 0) continue
    const at = x < a ? (s.anchorAt[x] as number) : s.end
    out.push({
      anchor: x < a ? x : -1,
      at,
      last: l,
      chain: drivingChain(s, l),
      slack: at - (s.ef[l] as number)
    })
  }
  return out.sort((p, q) => p.at - q.at || (p.anchor < 0 ? 1 : q.anchor < 0 ? -1 : p.anchor - q.anchor))
}

/**
 * Schedules a template: when each item starts and is due, how far it can slip (slack), and the
 * critical path (longest chain) to every anchor. Items start at their planned time (anchor + offset)
 * or, when a dependency (finish-to-start or start-to-start, with its lag or lead) does not allow
 * that, as soon as it does. An item must be finished by the first anchor at or after its planned
 * finish; its slack is how far it can slip before it, or anything after it, misses that.
 *
 * All arithmetic is in exact minutes from absolute instants, so a daylight-saving change between two
 * items never shifts anything.
 *
 * @param template - A template (validate input from outside with `decodeTemplate` first).
 * @param anchors - Instants (epoch ms, or ISO 8601 with an offset) for some anchors; the rest follow from the template's anchor
 *   offsets. With none, times are ms from the template's offset 0.
 * @returns The schedule, items in template order.
 * @throws DuplicateItemId, UnknownDependency, DependencyCycle, PinnedBeforeDependency,
 *   UnknownChecklistItem (an anchor the template lacks), InvalidChecklistInput (an item's anchor, an
 *   anchor instant).
 * @example
 * ```ts
 * import { launch, schedule } from "@microdrop/checklists"
 * const s = schedule(launch, { doors: Date.parse("2026-10-25T19:00:00+01:00") })
 * s.paths.find((p) => p.anchor === "doors")?.chain // => ["publish-stream", "test-purchase", "brief-crew"]
 * ```
 * @since 0.1.0
 */
export const schedule = (
  template: Template,
  anchors: Readonly<Record<string, number | string>> = {}
): Schedule => {
  const given: Record<string, number> = {}
  for (const [key, value] of Object.entries(anchors)) given[key] = toInstant(value, `anchors.${key}`)
  const graph = compileGraph(template)
  const s = computeSchedule(template, graph, resolveAnchors(template, given))
  return toSchedule(template, s)
}

/** Converts the arrays into the public plain-data schedule. */
export const toSchedule = (template: Template, s: ScheduleArrays): Schedule => {
  const ids = template.items.map((x) => x.id)
  const anchorIds = template.anchors.map((x) => x.id)
  const paths = criticalPaths(s)
  const pathSlack = new Float64Array(anchorIds.length + 1)
  const onPath = new Uint8Array(s.graph.n)
  for (const p of paths) {
    pathSlack[p.anchor < 0 ? anchorIds.length : p.anchor] = p.slack
    for (const i of p.chain) onPath[i] = 1
  }
  const items: ScheduledItem[] = new Array(s.graph.n)
  for (let i = 0; i < s.graph.n; i++) {
    const lim = s.limit[i] as number
    const d = s.deadline[i] as number
    const b = s.bind[i] as number
    const slack = (s.lf[i] as number) - (s.ef[i] as number)
    items[i] = {
      id: ids[i] as string,
      plannedStart: s.planned[i] as number,
      start: s.es[i] as number,
      finish: s.ef[i] as number,
      deadline: d >= 0 ? (anchorIds[d] as string) : null,
      latestFinish: s.lf[i] as number,
      slack,
      onCriticalPath: onPath[i] === 1 || slack <= (pathSlack[b >= 0 ? b : anchorIds.length] as number),
      drivenBy: (s.driver[i] as number) >= 0 ? (ids[s.driver[i] as number] as string) : null,
      limitedBy:
        lim >= 0
          ? { kind: "item", id: ids[lim] as string }
          : lim === -1
            ? { kind: "anchor", id: anchorIds[d] as string }
            : lim === -3
              ? { kind: "pin" }
              : { kind: "end" },
      slackAnchor: b >= 0 ? (anchorIds[b] as string) : null
    }
  }
  return {
    anchors: Object.fromEntries(anchorIds.map((id, i) => [id, s.anchorAt[i] as number])),
    items,
    paths: paths.map((p) => ({
      anchor: p.anchor >= 0 ? (anchorIds[p.anchor] as string) : null,
      at: p.at,
      chain: p.chain.map((i) => ids[i] as string),
      start: s.es[p.chain[0] as number] as number,
      finish: s.ef[p.last] as number,
      slack: p.slack
    })),
    end: s.end
  }
}
