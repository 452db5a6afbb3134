import { describe, expect, it } from "vitest"
import { addItem } from "../src/editTemplate.ts"
import { instantiate, tick } from "../src/Run.ts"
import { launch } from "../src/templates/launch.ts"
import { toMarkdown } from "../src/toMarkdown.ts"

describe("toMarkdown", () => {
  it("lists every item as a task under the anchor it is due by, ticked when done", () => {
    let run = instantiate(launch, {
      anchors: { doors: "2026-10-25T19:00:00+01:00" },
      timeZone: "Europe/Berlin"
    })
    run = tick(run, "test-purchase", { by: "ben", at: "2026-10-25T18:40:00+01:00" })
    const md = toMarkdown(run)
    const tasks = md.split("\n").filter((l) => /^- \[[ x]\] /.test(l))
    expect(tasks.length).toBe(launch.items.length)
    expect(tasks.filter((l) => l.startsWith("- [x]"))).toEqual([
      "- [x] 2026-10-25 18:20 +01:00 → 18:35 Test the purchase flow end to end \\(buy, pay, receive the code\\) (promoter, **critical**, done by ben at 18:40)"
    ])
    const doors = md.indexOf("## Before Doors (2026-10-25 19:00 +01:00)")
    const drop = md.indexOf("## Before Micro-drop window opens (2026-10-25 20:15 +01:00)")
    expect(doors).toBeGreaterThan(0)
    expect(drop).toBeGreaterThan(doors)
    expect(md.indexOf("Announce the micro-drop")).toBeGreaterThan(drop)
  })

  it("escapes Markdown in titles so a title cannot inject a task or a link", () => {
    const t = addItem(launch, {
      id: "x",
      title: "[x] done? *no* <b>",
      owner: "tech",
      anchor: "doors",
      offset: -5,
      duration: 1
    })
    const md = toMarkdown(instantiate(t, { anchors: { doors: 0 }, timeZone: "UTC" }))
    expect(md).toContain("\\[x\\] done? \\*no\\* \\<b\\>")
    const notes = addItem(launch, {
      id: "n",
      title: "N",
      owner: "tech",
      anchor: "doors",
      offset: -5,
      duration: 1,
      notes: "1. not a list"
    })
    expect(toMarkdown(instantiate(notes, { anchors: { doors: 0 }, timeZone: "UTC" }))).toContain(
      "\n  1\\. not a list"
    )
  })
})
