import { describe, expect, it } from "vitest"
import { UnknownChecklistItem } from "../src/errors.ts"
import { explain } from "../src/explain.ts"
import { schedule } from "../src/schedule.ts"
import { launch } from "../src/templates/launch.ts"

describe("explain", () => {
  const s = schedule(launch)

  it("explains a critical item by the chain that drives it and its slack", () => {
    const e = explain(s, "test-purchase")
    expect(e.onCriticalPath).toBe(true)
    expect(e.slackAnchor).toBe("doors")
    expect(e.chain.map((x) => x.id)).toEqual(["publish-stream", "test-purchase"])
    expect(e.limitedBy).toEqual({ kind: "item", id: "brief-crew" })
    expect(e.slackMinutes).toBe(
      Math.round((s.items.find((x) => x.id === "test-purchase")?.slack ?? 0) / 60_000)
    )
    expect(e.text).toBe(
      `"test-purchase" is on the critical path to "doors": ${e.slackMinutes} min of slack; its start is driven by the chain "publish-stream" → "test-purchase" ("publish-stream" starts at its planned time); its latest finish is set by "brief-crew".`
    )
  })

  it("explains why an item is not critical", () => {
    const e = explain(s, "confirm-backup-power")
    expect(e.onCriticalPath).toBe(false)
    expect(e.slackMinutes).toBeGreaterThan(explain(s, "test-purchase").slackMinutes)
    expect(e.text).toContain("is not on the critical path")
    // Start-to-start with no lag: the kit check starts it, at the same time.
    expect(e.chain.map((x) => x.id)).toEqual(["confirm-stream-kit", "confirm-backup-power"])
    expect(explain(s, "publish-base-tickets").text).toContain(
      "starts at its planned time, no dependency holds it back"
    )
  })

  it("rejects an unknown item", () => {
    expect(() => explain(s, "nope")).toThrow(UnknownChecklistItem)
  })
})
