/**
 * The live events of a drop (`subscribe`). Their tags are events only: no error uses one.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Count, Id, Instant, Sku } from "./Drop.ts"

/**
 * Live events of a drop.
 *
 * @category models
 * @since 0.1.0
 */
export const DropEvent = Schema.Union([
  Schema.TaggedStruct("StockChanged", { dropId: Id, at: Instant, sku: Sku, available: Count }),
  Schema.TaggedStruct("SoldOut", { dropId: Id, at: Instant, sku: Sku }),
  Schema.TaggedStruct("HoldPlaced", { dropId: Id, at: Instant, holdId: Id, customerId: Id }),
  Schema.TaggedStruct("HoldConfirmed", { dropId: Id, at: Instant, holdId: Id, customerId: Id }),
  Schema.TaggedStruct("HoldReleased", { dropId: Id, at: Instant, holdId: Id, customerId: Id }),
  Schema.TaggedStruct("HoldExpired", { dropId: Id, at: Instant, holdId: Id, customerId: Id }),
  Schema.TaggedStruct("WindowOpened", { dropId: Id, at: Instant, window: Schema.String }),
  Schema.TaggedStruct("WindowClosed", { dropId: Id, at: Instant, window: Schema.String }),
  Schema.TaggedStruct("WaitingListPromoted", { dropId: Id, at: Instant, customerId: Id, holdId: Id })
])
/** @category models @since 0.1.0 */
export type DropEvent = typeof DropEvent.Type
