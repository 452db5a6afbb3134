/**
 * The drop API's Schemas: requests are decoded with them and the OpenAPI document is generated
 * from the same values.
 */
import { Schema } from "effect"
import { LineRequest } from "../api/schemas.ts"

/** Joins a waiting list or enters a raffle: the units wanted, won or offered together. */
export const EntryRequest = Schema.Struct({
  lines: Schema.Array(LineRequest).check(Schema.isMinLength(1))
}).annotate({ identifier: "EntryRequest" })

/** Where this session stands on a drop's waiting list or raffle. */
export const EntryResponse = Schema.Union([
  Schema.Struct({ state: Schema.Literal("none") }),
  Schema.Struct({ state: Schema.Literal("entered"), entrant: Schema.String }),
  Schema.Struct({
    state: Schema.Literal("waiting"),
    list: Schema.Literals(["waiting", "raffle"]),
    place: Schema.Int,
    waiting: Schema.Int,
    entrant: Schema.String
  }),
  Schema.Struct({
    state: Schema.Literal("offered"),
    list: Schema.Literals(["waiting", "raffle"]),
    orderId: Schema.String.annotate({
      description: "The order holding the offered units: pay it at /api/orders/{id}/pay"
    }),
    entrant: Schema.String
  }),
  Schema.Struct({ state: Schema.Literal("ended"), entrant: Schema.String })
]).annotate({ identifier: "Entry" })

const PublishedEntryResponse = Schema.Struct({
  customerId: Schema.String,
  lines: Schema.Array(Schema.Struct({ sku: Schema.String, quantity: Schema.Int }))
}).annotate({ identifier: "PublishedEntry" })

/** A raffle's published draw: everything `verifyDraw` of @microdrop/drops needs. */
export const DrawResponse = Schema.Struct({
  dropId: Schema.String,
  commitment: Schema.String,
  seed: Schema.String,
  entriesDigest: Schema.String,
  entries: Schema.Array(PublishedEntryResponse),
  winners: Schema.Array(PublishedEntryResponse),
  waitingList: Schema.Array(PublishedEntryResponse),
  stock: Schema.Record(Schema.String, Schema.Int)
}).annotate({ identifier: "Draw" })

/** A drop: its mode, its window now, its stock, this session's entry and the draw once made. */
export const DropResponse = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  mode: Schema.Literals(["fcfs", "raffle"]),
  at: Schema.Int,
  window: Schema.Literals(["open", "upcoming", "closed"]),
  until: Schema.NullOr(Schema.Int),
  membersOnly: Schema.Boolean.annotate({
    description: "True when a window is open only to pass holders this session lacks"
  }),
  waitingList: Schema.Boolean,
  commitment: Schema.NullOr(Schema.String),
  items: Schema.Array(Schema.Struct({ sku: Schema.String, available: Schema.Int, stock: Schema.Int })),
  entry: EntryResponse,
  drawn: Schema.Boolean
}).annotate({ identifier: "Drop" })
