/**
 * Formats money for people through `Intl.NumberFormat`, always with the ISO 4217 number of decimals.
 *
 * @since 0.1.0
 */
import { InvalidArgument } from "./errors.ts"
import { cached } from "./internal/cache.ts"
import { checkMoney, checkOptions, show } from "./internal/check.ts"
import { type Money, toDecimal } from "./Money.ts"

/** Formatters kept per locale, currency and exponent, for calls without extra options. */
const formatters = new Map<string, Intl.NumberFormat>()

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
 * @throws InvalidArgument when `money` is not money, `locale` is not a BCP 47 tag, or `options` are
 * refused by `Intl.NumberFormat` (the error names which).
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
  checkMoney(money, "money")
  const extra = checkOptions(options) as Intl.NumberFormatOptions
  if (typeof locale !== "string")
    throw new InvalidArgument({
      argument: "locale",
      rule: `must be a BCP 47 locale such as "de-DE", got ${show(locale)}`
    })
  const e = money.currency.exponent
  const make = () =>
    new Intl.NumberFormat(locale, {
      style: "currency",
      currency: money.currency.code,
      minimumFractionDigits: e,
      maximumFractionDigits: e,
      ...extra
    })
  let format: Intl.NumberFormat
  try {
    // Without extra options (the usual call) the formatter is kept per locale and currency: building
    // one costs far more than formatting with it.
    format =
      Object.keys(extra).length === 0
        ? cached(formatters, `${locale}\u0000${money.currency.code}\u0000${e}`, make)
        : make()
  } catch (cause) {
    let wellFormed = false
    try {
      wellFormed = Intl.getCanonicalLocales(locale).length === 1
    } catch {
      // Not a well-formed tag.
    }
    throw new InvalidArgument(
      wellFormed
        ? { argument: "options", rule: `Intl.NumberFormat refuses them: ${(cause as Error).message}` }
        : { argument: "locale", rule: `must be a BCP 47 locale such as "de-DE", got ${show(locale)}` }
    )
  }
  return format.format(toDecimal(money) as Intl.StringNumericLiteral)
}
