// Amounts and instants on the pages: the kept texts and the shared formatter say exactly what
// pricing's `formatMoney` and `toLocaleString` say, for any amount, currency and instant.
import { formatMoney, money } from "@microdrop/pricing"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { formatAmount, formatWhen } from "../src/features/shared/layout.tsx"

describe("page formatting", () => {
  it("formats an amount as formatMoney does, also when it was formatted before or in another currency", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            amount: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
            currency: fc.constantFrom("EUR", "USD", "JPY", "GBP", "KWD")
          }),
          { minLength: 1, maxLength: 40 }
        ),
        (items) => {
          for (const { amount, currency } of [...items, ...items]) {
            const expected = formatMoney(money(amount, currency), "en-IE")
            expect(formatAmount(amount, currency)).toBe(expected)
            expect(formatAmount(amount.toString(), currency)).toBe(expected)
          }
        }
      )
    )
  })

  it("keeps at most a bounded number of texts yet answers right after many amounts", () => {
    for (let i = 0n; i < 3000n; i++) formatAmount(i, "EUR")
    expect(formatAmount(5n, "EUR")).toBe(formatMoney(money(5n, "EUR"), "en-IE"))
    expect(formatAmount(2999n, "EUR")).toBe(formatMoney(money(2999n, "EUR"), "en-IE"))
  })

  it("formats an instant as toLocaleString in UTC does", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        expect(formatWhen(ms)).toBe(
          `${new Date(ms).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`
        )
      })
    )
  })

  it("says the time is unknown instead of throwing for a number that is no instant", () => {
    for (const ms of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      expect(formatWhen(ms)).toBe("an unknown time")
  })
})
