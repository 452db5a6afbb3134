/**
 * Go/no-go gates: an anchor (doors, show start …) opens only when every critical item due by then
 * is done; the answer lists exactly what blocks it, with owners.
 *
 * @since 0.1.0
 */
import { GateBlocked, UnknownChecklistItem } from "./errors.ts"
import { toInstant } from "./internal/instant.ts"
import { type Act, addEvent, checkBy, itemStates, type Run, type RunEvent, scheduleOf } from "./Run.ts"

/**
 * One undone critical item that keeps a gate closed.
 *
 * @category models
 * @since 0.1.0
 */
export interface GateBlocker {
  /** The item's id. */
  readonly item: string
  /** Its title. */
  readonly title: string
  /** The role that owns it. */
  readonly owner: string
  /** When it is due (epoch ms). */
  readonly due: number
}

/**
 * The state of one gate.
 *
 * @category models
 * @since 0.1.0
 */
export interface GateStatus {
  /** The anchor. */
  readonly anchor: string
  /** Its instant (epoch ms). */
  readonly at: number
  /** True when nothing blocks it. */
  readonly ready: boolean
  /** The undone critical items due at or before the anchor, by due time then template order. */
  readonly blockers: ReadonlyArray<GateBlocker>
  /** The event that opened it, if it was opened. */
  readonly opened?: RunEvent
}

/**
 * Asks whether a gate may open: the critical items (flagged `critical`) due at or before the
 * anchor's instant that are not done. Opening is a separate act (`openGate`).
 *
 * @param run - The running checklist.
 * @param anchor - The anchor id, e.g. `doors`.
 * @returns Whether it is ready, and exactly what blocks it.
 * @throws UnknownChecklistItem (anchor).
 * @example
 * ```ts
 * import { gateStatus, instantiate, launch } from "@microdrop/checklists"
 * const run = instantiate(launch, { anchors: { doors: "2026-10-25T19:00:00Z" }, timeZone: "UTC" })
 * gateStatus(run, "doors").ready // => false (nothing is ticked yet)
 * ```
 * @since 0.1.0
 */
export const gateStatus = (run: Run, anchor: string): GateStatus => {
  const at = run.anchors[anchor]
  if (at === undefined || !run.template.anchors.some((a) => a.id === anchor))
    throw new UnknownChecklistItem({ kind: "anchor", id: anchor })
  const s = scheduleOf(run)
  const states = itemStates(run)
  const blockers: GateBlocker[] = []
  run.template.items.forEach((item, i) => {
    const due = (s.items[i] as (typeof s.items)[number]).finish
    if (item.critical === true && due <= at && states.get(item.id)?.done !== true)
      blockers.push({ item: item.id, title: item.title, owner: item.owner, due })
  })
  blockers.sort((a, b) => a.due - b.due)
  const opened = run.events.find((e) => e.kind === "open" && e.target === anchor)
  return { anchor, at, ready: blockers.length === 0, blockers, ...(opened === undefined ? {} : { opened }) }
}

/**
 * Opens a gate (records who opened it and when), or refuses with what blocks it.
 *
 * @param run - The running checklist.
 * @param anchor - The anchor id, e.g. `doors`.
 * @param act - Who opens it and when.
 * @returns The new run with the opening in its history.
 * @throws GateBlocked (with the blockers and their owners), UnknownChecklistItem, InvalidChecklistInput.
 * @example
 * ```ts
 * import { GateBlocked, instantiate, launch, openGate } from "@microdrop/checklists"
 * const run = instantiate(launch, { anchors: { doors: "2026-10-25T19:00:00Z" }, timeZone: "UTC" })
 * try { openGate(run, "doors", { by: "ana", at: "2026-10-25T19:00:00Z" }) } catch (e) { e instanceof GateBlocked } // => true
 * ```
 * @since 0.1.0
 */
export const openGate = (run: Run, anchor: string, act: Act): Run => {
  const status = gateStatus(run, anchor)
  const at = toInstant(act.at, "at")
  if (!status.ready) throw new GateBlocked({ anchor, blockers: status.blockers })
  return addEvent(run, { kind: "open", target: anchor, by: checkBy(act.by), at })
}
