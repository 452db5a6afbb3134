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
export { allocate, allocateAmounts } from "./allocate.ts"
export type { Cart, QuoteContext } from "./Cart.ts"
export { CartSchema, decodeCart, decodeQuoteContext, QuoteContextSchema } from "./Cart.ts"
export type { Catalog, CatalogInput, Product } from "./Catalog.ts"
export { CatalogSchema, decodeCatalog } from "./Catalog.ts"
export type { Currency, CurrencyOptions } from "./Currency.ts"
export { CURRENCY_TABLE_DATE, currencies, currency, findCurrency } from "./Currency.ts"
export type { ForecastLine, OrderLike, VarianceReport, VarianceRow } from "./compareForecast.ts"
export { compareForecast } from "./compareForecast.ts"
export type { Distribution } from "./Distribution.ts"
export { DistributionSchema, mostLikely, quantile, sample } from "./Distribution.ts"
export type { EventPlan, EventPlanInput } from "./EventPlan.ts"
export { decodePlan, EventPlanSchema } from "./EventPlan.ts"
export type { InputIssue, QuoteError } from "./errors.ts"
export {
  AddonWithoutTicket,
  CurrencyMismatch,
  InvalidAmount,
  InvalidArgument,
  InvalidInput,
  NotOnSale,
  ProductSoldOut,
  UnknownCurrency,
  UnknownDiscountCode,
  UnknownProduct
} from "./errors.ts"
export type { Forecast, ForecastOptions, ForecastScenario, SensitivityRow, Spread } from "./forecast.ts"
export { forecast } from "./forecast.ts"
export { formatMoney } from "./formatMoney.ts"
export type { Money } from "./Money.ts"
export { add, compare, equals, money, multiply, negate, subtract, sum, toDecimal, zero } from "./Money.ts"
export type { Random } from "./Prng.ts"
export { xoshiro128ss } from "./Prng.ts"
export type { ParseMoneyOptions } from "./parseMoney.ts"
export { parseMoney } from "./parseMoney.ts"
export { quote } from "./Quote.ts"
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
} from "./QuoteModel.ts"
export type { Ratio } from "./Ratio.ts"
export { addRatios, decimal, percent, ratio } from "./Ratio.ts"
export type { Result } from "./Result.ts"
export type { RoundingMode } from "./Rounding.ts"
export { divide } from "./Rounding.ts"
