/**
 * The schedule of a template for given anchor instants: a forward pass for start and finish, a
 * backward pass for slack, and the critical path to every anchor; linear in items + edges.
 *
 * @since 0.1.0
 */
import { compileGraph } from "./internal/graph.ts"
import { toInstant } from "./internal/instant.ts"
import { computeSchedule, criticalPaths, resolveAnchors, type ScheduleArrays } from "./internal/passes.ts"
import type { Template } from "./Template.ts"

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

const PIN: Limit = Object.freeze({ kind: "pin" })
const END: Limit = Object.freeze({ kind: "end" })

/** Converts the arrays into the public plain-data schedule (limits other than an item are shared, frozen objects). */
export const toSchedule = (template: Template, s: ScheduleArrays): Schedule => {
  const ids = template.items.map((x) => x.id)
  const anchorIds = template.anchors.map((x) => x.id)
  const paths = criticalPaths(s)
  const pathSlack = new Float64Array(anchorIds.length + 1)
  const anchorLimits: Limit[] = anchorIds.map((id) => Object.freeze({ kind: "anchor", id }))
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
            ? (anchorLimits[d] as Limit)
            : lim === -3
              ? PIN
              : END,
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
