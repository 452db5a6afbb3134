/**
 * The tagged errors of `@microdrop/checklists`. Every function of the package that can fail on its
 * input throws one of these (it never returns a half-valid value): each is a schema-backed `Error`
 * with a literal `_tag` (match with `switch (e._tag)` or Effect's `catchTag`) and a message, built
 * from its fields, that says what is wrong and what to do.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

const minutes = (ms: number): string => `${Math.round(ms / 60_000)} min`

/**
 * Input from outside (a template, a stored run, an option such as `at` or `timeZone`) breaks a rule.
 * `path` names the field (`items.3.offset`), `rule` what it must be, `line` the YAML/JSON line when
 * the input was text, and `item` the id of the item the field belongs to, when known.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidChecklistInput extends Schema.TaggedError<InvalidChecklistInput>()(
  "InvalidChecklistInput",
  {
    /** Dotted path of the offending field, e.g. `items.3.offset` (empty for the whole input). */
    path: Schema.String,
    /** What the field must be. */
    rule: Schema.String,
    /** 1-based line in the source text (YAML and JSON input). */
    line: Schema.optionalKey(Schema.Number),
    /** Id of the item the field belongs to, when it has one. */
    item: Schema.optionalKey(Schema.String)
  }
) {
  override get message(): string {
    const where = this.path === "" ? "the input" : this.path
    const item = this.item === undefined ? "" : ` (item ${JSON.stringify(this.item)})`
    const line = this.line === undefined ? "" : ` on line ${this.line}`
    return `Invalid checklist input at ${where}${item}${line}: ${this.rule}. Fix the field and load it again.`
  }
}

/**
 * Two items of a template share an id.
 *
 * @category errors
 * @since 0.1.0
 */
export class DuplicateItemId extends Schema.TaggedError<DuplicateItemId>()("DuplicateItemId", {
  /** The repeated id. */
  id: Schema.String,
  /** Positions (0-based) of the first and the repeated item. */
  indexes: Schema.Tuple([Schema.Number, Schema.Number])
}) {
  override get message(): string {
    return `Item id ${JSON.stringify(this.id)} is used by items ${this.indexes[0]} and ${this.indexes[1]}: give each item its own id.`
  }
}

/**
 * An item depends on an id no item of the template has (or an item names an anchor the template does not declare).
 *
 * @category errors
 * @since 0.1.0
 */
export class UnknownDependency extends Schema.TaggedError<UnknownDependency>()("UnknownDependency", {
  /** The item that names the dependency. */
  item: Schema.String,
  /** The id it names. */
  dependency: Schema.String
}) {
  override get message(): string {
    return `Item ${JSON.stringify(this.item)} depends on ${JSON.stringify(this.dependency)}, which is not an item of this template: add it or remove the dependency.`
  }
}

/**
 * The dependencies form a cycle, so no order can satisfy them. `items` lists the cycle in order:
 * each item depends on the one before it, and the first on the last.
 *
 * @category errors
 * @since 0.1.0
 */
export class DependencyCycle extends Schema.TaggedError<DependencyCycle>()("DependencyCycle", {
  /** The items of the cycle in dependency order (`items[i]` is a dependency of `items[i + 1]`). */
  items: Schema.Array(Schema.String)
}) {
  override get message(): string {
    const loop = [...this.items, this.items[0] ?? ""].map((i) => JSON.stringify(i)).join(" → ")
    return `The dependencies form a cycle: ${loop}. Remove one of these dependencies.`
  }
}

/**
 * A pinned item (one that must start exactly at its offset) is placed before one of its dependencies
 * lets it start.
 *
 * @category errors
 * @since 0.1.0
 */
export class PinnedBeforeDependency extends Schema.TaggedError<PinnedBeforeDependency>()(
  "PinnedBeforeDependency",
  {
    /** The pinned item. */
    item: Schema.String,
    /** The dependency that pushes it. */
    dependency: Schema.String,
    /** The pinned start (epoch ms, or ms from the template's reference anchor). */
    pinnedStart: Schema.Number,
    /** The earliest start the dependency allows, on the same scale. */
    earliestStart: Schema.Number
  }
) {
  override get message(): string {
    return `Item ${JSON.stringify(this.item)} is pinned ${minutes(this.earliestStart - this.pinnedStart)} before ${JSON.stringify(this.dependency)} lets it start: move the pin later, unpin it, or shorten the chain before it.`
  }
}

/**
 * An operation names an item or an anchor the checklist does not have.
 *
 * @category errors
 * @since 0.1.0
 */
export class UnknownChecklistItem extends Schema.TaggedError<UnknownChecklistItem>()("UnknownChecklistItem", {
  /** What kind of name it is. */
  kind: Schema.Literals(["item", "anchor"]),
  /** The name given. */
  id: Schema.String
}) {
  override get message(): string {
    return `This checklist has no ${this.kind} ${JSON.stringify(this.id)}: check the id against the template.`
  }
}

/** One item that keeps a gate closed. */
export const Blocker = Schema.Struct({
  /** The item's id. */
  item: Schema.String,
  /** Its title. */
  title: Schema.String,
  /** The role that owns it. */
  owner: Schema.String,
  /** When it is due (epoch ms). */
  due: Schema.Number
})

/**
 * A gate (e.g. doors) cannot open: critical items due before it are not done. `blockers` lists
 * exactly those items with their owners.
 *
 * @category errors
 * @since 0.1.0
 */
export class GateBlocked extends Schema.TaggedError<GateBlocked>()("GateBlocked", {
  /** The anchor whose gate was asked to open. */
  anchor: Schema.String,
  /** The undone critical items due before it, by due time. */
  blockers: Schema.Array(Blocker)
}) {
  override get message(): string {
    const list = this.blockers.map((b) => `${b.title} (${b.owner})`).join("; ")
    return `Gate ${JSON.stringify(this.anchor)} cannot open: ${this.blockers.length} critical item(s) are not done: ${list}. Finish them, then open it again.`
  }
}

/**
 * Two running copies being merged belong to different checklists (other template or anchors).
 *
 * @category errors
 * @since 0.1.0
 */
export class RunMismatch extends Schema.TaggedError<RunMismatch>()("RunMismatch", {
  /** The field that differs: `id`, `template`, `anchors` or `timeZone`. */
  field: Schema.String
}) {
  override get message(): string {
    return `These two copies are different checklists (their ${this.field} field differs): only copies of the same instantiated checklist merge.`
  }
}

/**
 * Every error `@microdrop/checklists` throws.
 *
 * @category errors
 * @since 0.1.0
 */
export type ChecklistError =
  | InvalidChecklistInput
  | DuplicateItemId
  | UnknownDependency
  | DependencyCycle
  | PinnedBeforeDependency
  | UnknownChecklistItem
  | GateBlocked
  | RunMismatch
