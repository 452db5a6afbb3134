/**
 * Checks what `quote` is given at run time, so that a cart or context built by hand (a plain object, a
 * JSON body, `any`) is refused with the same `InvalidInput` the decoders give, never priced wrongly
 * (quantity −1, "2", 1.5, a bad `now`) and never a raw TypeError or RangeError.
 *
 * The common case, an already valid cart and context, is recognised by a few type checks per line; only
 * something invalid (or unusual) goes through the Schema decoder, which names every problem.
 */
import { type Cart, decodeCart, decodeQuoteContext, type QuoteContext } from "../Cart.ts"
import { InvalidInput } from "../errors.ts"
import { isRecord } from "./check.ts"
import type { CompiledCatalog } from "./compileCatalog.ts"
import { MAX_COUNT, parseInstant, SKU_PATTERN } from "./fields.ts"
import { rememberedInstant, rememberInstant } from "./scratch.ts"

const isCount = (value: unknown, min: number): boolean =>
  typeof value === "number" && Number.isInteger(value) && value >= min && value <= MAX_COUNT

/** An optional key: absent, or present with a value `valid` accepts (an explicit `undefined` is not absent). */
const optional = (o: Record<string, unknown>, key: string, valid: (v: unknown) => boolean): boolean => {
  const v = o[key]
  return v === undefined ? !(key in o) : valid(v)
}

const isCodes = (v: unknown): boolean => Array.isArray(v) && v.every((code) => typeof code === "string")

const isSold = (v: unknown): boolean => {
  if (!isRecord(v)) return false
  for (const key in v) if (!isCount(v[key], 0)) return false
  return true
}

const looksValid = (c: CompiledCatalog, cart: unknown): cart is Cart => {
  if (!isRecord(cart)) return false
  const lines = cart["lines"]
  if (!Array.isArray(lines)) return false
  for (let i = 0; i < lines.length; i++) {
    const l: unknown = lines[i]
    if (!isRecord(l)) return false
    const sku = l["sku"]
    // A SKU of the catalog is well formed (decodeCatalog checked it); others are tested against the pattern.
    if (typeof sku !== "string" || !(c.products.has(sku) || SKU_PATTERN.test(sku))) return false
    if (!isCount(l["quantity"], 1)) return false
  }
  return optional(cart, "codes", isCodes)
}

/** The cart, or the `InvalidInput` (target "cart") that `decodeCart` gives for it. */
export const checkCart = (c: CompiledCatalog, cart: unknown): Cart | InvalidInput => {
  if (looksValid(c, cart)) return cart
  const decoded = decodeCart(cart)
  return decoded.ok ? decoded.value : decoded.error
}

/** The context and its instant in epoch milliseconds, or the `InvalidInput` (target "context") `decodeQuoteContext` gives. */
export const checkContext = (
  context: unknown
): { readonly context: QuoteContext; readonly now: number } | InvalidInput => {
  if (isRecord(context)) {
    const text = context["now"]
    const now = rememberedInstant(text) ?? parseInstant(text)
    if (
      now !== undefined &&
      optional(context, "sold", isSold) &&
      optional(context, "member", (v) => typeof v === "boolean")
    ) {
      rememberInstant(text as string, now)
      return { context: context as unknown as QuoteContext, now }
    }
  }
  const decoded = decodeQuoteContext(context)
  if (!decoded.ok) return decoded.error
  const now = parseInstant(decoded.value.now)
  // The Schema checks `now` with the same parser, so this cannot happen; kept so `now` is never NaN.
  if (now === undefined)
    return new InvalidInput({ target: "context", issues: [{ path: "now", rule: "must be an instant" }] })
  return { context: decoded.value, now }
}
