/**
 * A quote of a cart: priced lines, the discounts, fees and taxes applied, and totals that add up.
 *
 * @since 0.1.0
 */
import type { Cart, QuoteContext } from "./Cart.js"
import type { Catalog } from "./Catalog.js"
import { InvalidInput, type QuoteError } from "./errors.js"
import { applyDiscount, chooseDiscounts } from "./internal/applyDiscounts.js"
import { applyFees } from "./internal/applyFees.js"
import { assembleQuote } from "./internal/assembleQuote.js"
import { checkCart, checkContext } from "./internal/checkQuoteInput.js"
import {
  type CompiledCatalog,
  type CompiledDiscount,
  type CompiledProduct,
  compileCatalog,
  normalizeCode
} from "./internal/compileCatalog.js"
import { computeTaxes, taxUnits } from "./internal/computeTaxes.js"
import { priceSegments } from "./internal/priceSegments.js"
import { err, ok } from "./internal/result.js"
import { mergeLines, validateCart } from "./internal/validateCart.js"
import type { WorkLine, WorkUnit } from "./internal/work.js"
import type { Money } from "./Money.js"
import type { Result } from "./Result.js"

/**
 * Units of a line sold at one unit price (first-N tiers can split a line into several segments).
 *
 * @category models
 * @since 0.1.0
 */
export interface PriceSegment {
  /** Units at this price. */
  readonly quantity: number
  /** Unit price after price rules. */
  readonly unitPrice: Money
  /** Id of the price rule that set the price, or `undefined` for the list price. */
  readonly rule: string | undefined
}

/**
 * One tax rate's share of a line or part.
 *
 * @category models
 * @since 0.1.0
 */
export interface LineTax {
  /** Tax rate id. */
  readonly id: string
  /** Tax in this line or part. */
  readonly amount: Money
}

/**
 * A bundle component's share of its bundle line, for tax and reporting.
 *
 * @category models
 * @since 0.1.0
 */
export interface BundlePart {
  /** Component SKU. */
  readonly sku: string
  /** Units of the component in the line (bundle quantity × component quantity). */
  readonly quantity: number
  /** Tax class of the component. */
  readonly taxClass: string
  /** Share of the line's amount (allocated by list price × quantity); parts sum to the line amount. */
  readonly amount: Money
  /** Net of tax. */
  readonly net: Money
  /** Tax. */
  readonly tax: Money
  /** Net + tax. */
  readonly gross: Money
  /** Tax per rate. */
  readonly taxes: ReadonlyArray<LineTax>
}

/**
 * A priced cart line. `subtotal − discount = amount`; `net + tax = gross`; in exclusive mode
 * `net = amount`, in inclusive mode `gross = amount`.
 *
 * @category models
 * @since 0.1.0
 */
export interface QuoteLine {
  /** The SKU. */
  readonly sku: string
  /** Product name. */
  readonly name: string
  /** Product kind (ticket, addon, pass, merch, bundle, subscription). */
  readonly kind: string
  /** Units. */
  readonly quantity: number
  /** List price per unit. */
  readonly listPrice: Money
  /** The unit prices after price rules. */
  readonly segments: ReadonlyArray<PriceSegment>
  /** Σ segment quantity × unit price. */
  readonly subtotal: Money
  /** Discount on this line, per discount id. */
  readonly discounts: ReadonlyArray<{ readonly id: string; readonly amount: Money }>
  /** Total discount on this line (never more than the subtotal). */
  readonly discount: Money
  /** subtotal − discount: the price the tax mode applies to. */
  readonly amount: Money
  /** Net of tax. */
  readonly net: Money
  /** Tax. */
  readonly tax: Money
  /** Net + tax. */
  readonly gross: Money
  /** Tax per rate. */
  readonly taxes: ReadonlyArray<LineTax>
  /** Bundle components' shares (empty for other kinds). */
  readonly parts: ReadonlyArray<BundlePart>
}

/**
 * A discount that was applied, with its total over all lines.
 *
 * @category models
 * @since 0.1.0
 */
export interface AppliedDiscount {
  /** Discount id. */
  readonly id: string
  /** Discount name. */
  readonly name: string
  /** The code that unlocked it, if any. */
  readonly code: string | undefined
  /** Total discount (Σ of the lines' shares). */
  readonly amount: Money
}

/**
 * A fee in the quote. `net + tax = amount`. A fee with a tax class is taxed like a line of that class:
 * in inclusive mode its catalog amount contains the tax, in exclusive mode the tax is added on top.
 *
 * @category models
 * @since 0.1.0
 */
export interface AppliedFee {
  /** Fee id. */
  readonly id: string
  /** Fee name. */
  readonly name: string
  /** Kind: per-item, per-order or payment. */
  readonly kind: "per-item" | "per-order" | "payment"
  /** The fee the buyer (or, if absorbed, the promoter) pays, tax included. */
  readonly amount: Money
  /** The promoter pays it: not part of the buyer's total. */
  readonly absorbed: boolean
  /** Tax class of the fee, or `undefined` when it is not taxed. */
  readonly taxClass: string | undefined
  /** The fee net of tax (= `amount` when not taxed). */
  readonly net: Money
  /** Tax in the fee (zero when not taxed). */
  readonly tax: Money
  /** Tax per rate (empty when not taxed). */
  readonly taxes: ReadonlyArray<LineTax>
}

/**
 * A tax rate's total in the quote.
 *
 * @category models
 * @since 0.1.0
 */
export interface AppliedTax {
  /** Rate id. */
  readonly id: string
  /** Rate name, e.g. "VAT 19 %". */
  readonly name: string
  /** The rate in percent, as exact decimal text. */
  readonly rate: string
  /** Net amount the rate applied to (lines and taxed fees). */
  readonly base: Money
  /** Tax (Σ of the lines' and taxed fees' shares): what is due at this rate. */
  readonly amount: Money
}

/**
 * Totals of a quote, each the exact sum of its parts.
 *
 * @category models
 * @since 0.1.0
 */
export interface QuoteTotals {
  /** Σ line subtotals (after price rules, before discounts). */
  readonly subtotal: Money
  /** Σ discounts. */
  readonly discount: Money
  /** Σ line nets. */
  readonly net: Money
  /** Σ line taxes (tax in fees is `feeTax`; Σ `taxes` = tax + feeTax). */
  readonly tax: Money
  /** net + tax = Σ line gross. */
  readonly gross: Money
  /** Σ fees charged to the buyer, their tax included. */
  readonly fees: Money
  /** Σ tax in fees (zero unless a fee has a tax class). */
  readonly feeTax: Money
  /** What the buyer pays: gross + fees. */
  readonly total: Money
  /** Σ fees the promoter absorbs. */
  readonly absorbedFees: Money
  /** Σ payment fees (charged or absorbed), which go to the payment provider. */
  readonly paymentFees: Money
  /** What the promoter receives: total − paymentFees (tax still to be remitted); negative when absorbed fees exceed a small total. */
  readonly payout: Money
}

/**
 * The result of `quote`.
 *
 * @category models
 * @since 0.1.0
 */
export interface Quote {
  /** ISO 4217 code of every amount. */
  readonly currency: string
  /** Whether prices include tax. */
  readonly taxMode: "inclusive" | "exclusive"
  /** Priced lines, in cart order (duplicate SKUs merged). */
  readonly lines: ReadonlyArray<QuoteLine>
  /** Discounts applied. */
  readonly discounts: ReadonlyArray<AppliedDiscount>
  /** Fees. */
  readonly fees: ReadonlyArray<AppliedFee>
  /** Taxes per rate. */
  readonly taxes: ReadonlyArray<AppliedTax>
  /** Totals. */
  readonly totals: QuoteTotals
}

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
 * `cart` or `context`), `UnknownProduct`, `NotOnSale`, `SoldOut`, `AddonWithoutTicket` or `UnknownDiscountCode`.
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
  let merged = cart.lines
  let cps: CompiledProduct[] = new Array(merged.length)
  const invalid = validateCart(c, merged, typed, context, now, cps)
  if (invalid === "duplicates") {
    merged = mergeLines(merged)
    cps = merged.map((l) => c.products.get(l.sku) as CompiledProduct)
  } else if (invalid !== undefined) return err(invalid)
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
  const fees = applyFees(c, lines, allUnits)
  computeTaxes(c, allUnits)
  return ok(assembleQuote(c, lines, appliedDiscounts, fees))
}

const NO_UNITS: WorkUnit[] = []
const NO_CODES: ReadonlySet<string> = new Set()
