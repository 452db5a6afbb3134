/**
 * The tagged errors of `@microdrop/pricing`: each names what was wrong and what a person can do.
 *
 * Every error is a `Schema.TaggedError` (an `Error`, so stack traces and `instanceof` work) with a
 * literal `_tag` unique across the Microdrop toolkit, its fields, and a message built from them, so it
 * can be matched with `switch (e._tag)` or Effect's `catchTag`.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"

/**
 * A currency code that is not in the ISO 4217 table this package ships (from the `currency-codes`
 * package). Thrown: it is a bug in the program, or a currency newer than the table.
 *
 * @category errors
 * @since 0.1.0
 */
export class UnknownCurrency extends Schema.TaggedError<UnknownCurrency>()("UnknownCurrency", {
  /** The code as given. */
  code: Schema.String,
  /** The code is in ISO 4217 but is not money (no minor unit: a metal, fund, XTS or XXX). */
  nonMoney: Schema.Boolean.pipe(Schema.optionalKey, Schema.withConstructorDefault(Effect.succeed(false)))
}) {
  override get message(): string {
    return this.nonMoney
      ? `"${this.code}" is an ISO 4217 code without a minor unit (a precious metal, fund, testing or ` +
          '"no currency" code), not money: use a currency such as EUR, or pass { allowNonMoney: true } to ' +
          "count it in whole units."
      : `"${this.code}" is not an ISO 4217 currency code in the table: use a three-letter code such as EUR, ` +
          "USD or JPY, or pass a { code, exponent } object for a currency newer than the table."
  }
}

/**
 * Two amounts in different currencies were combined. Money is never summed across currencies: convert
 * first with an explicit rate. Thrown by arithmetic (a bug in the program, never a silent sum).
 *
 * @category errors
 * @since 0.1.0
 */
export class CurrencyMismatch extends Schema.TaggedError<CurrencyMismatch>()("CurrencyMismatch", {
  /** The operation that was refused. */
  operation: Schema.Literals(["add", "subtract", "compare"]),
  /** Currency of the left operand. */
  left: Schema.String,
  /** Currency of the right operand. */
  right: Schema.String,
  /** Exponent of the left operand's currency, when known. */
  leftExponent: Schema.UndefinedOr(Schema.Number).pipe(
    Schema.optionalKey,
    Schema.withConstructorDefault(Effect.succeed(undefined))
  ),
  /** Exponent of the right operand's currency, when known. */
  rightExponent: Schema.UndefinedOr(Schema.Number).pipe(
    Schema.optionalKey,
    Schema.withConstructorDefault(Effect.succeed(undefined))
  )
}) {
  override get message(): string {
    return this.left === this.right
      ? `Cannot ${this.operation} ${this.left} amounts with different exponents ` +
          `(${this.leftExponent} and ${this.rightExponent} digits of minor unit): one of the two ` +
          `${this.left} currency objects is wrong. Use currency("${this.left}") for both, or convert the ` +
          "minor units to one exponent first."
      : `Cannot ${this.operation} ${this.left} and ${this.right}: amounts in different currencies are never ` +
          "combined. Convert one of them with an explicit exchange rate first."
  }
}

/**
 * A typed amount that cannot be read as money in the given currency (`parseMoney`). Returned, not thrown.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidAmount extends Schema.TaggedError<InvalidAmount>()("InvalidAmount", {
  /** The text as typed. */
  input: Schema.String,
  /** The rule it broke, in words (e.g. "at most 2 decimals for EUR"). */
  rule: Schema.String
}) {
  override get message(): string {
    return `"${this.input}" is not a valid amount: ${this.rule}.`
  }
}

/**
 * Arguments given by the program that cannot work: ratios that are empty, negative or all zero, a
 * rate that is not a decimal number, a zero denominator. Thrown: it is a bug to fix.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidArgument extends Schema.TaggedError<InvalidArgument>()("InvalidArgument", {
  /** The argument that is wrong (e.g. "ratios"). */
  argument: Schema.String,
  /** The rule it broke, in words. */
  rule: Schema.String
}) {
  override get message(): string {
    return `Invalid argument "${this.argument}": ${this.rule}.`
  }
}

/**
 * One problem found while decoding input: where it is (a dotted path such as "products.2.price", ""
 * for the whole document) and the rule it broke, in words. The toolkit's shared shape.
 *
 * @category models
 * @since 0.1.0
 */
export type { InputIssue } from "@microdrop/kit"

/**
 * A catalog, cart, context or event plan that does not decode: each issue names the field and the
 * rule. Returned by the `decode*` functions.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", {
  /** What was being decoded. */
  target: Schema.Literals(["catalog", "cart", "context", "plan"]),
  /** Every problem found (at least one). */
  issues: Schema.Array(Schema.Struct({ path: Schema.String, rule: Schema.String }))
}) {
  override get message(): string {
    const list = this.issues.map((i) => `${i.path === "" ? "(root)" : i.path}: ${i.rule}`).join("; ")
    return `The ${this.target} is invalid (${this.issues.length} problem(s)) — ${list}. Fix these fields.`
  }
}

/**
 * A cart line names a SKU the catalog does not have.
 *
 * @category errors
 * @since 0.1.0
 */
export class UnknownProduct extends Schema.TaggedError<UnknownProduct>()("UnknownProduct", {
  /** The SKU in the cart. */
  sku: Schema.String
}) {
  override get message(): string {
    return `The cart contains "${this.sku}", which is not in the catalog: remove the line or refresh the page.`
  }
}

/**
 * A cart has more add-ons (e.g. VIP headphones) than tickets allow: each add-on needs a ticket in the
 * same cart, at most `maxPerTicket` per ticket.
 *
 * @category errors
 * @since 0.1.0
 */
export class AddonWithoutTicket extends Schema.TaggedError<AddonWithoutTicket>()("AddonWithoutTicket", {
  /** The add-on SKU. */
  sku: Schema.String,
  /** How many of the add-on are in the cart. */
  addons: Schema.Number,
  /** How many tickets are in the cart. */
  tickets: Schema.Number,
  /** Add-ons allowed per ticket. */
  maxPerTicket: Schema.Number
}) {
  override get message(): string {
    return (
      `The cart has ${this.addons} × ${this.sku} but ${this.tickets} ticket(s); at most ` +
      `${this.maxPerTicket} per ticket is allowed: add tickets or remove add-ons.`
    )
  }
}

/**
 * A cart asks for more units than are left (capacity minus the quantity already sold in the context).
 * Tagged `ProductSoldOut` (not `SoldOut`), distinct from `@microdrop/drops`' `SoldOut`.
 *
 * @category errors
 * @since 0.1.0
 */
export class ProductSoldOut extends Schema.TaggedError<ProductSoldOut>()("ProductSoldOut", {
  /** The SKU. */
  sku: Schema.String,
  /** Units asked for. */
  requested: Schema.Number,
  /** Units left. */
  remaining: Schema.Number
}) {
  override get message(): string {
    return (
      `Only ${this.remaining} × ${this.sku} left but ${this.requested} asked for: lower the quantity` +
      (this.remaining === 0 ? " (it is sold out)." : ".")
    )
  }
}

/**
 * A product is not on sale at the quote's time: its sales window has not opened or has closed.
 *
 * @category errors
 * @since 0.1.0
 */
export class NotOnSale extends Schema.TaggedError<NotOnSale>()("NotOnSale", {
  /** The SKU. */
  sku: Schema.String,
  /** The quote's time (ISO 8601). */
  at: Schema.String,
  /** When sales open (ISO 8601), if bounded. */
  from: Schema.UndefinedOr(Schema.String),
  /** When sales close (ISO 8601), if bounded. */
  until: Schema.UndefinedOr(Schema.String)
}) {
  override get message(): string {
    const window = `${this.from ?? "any time"} to ${this.until ?? "no end"}`
    const hint =
      this.from !== undefined && this.at < this.from
        ? "it is not on sale yet; come back when the window opens"
        : "its sales window has closed"
    return `${this.sku} is on sale from ${window}, not at ${this.at}: ${hint}.`
  }
}

/**
 * A discount code in the cart matches no discount in the catalog (or its window is over).
 *
 * @category errors
 * @since 0.1.0
 */
export class UnknownDiscountCode extends Schema.TaggedError<UnknownDiscountCode>()("UnknownDiscountCode", {
  /** The code as typed. */
  code: Schema.String
}) {
  override get message(): string {
    return `The discount code "${this.code}" is not valid: check its spelling or remove it from the cart.`
  }
}

/**
 * Every error `quote` can return: `InvalidInput` when the catalog, cart or context it is given does not
 * have the decoded shape (the same error the `decode*` functions give), then the pricing errors.
 *
 * @category errors
 * @since 0.1.0
 */
export type QuoteError =
  | InvalidInput
  | UnknownProduct
  | AddonWithoutTicket
  | ProductSoldOut
  | NotOnSale
  | UnknownDiscountCode
