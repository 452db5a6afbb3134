/**
 * A checklist template as data: named anchors (doors, show start …) and items placed in exact minutes
 * from them, with owner roles, durations, dependencies, a critical flag and pins.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/** Ten years in minutes: the largest offset, lag or duration a template may use. */
export const MAX_MINUTES = 5_256_000

/**
 * An id of an item or anchor: 1–100 characters, no control characters, no surrounding spaces.
 *
 * @category models
 * @since 0.1.0
 */
export const ChecklistId = Schema.String.check(
  Schema.isMinLength(1),
  Schema.isMaxLength(100),
  Schema.isPattern(/^[^\s\p{Cc}](?:[^\p{Cc}]*[^\s\p{Cc}])?$/u, {
    message: "an id without control characters or surrounding spaces"
  })
)

/**
 * Whole minutes, negative allowed (before an anchor, or a lead), at most ten years either way.
 *
 * @category models
 * @since 0.1.0
 */
export const Minutes = Schema.Int.check(Schema.isBetween({ minimum: -MAX_MINUTES, maximum: MAX_MINUTES }))

/**
 * A duration in whole minutes, 0 (a milestone) to ten years.
 *
 * @category models
 * @since 0.1.0
 */
export const Duration = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: MAX_MINUTES }))

const Text = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(500))

/**
 * A dependency of an item on another: finish-to-start (`FS`, the default: this item starts `lag`
 * minutes after the other finishes; a negative lag is a lead) or start-to-start (`SS`: starts `lag`
 * minutes after the other starts).
 *
 * @category models
 * @since 0.1.0
 */
export const Dependency = Schema.Struct({
  /** The id of the item depended on. */
  item: ChecklistId,
  /** `FS` (default) or `SS`. */
  type: Schema.optionalKey(Schema.Literals(["FS", "SS"])),
  /** Minutes after the link point; negative = lead. Default 0. */
  lag: Schema.optionalKey(Minutes)
})
/** @since 0.1.0 */
export type Dependency = typeof Dependency.Type

/**
 * One item of a checklist.
 *
 * @category models
 * @since 0.1.0
 */
export const Item = Schema.Struct({
  /** Unique id within the template. */
  id: ChecklistId,
  /** What to do, as the crew reads it. */
  title: Text,
  /** The role that owns it (e.g. `tech`, `merch`, `host`). */
  owner: ChecklistId,
  /** The anchor its offset counts from. */
  anchor: ChecklistId,
  /** Planned start in minutes from the anchor (negative = before). The item never starts earlier. */
  offset: Minutes,
  /** How long it takes, in minutes. */
  duration: Duration,
  /** Items it depends on. */
  dependsOn: Schema.optionalKey(Schema.Array(Dependency)),
  /** A critical item must be done before any gate after its due time opens. */
  critical: Schema.optionalKey(Schema.Boolean),
  /** A pinned item starts exactly at its offset; a dependency that pushes it later is an error. */
  pinned: Schema.optionalKey(Schema.Boolean),
  /** Free text for the crew. */
  notes: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(2000)))
})
/** @since 0.1.0 */
export type Item = typeof Item.Type

/**
 * A named moment of the event (doors, show start, drop window, teardown). `offset` places it in
 * minutes from the template's other anchors, so an event given one anchor gets the others.
 *
 * @category models
 * @since 0.1.0
 */
export const Anchor = Schema.Struct({
  /** Anchor id, used by items (`doors`). */
  id: ChecklistId,
  /** Display name (`Doors`). */
  title: Text,
  /** Default position in minutes, relative to the other anchors of the template. */
  offset: Minutes
})
/** @since 0.1.0 */
export type Anchor = typeof Anchor.Type

/**
 * A checklist template: anchors and items. Decode input with `decodeTemplate` (or the JSON/YAML
 * loaders), which also checks ids, dependencies, cycles and pins.
 *
 * @category models
 * @since 0.1.0
 */
export const Template = Schema.Struct({
  /** Template id (`launch`). */
  id: ChecklistId,
  /** Display name. */
  title: Text,
  /** At least one anchor. */
  anchors: Schema.Array(Anchor).check(Schema.isMinLength(1)),
  /** The items, in display order. */
  items: Schema.Array(Item)
})
/** @since 0.1.0 */
export type Template = typeof Template.Type
