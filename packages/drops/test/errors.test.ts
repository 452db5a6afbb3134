// Error messages tell a person what to do: a hold-shaped failure says how to retry safely, a read
// or setup failure does not talk about keys it never had.
import { describe, expect, it } from "vitest"
import { StoreUnavailable } from "../src/errors.ts"

describe("StoreUnavailable", () => {
  const message = (operation: string) =>
    new StoreUnavailable({ store: "postgres", operation, cause: new Error("ECONNRESET") }).message
  it("tells a failed hold, confirm or release to retry with the same key", () => {
    for (const op of ["a batch of holds", "a hold operation"])
      expect(message(op)).toBe(
        `The postgres drop store failed during ${op} (ECONNRESET): retry with the same idempotency key; it will not claim twice.`
      )
  })
  it("tells other calls to try again, without mentioning keys", () => {
    for (const op of ["createDrop", "getDrop", "snapshot", "listing entries", "listening for events"]) {
      expect(message(op)).toContain("try again when the store is back")
      expect(message(op)).not.toContain("idempotency key")
    }
  })
  it("tells a store that cannot start to fix its options", () => {
    expect(message("setup")).toBe("The postgres drop store cannot start (ECONNRESET): fix its options.")
  })
})
