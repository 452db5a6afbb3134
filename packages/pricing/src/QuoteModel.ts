/**
 * The shapes `quote` returns: priced lines, applied discounts, fees and taxes, and totals. A type-only
 * leaf module: the pricing steps under `internal/` build these shapes without importing `Quote.ts`.
 *
 * @since 0.1.0
 */
import type { Money } from "./Money.ts"

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
