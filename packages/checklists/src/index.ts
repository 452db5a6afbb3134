/**
 * `@microdrop/checklists`: the playbook's operational checklists as data — DST-safe schedules,
 * critical path with slack and explanations, go/no-go gates, mergeable running state, exports.
 *
 * Error model: every function that can fail throws one tagged error from `errors.ts` (never returns
 * a half-valid value); match on `e._tag`.
 *
 * @since 0.1.0
 */
export { decodeTemplate, parseTemplateJson, parseTemplateYaml } from "./decodeTemplate.ts"
export { addItem, removeItem, retimeItem } from "./editTemplate.ts"
export {
  Blocker,
  type ChecklistError,
  DependencyCycle,
  DuplicateItemId,
  GateBlocked,
  InvalidChecklistInput,
  PinnedBeforeDependency,
  RunMismatch,
  UnknownChecklistItem,
  UnknownDependency
} from "./errors.ts"
export type { Explanation } from "./explain.ts"
export { explain } from "./explain.ts"
export type { GateBlocker, GateStatus } from "./gates.ts"
export { gateStatus, openGate } from "./gates.ts"
export { merge } from "./merge.ts"
export type { ItemView, Progress } from "./progress.ts"
export { lateItems, nextItems, progress } from "./progress.ts"
export type { Act, InstantiateOptions, ItemState } from "./Run.ts"
export { history, instantiate, isDone, itemStates, Run, RunEvent, scheduleOf, tick, untick } from "./Run.ts"
export type { CriticalPath, Limit, Schedule, ScheduledItem } from "./schedule.ts"
export { schedule } from "./schedule.ts"
export { restoreRun, serialiseRun } from "./serialiseRun.ts"
export {
  Anchor,
  ChecklistId,
  Dependency,
  Duration,
  Item,
  MAX_MINUTES,
  Minutes,
  Template
} from "./Template.ts"
export { showAnchors } from "./templates/anchors.ts"
export { builtInTemplates } from "./templates/builtInTemplates.ts"
export { cashlessCheckout } from "./templates/cashlessCheckout.ts"
export { launch } from "./templates/launch.ts"
export { loadIn } from "./templates/loadIn.ts"
export { microStore } from "./templates/microStore.ts"
export { powerAndComms } from "./templates/powerAndComms.ts"
export { streamKitTest } from "./templates/streamKitTest.ts"
export { teardown } from "./templates/teardown.ts"
export type { ICalendarOptions } from "./toICalendar.ts"
export { toICalendar } from "./toICalendar.ts"
export { toMarkdown } from "./toMarkdown.ts"
export type { PdfOptions } from "./toPdf.ts"
export { toPdf } from "./toPdf.ts"
