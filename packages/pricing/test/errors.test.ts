import { describe, expect, expectTypeOf, it } from "vitest"
import {
  AddonWithoutTicket,
  add,
  CurrencyMismatch,
  compare,
  InvalidAmount,
  InvalidArgument,
  InvalidInput,
  money,
  NotOnSale,
  ProductSoldOut,
  subtract,
  UnknownCurrency,
  UnknownDiscountCode,
  UnknownProduct
} from "../src/index.ts"

describe("errors", () => {
  it("each error carries its tag, its name, its fields and a message a person can act on", () => {
    const cases = [
      [
        new UnknownCurrency({ code: "EURO" }),
        "UnknownCurrency",
        '"EURO" is not an ISO 4217 currency code in the table: use a three-letter code such as EUR, USD or JPY, or pass a { code, exponent } object for a currency newer than the table.'
      ],
      [
        new CurrencyMismatch({ operation: "add", left: "EUR", right: "USD" }),
        "CurrencyMismatch",
        "Cannot add EUR and USD: amounts in different currencies are never combined. Convert one of them with an explicit exchange rate first."
      ],
      [
        new InvalidAmount({ input: "12.505", rule: "at most 2 decimals for EUR" }),
        "InvalidAmount",
        '"12.505" is not a valid amount: at most 2 decimals for EUR.'
      ],
      [
        new InvalidArgument({ argument: "ratios", rule: "must not all be zero" }),
        "InvalidArgument",
        'Invalid argument "ratios": must not all be zero.'
      ],
      [
        new InvalidInput({
          target: "cart",
          issues: [{ path: "lines.0.quantity", rule: "must be an integer from 1 to 10^9" }]
        }),
        "InvalidInput",
        "The cart is invalid (1 problem(s)) — lines.0.quantity: must be an integer from 1 to 10^9. Fix these fields."
      ],
      [
        new UnknownProduct({ sku: "NOPE" }),
        "UnknownProduct",
        'The cart contains "NOPE", which is not in the catalog: remove the line or refresh the page.'
      ],
      [
        new AddonWithoutTicket({ sku: "HEADPHONES", addons: 3, tickets: 1, maxPerTicket: 1 }),
        "AddonWithoutTicket",
        "The cart has 3 × HEADPHONES but 1 ticket(s); at most 1 per ticket is allowed: add tickets or remove add-ons."
      ],
      [
        new ProductSoldOut({ sku: "VIP-BUNDLE", requested: 2, remaining: 0 }),
        "ProductSoldOut",
        "Only 0 × VIP-BUNDLE left but 2 asked for: lower the quantity (it is sold out)."
      ],
      [
        new NotOnSale({
          sku: "TICKET",
          at: "2026-02-28T09:00:00.000Z",
          from: "2026-03-01T10:00:00Z",
          until: undefined
        }),
        "NotOnSale",
        "TICKET is on sale from 2026-03-01T10:00:00Z to no end, not at 2026-02-28T09:00:00.000Z: it is not on sale yet; come back when the window opens."
      ],
      [
        new UnknownDiscountCode({ code: "FREE" }),
        "UnknownDiscountCode",
        'The discount code "FREE" is not valid: check its spelling or remove it from the cart.'
      ]
    ] as const
    for (const [error, tag, message] of cases) {
      expect(error._tag).toBe(tag)
      expect(error.name).toBe(tag)
      expect(error).toBeInstanceOf(Error)
      expect(error.message).toBe(message)
    }
  })

  it("optional fields read as before: nonMoney defaults to false, unknown exponents are undefined", () => {
    expect(new UnknownCurrency({ code: "EURO" }).nonMoney).toBe(false)
    expect(new UnknownCurrency({ code: "XAU", nonMoney: true }).message).toContain("not money")
    const mismatch = new CurrencyMismatch({ operation: "add", left: "EUR", right: "USD" })
    expect([mismatch.leftExponent, mismatch.rightExponent]).toEqual([undefined, undefined])
    expect(
      new CurrencyMismatch({ operation: "add", left: "EUR", right: "EUR", leftExponent: 2, rightExponent: 3 })
        .message
    ).toContain("(2 and 3 digits of minor unit)")
  })

  it("CurrencyMismatch names the refused operation, one of add, subtract, compare", () => {
    const eur = money(1, "EUR")
    const usd = money(1, "USD")
    for (const [operation, call] of [
      ["add", () => add(eur, usd as never)],
      ["subtract", () => subtract(eur, usd as never)],
      ["compare", () => compare(eur, usd as never)]
    ] as const) {
      expect(call).toThrow(CurrencyMismatch)
      expect(call).toThrow(
        expect.objectContaining({ _tag: "CurrencyMismatch", operation, left: "EUR", right: "USD" })
      )
    }
    expectTypeOf<CurrencyMismatch["operation"]>().toEqualTypeOf<"add" | "subtract" | "compare">()
  })

  it("InvalidInput names the root when the whole document is wrong", () => {
    expect(
      new InvalidInput({ target: "plan", issues: [{ path: "", rule: "Expected object" }] }).message
    ).toBe("The plan is invalid (1 problem(s)) — (root): Expected object. Fix these fields.")
  })
})
