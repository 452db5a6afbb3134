import { describe, expect, it } from "vitest"
import { decodeTemplate } from "../src/decodeTemplate.ts"
import { schedule } from "../src/schedule.ts"
import { builtInTemplates } from "../src/templates/builtInTemplates.ts"
import { launch } from "../src/templates/launch.ts"

describe("built-in templates", () => {
  for (const [id, t] of Object.entries(builtInTemplates)) {
    it(`${id} is valid, has critical items, and no item misses its anchor by its own plan`, () => {
      expect(decodeTemplate(t)).toEqual(t)
      expect(t.id).toBe(id)
      const s = schedule(t)
      // No item is late by its own plan, and every template has a critical item.
      expect(s.items.every((x) => x.slack >= 0)).toBe(true)
      expect(t.items.some((x) => x.critical === true)).toBe(true)
    })
  }

  it("launch holds the playbook's final checklist", () => {
    const titles = launch.items.map((x) => x.title).join("\n")
    for (const words of [
      "compact streaming kit",
      "backup power plan",
      "50 VIP headphone bundles",
      "100 base tickets",
      "drop windows",
      "Preprint labels and SKU tags",
      "live stream with a purchasable micro-drop link",
      "purchase flow end to end"
    ])
      expect(titles).toContain(words)
  })
})
