/**
 * The cart and quote-context Schemas: what a buyer asks for, and the moment and sales it is priced at.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { InvalidInput } from "./errors.ts"
import { Count, Instant, Sku } from "./internal/fields.ts"
import { decodeWith } from "./internal/schemaIssues.ts"
import type { Result } from "./Result.ts"

/**
 * The cart Schema: lines of SKU and quantity, and the discount codes the buyer typed.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CartSchema = Schema.Struct({
  lines: Schema.Array(Schema.Struct({ sku: Sku, quantity: Count(1) })),
  codes: Schema.optionalKey(Schema.Array(Schema.String))
})

/**
 * A decoded cart. Lines with the same SKU are merged by `quote`.
 *
 * @category models
 * @since 0.1.0
 */
export type Cart = typeof CartSchema.Type

/**
 * The quote-context Schema: the instant of the quote, units already sold per SKU, membership.
 *
 * @category schemas
 * @since 0.1.0
 */
export const QuoteContextSchema = Schema.Struct({
  /** The instant the quote is for (ISO 8601); decides sale windows and early-bird rules. */
  now: Instant,
  /** Units already sold per SKU (decides first-N tiers and what capacity is left). */
  sold: Schema.optionalKey(Schema.Record(Schema.String, Count(0))),
  /** The buyer is a member (member prices apply). */
  member: Schema.optionalKey(Schema.Boolean)
})

/**
 * A decoded quote context. The same catalog, cart and context always give the same quote.
 *
 * @category models
 * @since 0.1.0
 */
export type QuoteContext = typeof QuoteContextSchema.Type

/**
 * Decodes a cart body (e.g. from an HTTP request).
 *
 * @param input - Anything; typically a parsed JSON body.
 * @returns `{ ok: true, value: Cart }`, or `{ ok: false, error: InvalidInput }` naming each field and rule.
 * @example
 * ```ts
 * import { decodeCart } from "@microdrop/pricing"
 * decodeCart({ lines: [{ sku: "TICKET", quantity: 0 }] }).ok // => false (lines.0.quantity: must be an integer from 1 to 1,000,000,000)
 * ```
 * @since 0.1.0
 */
export const decodeCart: (input: unknown) => Result<Cart, InvalidInput> = decodeWith(
  Schema.decodeUnknownResult(CartSchema),
  "cart"
)

/**
 * Decodes a quote context.
 *
 * @param input - Anything, e.g. `{ now: "2026-03-01T18:00:00Z", sold: { TICKET: 12 } }`.
 * @returns `{ ok: true, value: QuoteContext }`, or `{ ok: false, error: InvalidInput }`.
 * @example
 * ```ts
 * import { decodeQuoteContext } from "@microdrop/pricing"
 * decodeQuoteContext({ now: "yesterday" }).ok // => false (now: must be an ISO 8601 date-time …)
 * ```
 * @since 0.1.0
 */
export const decodeQuoteContext: (input: unknown) => Result<QuoteContext, InvalidInput> = decodeWith(
  Schema.decodeUnknownResult(QuoteContextSchema),
  "context"
)
