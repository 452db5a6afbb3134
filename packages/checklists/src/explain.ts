/**
 * Why an item is or is not on the critical path: the chain of dependencies that drives its start,
 * what limits its finish, and its slack.
 *
 * @since 0.1.0
 */
import { UnknownChecklistItem } from "./errors.ts"
import type { Schedule, ScheduledItem } from "./schedule.ts"

/**
 * The explanation of one item's place in the schedule.
 *
 * @category models
 * @since 0.1.0
 */
export interface Explanation {
  /** The item's id. */
  readonly item: string
  /** Whether it lies on the longest chain to the anchor its slack is measured against. */
  readonly onCriticalPath: boolean
  /** Slack in whole minutes (negative: already late by the plan). */
  readonly slackMinutes: number
  /** The anchor the slack counts to (null: the end of the checklist). */
  readonly slackAnchor: string | null
  /** The chain that drives its start, first item first, ending with the item itself. */
  readonly chain: ReadonlyArray<ScheduledItem>
  /** What sets its latest finish. */
  readonly limitedBy: ScheduledItem["limitedBy"]
  /** The same in one or two sentences. */
  readonly text: string
}

const q = (id: string): string => JSON.stringify(id)

/**
 * Explains why an item is or is not critical: the chain that drives it and its slack.
 *
 * @param schedule - A schedule (from `schedule` or `scheduleOf`).
 * @param item - The item's id.
 * @returns The explanation.
 * @throws UnknownChecklistItem.
 * @example
 * ```ts
 * import { explain, launch, schedule } from "@microdrop/checklists"
 * explain(schedule(launch), "test-purchase").onCriticalPath // => true
 * ```
 * @since 0.1.0
 */
export const explain = (schedule: Schedule, item: string): Explanation => {
  const byId = new Map(schedule.items.map((x) => [x.id, x]))
  const me = byId.get(item)
  if (me === undefined) throw new UnknownChecklistItem({ kind: "item", id: item })
  const chain: ScheduledItem[] = []
  for (
    let x: ScheduledItem | undefined = me;
    x !== undefined;
    x = x.drivenBy === null ? undefined : byId.get(x.drivenBy)
  )
    chain.push(x)
  chain.reverse()
  const slackMinutes = Math.round(me.slack / 60_000)
  const target = me.slackAnchor === null ? "the end of the checklist" : q(me.slackAnchor)
  const head = chain[0] as ScheduledItem
  const driven =
    chain.length === 1
      ? "it starts at its planned time, no dependency holds it back"
      : `its start is driven by the chain ${chain.map((x) => q(x.id)).join(" → ")} (${q(head.id)} starts at its planned time)`
  const limit =
    me.limitedBy.kind === "item"
      ? `its latest finish is set by ${q(me.limitedBy.id)}`
      : me.limitedBy.kind === "anchor"
        ? `it must be done by ${q(me.limitedBy.id)}`
        : me.limitedBy.kind === "pin"
          ? "it is pinned and cannot move"
          : "nothing after it has an anchor"
  const verdict = me.onCriticalPath
    ? `${q(item)} is on the critical path to ${target}`
    : `${q(item)} is not on the critical path to ${target}`
  return {
    item,
    onCriticalPath: me.onCriticalPath,
    slackMinutes,
    slackAnchor: me.slackAnchor,
    chain,
    limitedBy: me.limitedBy,
    text: `${verdict}: ${slackMinutes} min of slack; ${driven}; ${limit}.`
  }
}
