/**
 * `@microdrop/pricing`: money that never loses a cent, cart quotes that always add up, and a revenue
 * forecast a promoter can trust.
 *
 * Functions that read input from people or files return a `Result` (`{ ok, value } | { ok, error }`)
 * with a tagged error; functions given impossible arguments by the program (mixed currencies,
 * all-zero ratios) throw a tagged error.
 *
 * @since 0.1.0
 */
export { allocate, allocateAmounts } from "./allocate.js"
export type { Cart, QuoteContext } from "./Cart.js"
export { CartSchema, decodeCart, decodeQuoteContext, QuoteContextSchema } from "./Cart.js"
export type { Catalog, CatalogInput, Product } from "./Catalog.js"
export { CatalogSchema, decodeCatalog } from "./Catalog.js"
export type { Currency, CurrencyOptions } from "./Currency.js"
export { CURRENCY_TABLE_DATE, currencies, currency, findCurrency } from "./Currency.js"
export type { ForecastLine, OrderLike, VarianceReport, VarianceRow } from "./compareForecast.js"
export { compareForecast } from "./compareForecast.js"
export type { Distribution } from "./Distribution.js"
export { DistributionSchema, mostLikely, quantile, sample } from "./Distribution.js"
export type { EventPlan, EventPlanInput } from "./EventPlan.js"
export { decodePlan, EventPlanSchema } from "./EventPlan.js"
export type { InputIssue, QuoteError } from "./errors.js"
export {
  AddonWithoutTicket,
  CurrencyMismatch,
  InvalidAmount,
  InvalidArgument,
  InvalidInput,
  NotOnSale,
  SoldOut,
  UnknownCurrency,
  UnknownDiscountCode,
  UnknownProduct
} from "./errors.js"
export type { Forecast, ForecastOptions, ForecastScenario, SensitivityRow, Spread } from "./forecast.js"
export { forecast } from "./forecast.js"
export { formatMoney } from "./formatMoney.js"
export type { Money } from "./Money.js"
export { add, compare, equals, money, multiply, negate, subtract, sum, toDecimal, zero } from "./Money.js"
export type { Random } from "./Prng.js"
export { xoshiro128ss } from "./Prng.js"
export type { ParseMoneyOptions } from "./parseMoney.js"
export { parseMoney } from "./parseMoney.js"
export { quote } from "./Quote.js"
export type {
  AppliedDiscount,
  AppliedFee,
  AppliedTax,
  BundlePart,
  LineTax,
  PriceSegment,
  Quote,
  QuoteLine,
  QuoteTotals
} from "./QuoteModel.js"
export type { Ratio } from "./Ratio.js"
export { addRatios, decimal, percent, ratio } from "./Ratio.js"
export type { Result } from "./Result.js"
export type { RoundingMode } from "./Rounding.js"
export { divide } from "./Rounding.js"
