import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { RunMismatch } from "../src/errors.ts"
import { merge } from "../src/merge.ts"
import { instantiate, itemStates } from "../src/Run.ts"
import { launch } from "../src/templates/launch.ts"
import { acts, apply } from "./support/acts.ts"

describe("merging copies ticked offline (properties)", () => {
  const base = instantiate(launch, { anchors: { doors: "2026-10-25T19:00:00Z" }, timeZone: "UTC" })

  it("is commutative, associative and idempotent, and keeps every act", () => {
    fc.assert(
      fc.property(acts, acts, acts, (x, y, z) => {
        const [a, b, c] = [apply(base, x), apply(base, y), apply(base, z)]
        expect(merge(a, b)).toEqual(merge(b, a))
        expect(merge(merge(a, b), c)).toEqual(merge(a, merge(b, c)))
        expect(merge(a, a)).toEqual(a)
        expect(merge(a, base)).toEqual(a)
        // Nothing is lost: the merge holds exactly the union of both histories.
        const ids = new Set([...a.events, ...b.events].map((e) => e.id))
        expect(
          merge(a, b)
            .events.map((e) => e.id)
            .sort()
        ).toEqual([...ids].sort())
        // Replaying every act on one copy gives the merged state.
        expect(itemStates(merge(a, b))).toEqual(itemStates(apply(base, [...x, ...y])))
      })
    )
  })

  it("refuses to merge copies of different checklists", () => {
    const other = instantiate(launch, { anchors: { doors: "2026-10-26T19:00:00Z" }, timeZone: "UTC" })
    expect(() => merge(base, other)).toThrow(RunMismatch)
    expect(() => merge(base, { ...base, timeZone: "Europe/Berlin" })).toThrow(RunMismatch)
  })
})
