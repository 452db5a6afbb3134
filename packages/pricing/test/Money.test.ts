import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  add,
  type Currency,
  CurrencyMismatch,
  compare,
  currency,
  equals,
  InvalidArgument,
  type Money,
  money,
  multiply,
  negate,
  percent,
  subtract,
  sum,
  toDecimal,
  UnknownCurrency,
  zero
} from "../src/index.ts"

const EUR = currency("EUR")

describe("Money", () => {
  it("holds integer minor units with the currency's exponent", () => {
    expect(money(1250, "EUR")).toEqual({ amount: 1250n, currency: { code: "EUR", exponent: 2 } })
    expect(money("1000000000000000000", EUR).amount).toBe(10n ** 18n)
    expect(money(5n, { code: "XCG", exponent: 2 }).currency.code).toBe("XCG")
  })

  it("refuses amounts that are not integers and unknown currency codes", () => {
    expect(() => money(12.5, "EUR")).toThrow(InvalidArgument)
    expect(() => money(2 ** 53, "EUR")).toThrow(/not a safe integer/)
    expect(() => money("12.50", "EUR")).toThrow(InvalidArgument)
    expect(() => money(1, "EURO")).toThrow(UnknownCurrency)
  })

  it("adds, subtracts, negates, sums and compares in one currency", () => {
    expect(add(money(1050, EUR), money(200, EUR)).amount).toBe(1250n)
    expect(subtract(money(100, EUR), money(250, EUR)).amount).toBe(-150n)
    expect(negate(money(5, EUR)).amount).toBe(-5n)
    expect(sum(EUR, [money(1, EUR), money(2, EUR), money(3, EUR)]).amount).toBe(6n)
    expect(sum(EUR, []).amount).toBe(0n)
    expect(compare(money(1, EUR), money(2, EUR))).toBe(-1)
    expect(compare(money(2, EUR), money(2, EUR))).toBe(0)
    expect(equals(money(100, "EUR"), money(100, "USD"))).toBe(false)
    expect(zero(EUR).amount).toBe(0n)
  })

  it("never sums across currencies: CurrencyMismatch is thrown, with both codes in the message", () => {
    const eur: Money = money(100, "EUR")
    const usd: Money = money(100, "USD")
    expect(() => add(eur, usd)).toThrow(CurrencyMismatch)
    expect(() => subtract(eur, usd)).toThrow(/Cannot subtract EUR and USD/)
    expect(() => compare(eur, usd)).toThrow(CurrencyMismatch)
    const anyEur: Currency = EUR
    expect(() => sum(anyEur, [eur, usd])).toThrow(CurrencyMismatch)
  })

  it("multiplies by an exact percentage with an explicit rounding mode", () => {
    const price = money(1999, EUR) // 19 % = 379.81 cents
    expect(multiply(price, percent("19")).amount).toBe(380n)
    expect(multiply(price, percent("19"), "down").amount).toBe(379n)
    expect(multiply(money(250, EUR), percent("1"), "half-even").amount).toBe(2n) // 2.5 → 2
    expect(multiply(money(250, EUR), percent("1"), "half-up").amount).toBe(3n)
    expect(multiply(money(350, EUR), percent("1"), "half-even").amount).toBe(4n) // 3.5 → 4
    expect(multiply(money(7, EUR), 3).amount).toBe(21n)
    expect(multiply(money(7, EUR), 3n).amount).toBe(21n)
  })

  it("regression: percentage products past 2^53 stay exact (a float product is wrong)", () => {
    // A safe-integer amount whose product with 725 (7.25 %) passes 2^53:
    // 3949709260822186 × 725 / 10000 = 286353921409608.485 → 286353921409608 cents.
    const a = 3949709260822186
    expect(Number.isSafeInteger(a)).toBe(true)
    expect(multiply(money(a, EUR), percent("7.25")).amount).toBe(286353921409608n)
    expect(Math.round((a * 725) / 10000)).toBe(286353921409609) // the float product is a cent off
    // 19 % of 2^53 + 1 cents: 9007199254740993 × 19 / 100 = 1711367858400788.67 → …789.
    expect(multiply(money(2n ** 53n + 1n, EUR), percent("19")).amount).toBe(1711367858400789n)
    // 10^18 minor units × 99.99 % does not overflow.
    expect(multiply(money(10n ** 18n, EUR), percent("99.99")).amount).toBe(999900000000000000n)
  })

  it("prints an exact decimal string in major units", () => {
    expect(toDecimal(money(1250, "EUR"))).toBe("12.50")
    expect(toDecimal(money(-5, "EUR"))).toBe("-0.05")
    expect(toDecimal(money(1234, "KWD"))).toBe("1.234")
    expect(toDecimal(money(1500, "JPY"))).toBe("1500")
    expect(toDecimal(money(0, "BHD"))).toBe("0.000")
  })

  describe("properties", () => {
    const amount = fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map((a) => money(a, EUR))
    it("add is commutative: a + b = b + a", () => {
      fc.assert(
        fc.property(amount, amount, (a, b) => {
          expect(add(a, b)).toEqual(add(b, a))
        })
      )
    })
    it("add is associative: (a + b) + c = a + (b + c)", () => {
      fc.assert(
        fc.property(amount, amount, amount, (a, b, c) => {
          expect(add(add(a, b), c)).toEqual(add(a, add(b, c)))
        })
      )
    })
    it("zero is the identity and subtract undoes add: (a + b) − b = a", () => {
      fc.assert(
        fc.property(amount, amount, (a, b) => {
          expect(add(a, zero(EUR))).toEqual(a)
          expect(subtract(add(a, b), b)).toEqual(a)
        })
      )
    })
    it("multiply by p % is within half a minor unit of the exact product: |100·r − a·p| ≤ 50", () => {
      fc.assert(
        fc.property(amount, fc.integer({ min: 0, max: 10_000 }), (a, p) => {
          const r = multiply(a, percent(p)).amount
          const diff = 100n * r - a.amount * BigInt(p)
          expect((diff < 0n ? -diff : diff) <= 50n).toBe(true)
        })
      )
    })
  })
})
