/**
 * Formats money for people through `Intl.NumberFormat`, always with the ISO 4217 number of decimals.
 *
 * @since 0.1.0
 */
import { type Money, toDecimal } from "./Money.js"

/**
 * Formats an amount for display in a locale, exactly (the decimal text is passed to `Intl`, never a float).
 *
 * **Gotchas.** CLDR (which `Intl` uses) shows fewer decimals than ISO 4217 for some currencies (HUF,
 * IDR, COP, IQD…: 0 instead of 2 or 3). The number of decimals is pinned to the ISO exponent so that no
 * minor unit is hidden; pass `maximumFractionDigits` in `options` to override for display.
 *
 * @param money - The amount.
 * @param locale - A BCP 47 locale (default "en-US").
 * @param options - Extra `Intl.NumberFormat` options (e.g. `{ currencyDisplay: "code" }`).
 * @returns The formatted text.
 * @example
 * ```ts
 * import { formatMoney, money } from "@microdrop/pricing"
 * formatMoney(money(123456, "EUR"), "de-DE") // => "1.234,56 €"
 * formatMoney(money(1500, "JPY"), "ja-JP") // => "￥1,500"
 * ```
 * @since 0.1.0
 */
export const formatMoney = (
  money: Money,
  locale = "en-US",
  options: Intl.NumberFormatOptions = {}
): string => {
  const e = money.currency.exponent
  const format = new Intl.NumberFormat(locale, {
    style: "currency",
    currency: money.currency.code,
    minimumFractionDigits: e,
    maximumFractionDigits: e,
    ...options
  })
  return format.format(toDecimal(money) as Intl.StringNumericLiteral)
}
