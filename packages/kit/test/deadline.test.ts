import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { timeoutRule, withDeadline } from "../src/deadline.ts"

describe("withDeadline", () => {
  it("settles like the promise when it settles in time", async () => {
    await expect(withDeadline(Promise.resolve(7), 1_000, () => "late")).resolves.toBe(7)
    await expect(withDeadline(Promise.reject(new Error("no")), 1_000, () => "late")).rejects.toThrow("no")
  })

  it("rejects with the timeout error when the promise never settles", async () => {
    await expect(
      withDeadline(new Promise(() => undefined), 20, () => new Error("store timed out"))
    ).rejects.toThrow("store timed out")
  })

  describe("properties", () => {
    it("timeoutRule accepts exactly the finite numbers from 1 to 2^31-1", () => {
      fc.assert(
        fc.property(
          fc.oneof(fc.double(), fc.integer(), fc.string(), fc.constant(undefined), fc.constant(null)),
          (v) => {
            const okValue = typeof v === "number" && Number.isFinite(v) && v >= 1 && v <= 2_147_483_647
            expect(timeoutRule(v) === undefined).toBe(okValue)
          }
        )
      )
    })
  })
})
