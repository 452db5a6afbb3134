/**
 * A quote of a cart: priced lines, the discounts, fees and taxes applied, and totals that add up.
 *
 * @since 0.1.0
 */

import { err, ok } from "@microdrop/kit"
import type { Cart, QuoteContext } from "./Cart.ts"
import type { Catalog } from "./Catalog.ts"
import { InvalidInput, type QuoteError } from "./errors.ts"
import { applyDiscount, chooseDiscounts } from "./internal/applyDiscounts.ts"
import { applyFees, applyPaymentFees } from "./internal/applyFees.ts"
import { assembleQuote } from "./internal/assembleQuote.ts"
import { checkCart, checkContext } from "./internal/checkQuoteInput.ts"
import {
  type CompiledCatalog,
  type CompiledDiscount,
  type CompiledProduct,
  compileCatalog,
  normalizeCode
} from "./internal/compileCatalog.ts"
import { computeTaxes, taxUnits } from "./internal/computeTaxes.ts"
import { priceSegments } from "./internal/priceSegments.ts"
import { validateCart } from "./internal/validateCart.ts"
import type { WorkLine, WorkUnit } from "./internal/work.ts"
import type { Quote } from "./QuoteModel.ts"
import type { Result } from "./Result.ts"

/**
 * Prices a cart: applies price rules, discounts, taxes and fees, and returns totals that add up.
 *
 * **Rules, in order.** (1) Each unit's price is the lowest of its list price, an active early-bird
 * price, the member price (if `context.member`) and its first-N tier (counting `context.sold`). (2)
 * Discounts: every automatic discount and every discount whose code the buyer typed is applicable;
 * all `stackable` ones apply, plus the single non-stackable one that saves most. Percent discounts
 * apply before fixed ones; each is capped by what is left of the lines it covers and shared over them
 * by amount. (3) Bundles are split over their components by list price × quantity. (4) Taxes per
 * rate, per line or per total (then shared over lines); per-item and per-order fees with a `taxClass`
 * are taxed like lines of that class. (5) Payment fees on the buyer's total (never taxed).
 *
 * **Gotchas.** Money values in a quote are immutable and may be shared between fields (a line's
 * `amount` and `gross` in inclusive mode, list and unit prices, zeros): copy one before changing it.
 *
 * **Checked input.** `quote` never throws: it checks what it is given at run time, whatever the static
 * types say. A catalog, cart or context that does not have the decoded shape (a plain object with
 * quantity −1, `"2"` or 1.5, an undefined cart, `now: NaN` or a date that does not exist, a hand-built
 * catalog with a bad date) is refused with the same `InvalidInput` that `decodeCatalog`, `decodeCart`
 * or `decodeQuoteContext` gives (e.g. `lines.0.quantity: must be an integer from 1 to 1,000,000,000`).
 *
 * @param catalog - A decoded catalog (`decodeCatalog`); checked once per catalog object.
 * @param cart - A cart (`decodeCart`, or a plain object of the same shape).
 * @param context - The instant, units already sold and membership (`decodeQuoteContext`, or a plain object).
 * @returns `{ ok: true, value: Quote }`, or `{ ok: false, error }` with `InvalidInput` (target `catalog`,
 * `cart` or `context`), `UnknownProduct`, `NotOnSale`, `ProductSoldOut`, `AddonWithoutTicket` or `UnknownDiscountCode`.
 * @example
 * ```ts
 * import { quote } from "@microdrop/pricing"
 * const q = quote(catalog, { lines: [{ sku: "TICKET", quantity: 2 }] }, { now: "2026-03-01T18:00:00Z" })
 * q.ok && q.value.totals.total // => { amount: 3000n, currency: { code: "EUR", exponent: 2 } }
 * ```
 * @since 0.1.0
 */
export const quote = (catalog: Catalog, cart: Cart, context: QuoteContext): Result<Quote, QuoteError> => {
  const c = compileCatalog(catalog)
  if (c instanceof InvalidInput) return err(c)
  const checkedCart = checkCart(c, cart)
  if (checkedCart instanceof InvalidInput) return err(checkedCart)
  const checked = checkContext(context)
  if (checked instanceof InvalidInput) return err(checked)
  return price(c, checkedCart, checked.context, checked.now)
}

/** Prices a checked cart at `now` (epoch milliseconds). */
const price = (
  c: CompiledCatalog,
  cart: Cart,
  context: QuoteContext,
  now: number
): Result<Quote, QuoteError> => {
  const typed = cart.codes ?? []
  const valid = validateCart(c, cart.lines, typed, context, now)
  if ("_tag" in valid) return err(valid)
  const merged = valid.lines
  const cps = valid.products
  const member = context.member ?? false
  const sold = context.sold
  const lines: WorkLine[] = new Array(merged.length)
  for (let i = 0; i < merged.length; i++) {
    const l = merged[i] as { readonly sku: string; readonly quantity: number }
    const cp = cps[i] as CompiledProduct
    const segments = priceSegments(cp, l.quantity, sold, now, member)
    let subtotal = 0n
    for (const s of segments) {
      const price = s.quantity === 1 ? s.unitPrice.amount : s.unitPrice.amount * BigInt(s.quantity)
      subtotal = subtotal === 0n ? price : subtotal + price
    }
    lines[i] = {
      cp,
      sku: l.sku,
      quantity: l.quantity,
      segments,
      subtotal,
      remaining: subtotal,
      discounts: [],
      units: NO_UNITS
    }
  }
  const codes = typed.length === 0 ? NO_CODES : new Set(typed.map(normalizeCode))
  const appliedDiscounts: Array<{ d: CompiledDiscount; amount: bigint }> = []
  for (const d of chooseDiscounts(c, lines, codes))
    appliedDiscounts.push({ d, amount: applyDiscount(c, d, lines) })
  const allUnits: WorkUnit[] = []
  for (const l of lines) {
    l.units = taxUnits(l)
    for (const u of l.units) allUnits.push(u)
  }
  const fees = applyFees(c, lines)
  for (const f of fees) if (f.unit !== undefined) allUnits.push(f.unit)
  computeTaxes(c, allUnits)
  const payments = applyPaymentFees(c, lines, fees, allUnits)
  return ok(assembleQuote(c, lines, appliedDiscounts, fees, payments))
}

const NO_UNITS: WorkUnit[] = []
const NO_CODES: ReadonlySet<string> = new Set()
