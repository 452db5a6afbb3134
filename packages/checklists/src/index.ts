/**
 * `@microdrop/checklists`: the playbook's operational checklists as data.
 *
 * @since 0.1.0
 */
export { decodeTemplate, parseTemplateJson, parseTemplateYaml } from "./decodeTemplate.ts"
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
export type { CriticalPath, Limit, Schedule, ScheduledItem } from "./schedule.ts"
export { schedule } from "./schedule.ts"
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
