// Error messages tell a person what to do: a hold-shaped failure says how to retry safely, a read
// failure does not talk about keys it never had, and a damaged record is not worth retrying.
import { describe, expect, it } from "vitest"
import { StoreUnavailable } from "../src/errors.ts"

describe("StoreUnavailable", () => {
  const error = (operation: StoreUnavailable["operation"]) =>
    new StoreUnavailable({ store: "postgres", operation, cause: new Error("ECONNRESET") })
  it("tells a failed hold, confirm or release to retry with the same key", () => {
    expect(error("run").message).toBe(
      "The postgres drop store failed during run (ECONNRESET): retry with the same idempotency key; it will not claim twice."
    )
    expect(error("run").isRetryable).toBe(true)
  })
  it("tells other calls to try again, without mentioning keys", () => {
    for (const op of ["createDrop", "getDrop", "snapshot", "listEntries", "listen"] as const) {
      expect(error(op).message).toMatch(/try again when the store is back|build the layer again/)
      expect(error(op).message).not.toContain("idempotency key")
      expect(error(op).isRetryable).toBe(true)
    }
  })
  it("does not advise retrying a record that does not decode", () => {
    for (const op of ["decodeDrop", "decodeEntry"] as const) {
      expect(error(op).isRetryable).toBe(false)
      expect(error(op).message).toContain("repair or remove")
    }
  })
})
