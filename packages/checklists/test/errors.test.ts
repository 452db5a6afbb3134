import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import * as errors from "../src/errors.ts"

const all = [
  new errors.InvalidChecklistInput({ path: "items.3.offset", rule: "an integer", line: 12, item: "load-in" }),
  new errors.DuplicateItemId({ id: "power", indexes: [1, 4] }),
  new errors.UnknownDependency({ item: "sound", dependency: "powr" }),
  new errors.DependencyCycle({ items: ["a", "b", "c"] }),
  new errors.PinnedBeforeDependency({
    item: "doors-check",
    dependency: "power",
    pinnedStart: 0,
    earliestStart: 15 * 60_000
  }),
  new errors.UnknownChecklistItem({ kind: "anchor", id: "soundcheck" }),
  new errors.GateBlocked({
    anchor: "doors",
    blockers: [{ item: "kit", title: "Confirm kit", owner: "tech", due: 0 }]
  }),
  new errors.RunMismatch({ field: "anchors" })
]

describe("errors", () => {
  it("are Errors with a tag, and messages built from their fields", () => {
    const messages = all.map((e) => {
      expect(e).toBeInstanceOf(Error)
      return [e._tag, e.message]
    })
    expect(Object.fromEntries(messages)).toEqual({
      InvalidChecklistInput:
        'Invalid checklist input at items.3.offset (item "load-in") on line 12: an integer. Fix the field and load it again.',
      DuplicateItemId: 'Item id "power" is used by items 1 and 4: give each item its own id.',
      UnknownDependency:
        'Item "sound" depends on "powr", which is not an item of this template: add it or remove the dependency.',
      DependencyCycle:
        'The dependencies form a cycle: "a" → "b" → "c" → "a". Remove one of these dependencies.',
      PinnedBeforeDependency:
        'Item "doors-check" is pinned 15 min before "power" lets it start: move the pin later, unpin it, or shorten the chain before it.',
      UnknownChecklistItem: 'This checklist has no anchor "soundcheck": check the id against the template.',
      GateBlocked:
        'Gate "doors" cannot open: 1 critical item(s) are not done: Confirm kit (tech). Finish them, then open it again.',
      RunMismatch:
        "These two copies are different checklists (their anchors field differs): only copies of the same instantiated checklist merge."
    })
  })

  it("use tags no other package of the toolkit uses", () => {
    const packages = join(import.meta.dirname, "..", "..")
    const others = readdirSync(packages)
      .filter((p) => p !== "checklists")
      .flatMap((p) => {
        try {
          return [readFileSync(join(packages, p, "src", "errors.ts"), "utf8")]
        } catch {
          return []
        }
      })
      .join("\n")
    for (const e of all) expect(others).not.toMatch(new RegExp(`["']${e._tag}["']`))
  })
})
