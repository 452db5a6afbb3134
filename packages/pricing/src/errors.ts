/**
 * The tagged errors of `@microdrop/pricing`: each names what was wrong and what a person can do.
 *
 * Every error is an `Error` (so stack traces and `instanceof` work) with a literal `_tag`, so it can be
 * matched with `switch (e._tag)` or Effect's `catchTag` without importing Effect.
 *
 * @since 0.1.0
 */
import type { InputIssue } from "@microdrop/kit"

/**
 * A currency code that is not in the ISO 4217 table this package ships (from the `currency-codes`
 * package). Thrown: it is a bug in the program, or a currency newer than the table.
 *
 * @category errors
 * @since 0.1.0
 */
export class UnknownCurrency extends Error {
  /** Discriminant for matching. */
  readonly _tag = "UnknownCurrency" as const
  /** The code as given. */
  readonly code: string
  /** The code is in ISO 4217 but is not money (no minor unit: a metal, fund, XTS or XXX). */
  readonly nonMoney: boolean

  constructor(fields: { readonly code: string; readonly nonMoney?: boolean }) {
    const nonMoney = fields.nonMoney ?? false
    super(
      nonMoney
        ? `"${fields.code}" is an ISO 4217 code without a minor unit (a precious metal, fund, testing or ` +
            '"no currency" code), not money: use a currency such as EUR, or pass { allowNonMoney: true } to ' +
            "count it in whole units."
        : `"${fields.code}" is not an ISO 4217 currency code in the table: use a three-letter code such as EUR, ` +
            "USD or JPY, or pass a { code, exponent } object for a currency newer than the table."
    )
    this.name = "UnknownCurrency"
    this.code = fields.code
    this.nonMoney = nonMoney
  }
}

/**
 * Two amounts in different currencies were combined. Money is never summed across currencies: convert
 * first with an explicit rate. Thrown by arithmetic (a bug in the program, never a silent sum).
 *
 * @category errors
 * @since 0.1.0
 */
export class CurrencyMismatch extends Error {
  /** Discriminant for matching. */
  readonly _tag = "CurrencyMismatch" as const
  /** The operation that was refused (e.g. "add"). */
  readonly operation: string
  /** Currency of the left operand. */
  readonly left: string
  /** Currency of the right operand. */
  readonly right: string
  /** Exponent of the left operand's currency, when known. */
  readonly leftExponent: number | undefined
  /** Exponent of the right operand's currency, when known. */
  readonly rightExponent: number | undefined

  constructor(fields: {
    readonly operation: string
    readonly left: string
    readonly right: string
    readonly leftExponent?: number
    readonly rightExponent?: number
  }) {
    super(
      fields.left === fields.right
        ? `Cannot ${fields.operation} ${fields.left} amounts with different exponents ` +
            `(${fields.leftExponent} and ${fields.rightExponent} digits of minor unit): one of the two ` +
            `${fields.left} currency objects is wrong. Use currency("${fields.left}") for both, or convert the ` +
            "minor units to one exponent first."
        : `Cannot ${fields.operation} ${fields.left} and ${fields.right}: amounts in different currencies are never ` +
            "combined. Convert one of them with an explicit exchange rate first."
    )
    this.name = "CurrencyMismatch"
    this.operation = fields.operation
    this.left = fields.left
    this.right = fields.right
    this.leftExponent = fields.leftExponent
    this.rightExponent = fields.rightExponent
  }
}

/**
 * A typed amount that cannot be read as money in the given currency (`parseMoney`). Returned, not thrown.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidAmount extends Error {
  /** Discriminant for matching. */
  readonly _tag = "InvalidAmount" as const
  /** The text as typed. */
  readonly input: string
  /** The rule it broke, in words (e.g. "at most 2 decimals for EUR"). */
  readonly rule: string

  constructor(fields: { readonly input: string; readonly rule: string }) {
    super(`"${fields.input}" is not a valid amount: ${fields.rule}.`)
    this.name = "InvalidAmount"
    this.input = fields.input
    this.rule = fields.rule
  }
}

/**
 * Arguments given by the program that cannot work: ratios that are empty, negative or all zero, a
 * rate that is not a decimal number, a zero denominator. Thrown: it is a bug to fix.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidArgument extends Error {
  /** Discriminant for matching. */
  readonly _tag = "InvalidArgument" as const
  /** The argument that is wrong (e.g. "ratios"). */
  readonly argument: string
  /** The rule it broke, in words. */
  readonly rule: string

  constructor(fields: { readonly argument: string; readonly rule: string }) {
    super(`Invalid argument "${fields.argument}": ${fields.rule}.`)
    this.name = "InvalidArgument"
    this.argument = fields.argument
    this.rule = fields.rule
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
export class InvalidInput extends Error {
  /** Discriminant for matching. */
  readonly _tag = "InvalidInput" as const
  /** What was being decoded. */
  readonly target: "catalog" | "cart" | "context" | "plan"
  /** Every problem found (at least one). */
  readonly issues: ReadonlyArray<InputIssue>

  constructor(fields: {
    readonly target: "catalog" | "cart" | "context" | "plan"
    readonly issues: ReadonlyArray<InputIssue>
  }) {
    const list = fields.issues.map((i) => `${i.path === "" ? "(root)" : i.path}: ${i.rule}`).join("; ")
    super(`The ${fields.target} is invalid (${fields.issues.length} problem(s)) — ${list}. Fix these fields.`)
    this.name = "InvalidInput"
    this.target = fields.target
    this.issues = fields.issues
  }
}

/**
 * A cart line names a SKU the catalog does not have.
 *
 * @category errors
 * @since 0.1.0
 */
export class UnknownProduct extends Error {
  /** Discriminant for matching. */
  readonly _tag = "UnknownProduct" as const
  /** The SKU in the cart. */
  readonly sku: string

  constructor(fields: { readonly sku: string }) {
    super(
      `The cart contains "${fields.sku}", which is not in the catalog: remove the line or refresh the page.`
    )
    this.name = "UnknownProduct"
    this.sku = fields.sku
  }
}

/**
 * A cart has more add-ons (e.g. VIP headphones) than tickets allow: each add-on needs a ticket in the
 * same cart, at most `maxPerTicket` per ticket.
 *
 * @category errors
 * @since 0.1.0
 */
export class AddonWithoutTicket extends Error {
  /** Discriminant for matching. */
  readonly _tag = "AddonWithoutTicket" as const
  /** The add-on SKU. */
  readonly sku: string
  /** How many of the add-on are in the cart. */
  readonly addons: number
  /** How many tickets are in the cart. */
  readonly tickets: number
  /** Add-ons allowed per ticket. */
  readonly maxPerTicket: number

  constructor(fields: {
    readonly sku: string
    readonly addons: number
    readonly tickets: number
    readonly maxPerTicket: number
  }) {
    super(
      `The cart has ${fields.addons} × ${fields.sku} but ${fields.tickets} ticket(s); at most ` +
        `${fields.maxPerTicket} per ticket is allowed: add tickets or remove add-ons.`
    )
    this.name = "AddonWithoutTicket"
    this.sku = fields.sku
    this.addons = fields.addons
    this.tickets = fields.tickets
    this.maxPerTicket = fields.maxPerTicket
  }
}

/**
 * A cart asks for more units than are left (capacity minus the quantity already sold in the context).
 *
 * @category errors
 * @since 0.1.0
 */
export class SoldOut extends Error {
  /** Discriminant for matching. */
  readonly _tag = "SoldOut" as const
  /** The SKU. */
  readonly sku: string
  /** Units asked for. */
  readonly requested: number
  /** Units left. */
  readonly remaining: number

  constructor(fields: { readonly sku: string; readonly requested: number; readonly remaining: number }) {
    super(
      `Only ${fields.remaining} × ${fields.sku} left but ${fields.requested} asked for: lower the quantity` +
        (fields.remaining === 0 ? " (it is sold out)." : ".")
    )
    this.name = "SoldOut"
    this.sku = fields.sku
    this.requested = fields.requested
    this.remaining = fields.remaining
  }
}

/**
 * A product is not on sale at the quote's time: its sales window has not opened or has closed.
 *
 * @category errors
 * @since 0.1.0
 */
export class NotOnSale extends Error {
  /** Discriminant for matching. */
  readonly _tag = "NotOnSale" as const
  /** The SKU. */
  readonly sku: string
  /** The quote's time (ISO 8601). */
  readonly at: string
  /** When sales open (ISO 8601), if bounded. */
  readonly from: string | undefined
  /** When sales close (ISO 8601), if bounded. */
  readonly until: string | undefined

  constructor(fields: {
    readonly sku: string
    readonly at: string
    readonly from: string | undefined
    readonly until: string | undefined
  }) {
    const window = `${fields.from ?? "any time"} to ${fields.until ?? "no end"}`
    const hint =
      fields.from !== undefined && fields.at < fields.from
        ? "it is not on sale yet; come back when the window opens"
        : "its sales window has closed"
    super(`${fields.sku} is on sale from ${window}, not at ${fields.at}: ${hint}.`)
    this.name = "NotOnSale"
    this.sku = fields.sku
    this.at = fields.at
    this.from = fields.from
    this.until = fields.until
  }
}

/**
 * A discount code in the cart matches no discount in the catalog (or its window is over).
 *
 * @category errors
 * @since 0.1.0
 */
export class UnknownDiscountCode extends Error {
  /** Discriminant for matching. */
  readonly _tag = "UnknownDiscountCode" as const
  /** The code as typed. */
  readonly code: string

  constructor(fields: { readonly code: string }) {
    super(`The discount code "${fields.code}" is not valid: check its spelling or remove it from the cart.`)
    this.name = "UnknownDiscountCode"
    this.code = fields.code
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
  | SoldOut
  | NotOnSale
  | UnknownDiscountCode
