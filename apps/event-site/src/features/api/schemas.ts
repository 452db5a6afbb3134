/**
 * The JSON API's Schemas: requests are decoded with them, and the OpenAPI document is generated
 * from the same values, so the document cannot drift from what the server accepts.
 */
import { Schema } from "effect"
import { PayForm } from "../checkout/routes.tsx"
import { Submission } from "../event/routes.tsx"

/** One cart line. */
export const LineRequest = Schema.Struct({
  sku: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(64)),
  quantity: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 100 }))
}).annotate({ identifier: "LineRequest" })

/** Places an order; `submission` is the new order's id (a uuid you make): posting it again is safe. */
export const OrderRequest = Schema.Struct({
  submission: Submission,
  lines: Schema.Array(LineRequest).check(Schema.isMinLength(1))
}).annotate({ identifier: "OrderRequest" })

/** Pays a held order. */
export const PayRequest = PayForm.annotate({ identifier: "PayRequest" })

const Amount = Schema.String.annotate({ description: "Minor units (cents) as a decimal string" })

/** An offered product. */
export const OfferItemResponse = Schema.Struct({
  sku: Schema.String,
  name: Schema.String,
  blurb: Schema.String,
  price: Schema.NullOr(Amount),
  currency: Schema.String,
  available: Schema.Int,
  stock: Schema.Int,
  state: Schema.Literals(["on-sale", "sold-out", "not-yet", "closed"])
}).annotate({ identifier: "OfferItem" })

/** The event with live prices and stock. */
export const EventResponse = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  startsAt: Schema.Int,
  at: Schema.Int,
  items: Schema.Array(OfferItemResponse)
}).annotate({ identifier: "Event" })

/** A ticket, pass or code of a paid order. */
export const TicketResponse = Schema.Struct({
  id: Schema.String,
  kind: Schema.Literals(["ga", "vip", "remote", "digital"]),
  label: Schema.String,
  shortCode: Schema.NullOr(Schema.String),
  token: Schema.NullOr(Schema.String)
}).annotate({ identifier: "Ticket" })

/** An order in any state. */
export const OrderResponse = Schema.Struct({
  id: Schema.String,
  status: Schema.Literals(["new", "held", "paying", "paid", "lapsed"]),
  expiresAt: Schema.NullOr(Schema.Int),
  message: Schema.NullOr(Schema.String),
  total: Schema.NullOr(Amount),
  currency: Schema.NullOr(Schema.String),
  tickets: Schema.Array(TicketResponse)
}).annotate({ identifier: "Order" })

/** What every refusal answers: a tag, a message for people and, for a bad body, the field. */
export const ErrorResponse = Schema.Struct({
  error: Schema.Struct({
    tag: Schema.String,
    message: Schema.String,
    field: Schema.optionalKey(Schema.String)
  })
}).annotate({ identifier: "Error" })
