/**
 * Compares a forecast's base case with actual sales (a list of orders) to show the variance per line.
 *
 * @since 0.1.0
 */

import { checkPlan, type EventPlan } from "./EventPlan.ts"
import { CurrencyMismatch, InvalidArgument } from "./errors.ts"
import type { Forecast } from "./forecast.ts"
import { checkArray, checkMoney, isRecord, show } from "./internal/check.ts"
import type { Money } from "./Money.ts"
import { divide } from "./Rounding.ts"

/**
 * An order as the comparison reads it: a `Quote` fits, and so does any stored order with these fields.
 *
 * @category models
 * @since 0.1.0
 */
export interface OrderLike {
  /** The order's lines. */
  readonly lines: ReadonlyArray<{
    /** The SKU sold. */
    readonly sku: string
    /** Units. */
    readonly quantity: number
    /** Revenue net of tax. */
    readonly net: Money
  }>
}

/**
 * A forecast line: the plan's revenue streams, plus "other" for SKUs the plan does not name.
 *
 * @category models
 * @since 0.1.0
 */
export type ForecastLine = "tickets" | "vip" | "drop" | "remote" | "subscriptions" | "other"

/**
 * Forecast versus actual for one line.
 *
 * @category models
 * @since 0.1.0
 */
export interface VarianceRow {
  /** Which line. */
  readonly line: ForecastLine
  /** Units in the base case. */
  readonly forecastUnits: number
  /** Units sold. */
  readonly actualUnits: number
  /** actualUnits − forecastUnits. */
  readonly unitsVariance: number
  /** Revenue in the base case (net of tax). */
  readonly forecastRevenue: Money
  /** Revenue sold (net of tax). */
  readonly actualRevenue: Money
  /** actualRevenue − forecastRevenue. */
  readonly revenueVariance: Money
  /** revenueVariance / forecastRevenue in percent (rounded half-even to 2 decimals), `undefined` when nothing was forecast. */
  readonly revenueVariancePercent: number | undefined
}

/**
 * The comparison: one row per line and a total row.
 *
 * @category models
 * @since 0.1.0
 */
export interface VarianceReport {
  /** Rows in the order tickets, vip, drop, remote, subscriptions, other (lines with nothing on either side are left out). */
  readonly rows: ReadonlyArray<VarianceRow>
  /** Revenue totals (units are not summed across lines). */
  readonly total: {
    /** Σ forecast revenue. */
    readonly forecastRevenue: Money
    /** Σ actual revenue. */
    readonly actualRevenue: Money
    /** actual − forecast. */
    readonly revenueVariance: Money
    /** In percent (2 decimals), `undefined` when nothing was forecast. */
    readonly revenueVariancePercent: number | undefined
  }
}

const pct = (variance: bigint, forecast: bigint): number | undefined =>
  forecast === 0n ? undefined : Number(divide(variance * 10000n, forecast)) / 100

/**
 * Compares the base case of a forecast with actual orders, line by line.
 *
 * @param plan - The plan the forecast was made from (its SKUs map orders to lines).
 * @param result - The forecast.
 * @param orders - Actual orders, e.g. the `Quote`s of paid checkouts.
 * @returns Per-line and total variance.
 * @throws CurrencyMismatch when an order line is in another currency than the plan; InvalidArgument
 * naming the field when `result` or `orders` do not have their documented shape (`orders.2.lines.0.net`);
 * InvalidInput when `plan` does not have the decoded shape.
 * @example
 * ```ts
 * import { compareForecast } from "@microdrop/pricing"
 * compareForecast(plan, forecast(plan), paidQuotes).rows[0] // => { line: "tickets", forecastUnits: 120, actualUnits: 104, … }
 * ```
 * @since 0.1.0
 */
export const compareForecast = (
  plan: EventPlan,
  result: Forecast,
  orders: ReadonlyArray<OrderLike>
): VarianceReport => {
  checkPlan(plan)
  if (!isRecord(result) || !isRecord(result.base))
    throw new InvalidArgument({
      argument: "result",
      rule: `must be what forecast returned, got ${show(result)}`
    })
  checkMoney(result.base.revenue.total, "result.base.revenue.total")
  checkArray(orders, "orders").forEach((order, i) => {
    if (!isRecord(order))
      throw new InvalidArgument({ argument: `orders.${i}`, rule: `must be an order, got ${show(order)}` })
    checkArray(order["lines"], `orders.${i}.lines`).forEach((line, j) => {
      const at = `orders.${i}.lines.${j}`
      if (!isRecord(line))
        throw new InvalidArgument({ argument: at, rule: `must be an order line, got ${show(line)}` })
      const { sku, quantity, net } = line
      if (typeof sku !== "string")
        throw new InvalidArgument({ argument: `${at}.sku`, rule: `must be a string, got ${show(sku)}` })
      if (typeof quantity !== "number" || !Number.isSafeInteger(quantity))
        throw new InvalidArgument({
          argument: `${at}.quantity`,
          rule: `must be an integer, got ${show(quantity)}`
        })
      checkMoney(net, `${at}.net`)
    })
  })
  const lineOf = new Map<string, ForecastLine>()
  for (const t of plan.tiers) if (t.sku !== undefined) lineOf.set(t.sku, "tickets")
  if (plan.vip?.sku !== undefined) lineOf.set(plan.vip.sku, "vip")
  if (plan.drop?.sku !== undefined) lineOf.set(plan.drop.sku, "drop")
  if (plan.remote?.sku !== undefined) lineOf.set(plan.remote.sku, "remote")
  if (plan.subscriptions?.sku !== undefined) lineOf.set(plan.subscriptions.sku, "subscriptions")
  const cur = result.base.revenue.total.currency
  const lines: ForecastLine[] = ["tickets", "vip", "drop", "remote", "subscriptions", "other"]
  const actualUnits = new Map<ForecastLine, number>(lines.map((l) => [l, 0]))
  const actualRevenue = new Map<ForecastLine, bigint>(lines.map((l) => [l, 0n]))
  for (const order of orders)
    for (const l of order.lines) {
      if (l.net.currency.code !== cur.code || l.net.currency.exponent !== cur.exponent)
        throw new CurrencyMismatch({
          operation: "compare",
          left: cur.code,
          right: l.net.currency.code,
          leftExponent: cur.exponent,
          rightExponent: l.net.currency.exponent
        })
      const line = lineOf.get(l.sku) ?? "other"
      actualUnits.set(line, (actualUnits.get(line) ?? 0) + l.quantity)
      actualRevenue.set(line, (actualRevenue.get(line) ?? 0n) + l.net.amount)
    }
  const b = result.base
  const forecastUnits: Record<ForecastLine, number> = {
    tickets: b.tickets,
    vip: b.vip,
    drop: b.drop,
    remote: b.remote,
    subscriptions: b.subscribers,
    other: 0
  }
  const forecastRevenue: Record<ForecastLine, bigint> = {
    tickets: b.revenue.tickets.amount,
    vip: b.revenue.vip.amount,
    drop: b.revenue.drop.amount,
    remote: b.revenue.remote.amount,
    subscriptions: b.revenue.subscriptions.amount,
    other: 0n
  }
  const m = (amount: bigint): Money => ({ amount, currency: cur })
  const rows: VarianceRow[] = []
  let fTotal = 0n
  let aTotal = 0n
  for (const line of lines) {
    const fu = forecastUnits[line]
    const au = actualUnits.get(line) ?? 0
    const fr = forecastRevenue[line]
    const ar = actualRevenue.get(line) ?? 0n
    fTotal += fr
    aTotal += ar
    if (fu === 0 && au === 0 && fr === 0n && ar === 0n) continue
    rows.push({
      line,
      forecastUnits: fu,
      actualUnits: au,
      unitsVariance: au - fu,
      forecastRevenue: m(fr),
      actualRevenue: m(ar),
      revenueVariance: m(ar - fr),
      revenueVariancePercent: pct(ar - fr, fr)
    })
  }
  return {
    rows,
    total: {
      forecastRevenue: m(fTotal),
      actualRevenue: m(aTotal),
      revenueVariance: m(aTotal - fTotal),
      revenueVariancePercent: pct(aTotal - fTotal, fTotal)
    }
  }
}
