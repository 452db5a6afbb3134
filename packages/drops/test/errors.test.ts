// Error messages tell a person what to do: a hold-shaped failure says how to retry safely, a read
// failure does not talk about keys it never had, and a damaged record is not worth retrying.
import { describe, expect, it } from "vitest"
import { DropEvent } from "../src/DropEvent.ts"
import * as E from "../src/errors.ts"
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

describe("every error", () => {
  // [error, its tag, its whole message]: tags are unique across the toolkit (no event shares one)
  const table: ReadonlyArray<readonly [{ readonly _tag: string; readonly message: string }, string, string]> =
    [
      [
        new E.DropNotFound({ dropId: "d1" }),
        "DropNotFound",
        "Drop d1 does not exist in this store: check the id, or create the drop first."
      ],
      [
        new E.DropAlreadyExists({ dropId: "d1" }),
        "DropAlreadyExists",
        "Drop d1 already exists with different settings: drops are immutable, use a new id."
      ],
      [
        new E.UnknownSku({ dropId: "d1", sku: "VINYL" }),
        "UnknownSku",
        "Drop d1 does not sell SKU VINYL: check the SKU against the drop's items."
      ],
      [
        new E.WindowNotOpen({ dropId: "d1", at: 0, passRequired: true, nextOpensAt: 3_600_000 }),
        "WindowNotOpen",
        "Drop d1 is only open to pass holders right now: try again from 1970-01-01T01:00:00.000Z."
      ],
      [
        new E.WindowNotOpen({ dropId: "d1", at: 0, passRequired: false }),
        "WindowNotOpen",
        "Drop d1 is not on sale right now, and no later window is planned."
      ],
      [
        new E.OutOfStock({ dropId: "d1", sku: "TAPE", requested: 2, available: 0 }),
        "OutOfStock",
        "SKU TAPE of drop d1 is sold out (held or claimed); holds that lapse return to stock, so it may come back."
      ],
      [
        new E.LimitExceeded({ dropId: "d1", limit: "perOrder", max: 2, requested: 3, already: 0 }),
        "LimitExceeded",
        "An order in drop d1 may have at most 2 units; 3 requested: split or shrink the order."
      ],
      [
        new E.HoldNotFound({ dropId: "d1", holdId: "h1" }),
        "HoldNotFound",
        "Hold h1 does not exist in drop d1: check both ids."
      ],
      [
        new E.HoldAlreadyExpired({ dropId: "d1", holdId: "h1", expiredAt: 0 }),
        "HoldAlreadyExpired",
        "Hold h1 expired at 1970-01-01T00:00:00.000Z and its units went back on sale: do not charge the customer; place a new hold."
      ],
      [
        new E.HoldAlreadyReleased({ dropId: "d1", holdId: "h1" }),
        "HoldAlreadyReleased",
        "Hold h1 was released and its units went back on sale: place a new hold to buy."
      ],
      [
        new E.HoldAlreadyConfirmed({ dropId: "d1", holdId: "h1" }),
        "HoldAlreadyConfirmed",
        "Hold h1 is a confirmed claim and cannot be released: refunds are handled outside the drop."
      ],
      [
        new E.IdempotencyKeyReused({ key: "k1" }),
        "IdempotencyKeyReused",
        "Idempotency key k1 was already used for a different request: generate a new key per request and reuse it only for retries of that exact request."
      ],
      [
        new E.RequestInFlight({ key: "k1" }),
        "RequestInFlight",
        "A request with idempotency key k1 is still in progress: wait briefly and retry with the same key to get its result."
      ],
      [
        new E.WrongMode({ dropId: "d1", mode: "raffle", operation: "direct holds" }),
        "WrongMode",
        "Drop d1 runs in raffle mode, which does not allow direct holds."
      ],
      [
        new E.AlreadyEntered({ dropId: "d1", customerId: "ann", list: "waiting" }),
        "AlreadyEntered",
        "Customer ann is already on the waiting list of drop d1: one entry per customer; nothing to do."
      ],
      [
        new E.InvalidSeed({ dropId: "d1" }),
        "InvalidSeed",
        "The seed does not match the commitment published for drop d1: reveal the exact seed whose SHA-256 was committed."
      ],
      [
        new E.RaffleStillOpen({ dropId: "d1", closesAt: 0 }),
        "RaffleStillOpen",
        "Entries to drop d1 are open until 1970-01-01T00:00:00.000Z: draw after that."
      ],
      [
        new E.StoreUnavailable({ store: "redis", operation: "getDrop", cause: "no answer within 5 ms" }),
        "StoreUnavailable",
        "The redis drop store failed during getDrop (no answer within 5 ms): try again when the store is back."
      ],
      [
        new E.DropClientDisposed({ operation: "hold" }),
        "DropClientDisposed",
        "The drop client was disposed before hold: make a new one with makeDropClient, and dispose it only when the app shuts down."
      ],
      [
        new E.InvalidTime({ option: "now", got: "NaN" }),
        "InvalidTime",
        "now must be epoch milliseconds (a whole number from 0 to 8.64e15), got NaN: pass Clock.currentTimeMillis or Date.now(), or convert with Date.parse(text) / date.getTime()."
      ],
      [
        new E.InvalidStoreOptions({
          store: "redis",
          option: "timeoutMs",
          rule: "must be a finite number of milliseconds, got NaN"
        }),
        "InvalidStoreOptions",
        "Option timeoutMs of the redis drop store must be a finite number of milliseconds, got NaN: fix it where you build the layer."
      ],
      [
        new E.InvalidDropArgument({ function: "drawRaffle", argument: "seed", rule: "must be a string" }),
        "InvalidDropArgument",
        "Argument seed of drawRaffle must be a string."
      ],
      [
        new E.InvalidDropInput({
          input: "holdRequest",
          issues: [
            { path: "lines.0.quantity", rule: "Expected a value greater than 0" },
            { path: "", rule: "is required" }
          ]
        }),
        "InvalidDropInput",
        "The hold request is invalid (2 problem(s)) — lines.0.quantity: Expected a value greater than 0; (root): is required. Fix these fields."
      ]
    ]
  it("has its tag, and a message built from its fields", () => {
    for (const [error, tag, message] of table) {
      expect(error._tag).toBe(tag)
      expect(error.message).toBe(message)
      expect(error).toBeInstanceOf(Error)
    }
  })
  it("covers every error class of errors.ts, and no tag is also an event's", () => {
    const classes = Object.values(E).filter(
      (v): v is typeof E.DropNotFound => typeof v === "function" && v.prototype instanceof Error
    )
    expect(new Set(table.map(([, tag]) => tag))).toEqual(new Set(classes.map((c) => c.name)))
    const events = DropEvent.members.map((m) => m.fields._tag.schema.literal as string)
    for (const [, tag] of table) expect(events).not.toContain(tag)
  })
})
