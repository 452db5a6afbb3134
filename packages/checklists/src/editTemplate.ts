/**
 * Extending a template: add, remove and re-time items, each change checked again as a whole.
 *
 * @since 0.1.0
 */
import { decodeTemplate } from "./decodeTemplate.ts"
import { UnknownChecklistItem } from "./errors.ts"
import type { Item, Template } from "./Template.ts"

const indexOf = (template: Template, id: string): number => {
  const i = template.items.findIndex((x) => x.id === id)
  if (i < 0) throw new UnknownChecklistItem({ kind: "item", id })
  return i
}

/**
 * Adds an item (at the end, or after another), then checks the template again.
 *
 * @param template - The base template (not changed).
 * @param item - The new item.
 * @param options - `after`: id of the item to insert after (display order); `id`/`title` of the new template.
 * @returns The new, checked template.
 * @throws DuplicateItemId, UnknownDependency, DependencyCycle (adding an item that closes a cycle is
 *   always rejected), PinnedBeforeDependency, InvalidChecklistInput, UnknownChecklistItem (`after`).
 * @example
 * ```ts
 * import { addItem, launch } from "@microdrop/checklists"
 * const mine = addItem(launch, {
 *   id: "charge-headphones", title: "Charge the VIP headphones", owner: "merch",
 *   anchor: "doors", offset: -180, duration: 60, critical: true, dependsOn: [{ item: "prepare-vip-bundles" }]
 * })
 * mine.items.length === launch.items.length + 1 // => true
 * ```
 * @since 0.1.0
 */
export const addItem = (
  template: Template,
  item: Item,
  options: { readonly after?: string; readonly id?: string; readonly title?: string } = {}
): Template => {
  const at = options.after === undefined ? template.items.length : indexOf(template, options.after) + 1
  return decodeTemplate({
    ...template,
    ...(options.id === undefined ? {} : { id: options.id }),
    ...(options.title === undefined ? {} : { title: options.title }),
    items: [...template.items.slice(0, at), item, ...template.items.slice(at)]
  })
}

/**
 * Removes an item, then checks the template again (an item others depend on cannot be removed alone:
 * remove or change its dependents first).
 *
 * @param template - The base template (not changed).
 * @param id - The item to remove.
 * @returns The new, checked template.
 * @throws UnknownChecklistItem, UnknownDependency (something still depends on it).
 * @example
 * ```ts
 * import { launch, removeItem } from "@microdrop/checklists"
 * removeItem(launch, "announce-drop").items.length === launch.items.length - 1 // => true
 * ```
 * @since 0.1.0
 */
export const removeItem = (template: Template, id: string): Template => {
  const i = indexOf(template, id)
  return decodeTemplate({
    ...template,
    items: [...template.items.slice(0, i), ...template.items.slice(i + 1)]
  })
}

/**
 * Re-times an item: a new anchor, offset or duration, then checks the template again.
 *
 * @param template - The base template (not changed).
 * @param id - The item to change.
 * @param change - Any of `anchor`, `offset` (minutes), `duration` (minutes).
 * @returns The new, checked template.
 * @throws UnknownChecklistItem, InvalidChecklistInput, PinnedBeforeDependency.
 * @example
 * ```ts
 * import { launch, retimeItem } from "@microdrop/checklists"
 * retimeItem(launch, "test-purchase", { duration: 30 }).items.find((x) => x.id === "test-purchase")?.duration // => 30
 * ```
 * @since 0.1.0
 */
export const retimeItem = (
  template: Template,
  id: string,
  change: { readonly anchor?: string; readonly offset?: number; readonly duration?: number }
): Template => {
  const i = indexOf(template, id)
  const items = template.items.slice()
  items[i] = { ...(items[i] as Item), ...change }
  return decodeTemplate({ ...template, items })
}
