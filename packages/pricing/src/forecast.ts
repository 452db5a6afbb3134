/**
 * Forecasts an event's revenue, margin and break-even, with a seeded Monte Carlo spread and a sensitivity table.
 *
 * @since 0.1.0
 */
import type { Currency } from "./Currency.ts"
import { currency as lookupCurrency } from "./Currency.ts"
import { checkedRandom, mostLikelyOf, quantileOf, sampleOf } from "./Distribution.ts"
import { checkPlan, type EventPlan } from "./EventPlan.ts"
import { InvalidArgument } from "./errors.ts"
import { checkOptions, show } from "./internal/check.ts"
import { countRule, MAX_RUNS } from "./internal/fields.ts"
import {
  type CompiledPlan,
  compilePlan,
  emptyInputs,
  evaluate,
  type Inputs,
  type ScenarioAmounts,
  ticketsFor
} from "./internal/scenario.ts"
import type { Money } from "./Money.ts"
import { type Random, xoshiro128ss } from "./Prng.ts"
import { divide } from "./Rounding.ts"

/**
 * One scenario: units sold, revenue and costs per line, and margin.
 *
 * @category models
 * @since 0.1.0
 */
export interface ForecastScenario {
  /** Tickets sold. */
  readonly tickets: number
  /** VIP add-ons sold. */
  readonly vip: number
  /** Drop bundles sold. */
  readonly drop: number
  /** Remote passes sold. */
  readonly remote: number
  /** Subscribers signed up. */
  readonly subscribers: number
  /** Revenue per line and in total (net of tax). */
  readonly revenue: {
    /** Ticket tiers. */
    readonly tickets: Money
    /** VIP add-ons. */
    readonly vip: Money
    /** Drop bundles. */
    readonly drop: Money
    /** Remote passes. */
    readonly remote: Money
    /** Subscriptions (first charge). */
    readonly subscriptions: Money
    /** Σ of the above. */
    readonly total: Money
  }
  /** Costs per kind and in total. */
  readonly costs: {
    /** Venue, staff, streaming kit… */
    readonly fixed: Money
    /** VIP unit costs. */
    readonly vip: Money
    /** Drop unit costs (merch). */
    readonly drop: Money
    /** Payment provider fees. */
    readonly payment: Money
    /** Σ of the above. */
    readonly total: Money
  }
  /** Revenue − costs. */
  readonly margin: Money
}

/**
 * The spread of an amount over the Monte Carlo runs (nearest-rank percentiles).
 *
 * @category models
 * @since 0.1.0
 */
export interface Spread {
  /** 10th percentile: 1 run in 10 does worse. */
  readonly p10: Money
  /** Median. */
  readonly p50: Money
  /** 90th percentile. */
  readonly p90: Money
  /** Mean, rounded half-even to the minor unit. */
  readonly mean: Money
}

/**
 * One row of the sensitivity table: the margin with one input at its 10th and 90th percentile, the others at base.
 *
 * @category models
 * @since 0.1.0
 */
export interface SensitivityRow {
  /** Input name, e.g. "attendance", "vip.attach", "costs.Venue". */
  readonly input: string
  /** The input's 10th percentile. */
  readonly low: number
  /** The input's 90th percentile. */
  readonly high: number
  /** Margin with the input at `low`. */
  readonly marginAtLow: Money
  /** Margin with the input at `high`. */
  readonly marginAtHigh: Money
  /** |marginAtHigh − marginAtLow|: how much this input moves the margin. */
  readonly swing: Money
}

/**
 * The result of `forecast`.
 *
 * @category models
 * @since 0.1.0
 */
export interface Forecast {
  /** Currency of every amount. */
  readonly currency: string
  /** Monte Carlo runs. */
  readonly runs: number
  /** The base case: every input at its most likely value. */
  readonly base: ForecastScenario
  /** Revenue spread. */
  readonly revenue: Spread
  /** Cost spread. */
  readonly costs: Spread
  /** Margin spread. */
  readonly margin: Spread
  /** Tickets sold, 10th/50th/90th percentile. */
  readonly tickets: { readonly p10: number; readonly p50: number; readonly p90: number }
  /** Share of runs with a negative margin. */
  readonly probabilityOfLoss: number
  /** Fewest tickets (and attendance fraction) with margin ≥ 0 in the base case, or `undefined` if even a sell-out loses money. */
  readonly breakEven: { readonly tickets: number; readonly attendance: number } | undefined
  /** Inputs sorted by how much they move the margin (largest swing first); fixed inputs are left out. */
  readonly sensitivity: ReadonlyArray<SensitivityRow>
}

/**
 * Options of `forecast`.
 *
 * @category models
 * @since 0.1.0
 */
export interface ForecastOptions {
  /** Monte Carlo runs, 1 to 1,000,000 (default 10,000). */
  readonly runs?: number
  /** Seed of the built-in xoshiro128** generator (default 1). Same seed → same forecast. */
  readonly seed?: number | string
  /** Your own uniform [0, 1) source instead of the seeded one. */
  readonly random?: Random
}

const toScenario = (cur: Currency, s: ScenarioAmounts): ForecastScenario => {
  const m = (amount: bigint): Money => ({ amount, currency: cur })
  return {
    tickets: s.tickets,
    vip: s.vip,
    drop: s.drop,
    remote: s.remote,
    subscribers: s.subscribers,
    revenue: {
      tickets: m(s.revenueTickets),
      vip: m(s.revenueVip),
      drop: m(s.revenueDrop),
      remote: m(s.revenueRemote),
      subscriptions: m(s.revenueSubscriptions),
      total: m(s.revenue)
    },
    costs: {
      fixed: m(s.costFixed),
      vip: m(s.costVip),
      drop: m(s.costDrop),
      payment: m(s.costPayment),
      total: m(s.costs)
    },
    margin: m(s.margin)
  }
}

const baseInputs = (c: CompiledPlan): Inputs => {
  const inputs = emptyInputs(c.plan)
  for (const spec of c.specs) spec.set(inputs, mostLikelyOf(spec.distribution))
  return inputs
}

const rank = (n: number, p: number): number => Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))

const spread = (cur: Currency, values: bigint[]): Spread => {
  values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  let total = 0n
  for (const v of values) total += v
  const n = values.length
  const at = (p: number): Money => ({ amount: values[rank(n, p)] as bigint, currency: cur })
  return {
    p10: at(0.1),
    p50: at(0.5),
    p90: at(0.9),
    mean: { amount: divide(total, BigInt(n)), currency: cur }
  }
}

/**
 * Forecasts an event from its plan: the base case, a seeded Monte Carlo spread (p10/p50/p90) of revenue,
 * costs and margin over the uncertain inputs, the break-even attendance and a sensitivity table.
 *
 * Each run draws every uncertain input in a fixed order from the generator, so the same plan and seed
 * always give the same forecast. Money stays in bigint minor units throughout; only the inputs
 * (fractions, counts) are floating point, and unit counts are rounded to whole units.
 *
 * @param plan - A decoded plan (`decodePlan`).
 * @param options - `runs` (default 10,000), `seed` (default 1) or `random`.
 * @returns The forecast.
 * @throws InvalidArgument when an option is wrong (`runs` not an integer from 1 to 1,000,000, a `seed`
 * that is not an integer or text, a `random` that is not a function or returns numbers outside [0, 1));
 * InvalidInput (target "plan") when `plan` does not have the decoded shape (`decodePlan` gives it).
 * @example
 * ```ts
 * import { decodePlan, forecast } from "@microdrop/pricing"
 * const plan = decodePlan(json)
 * if (plan.ok) forecast(plan.value, { runs: 10_000, seed: "launch" }).margin.p10 // => { amount: …n, currency: … }
 * ```
 * @since 0.1.0
 */
export const forecast = (plan: EventPlan, options: ForecastOptions = {}): Forecast => {
  const { runs = 10_000, seed = 1, random: given } = checkOptions(options)
  if (typeof runs !== "number" || !Number.isInteger(runs) || runs < 1 || runs > MAX_RUNS)
    throw new InvalidArgument({
      argument: "options.runs",
      rule: `${countRule(1, MAX_RUNS)}, got ${show(runs)}`
    })
  if (typeof seed !== "string" && !Number.isSafeInteger(seed))
    throw new InvalidArgument({
      argument: "options.seed",
      rule: `must be an integer (its low 32 bits are used) or a string, got ${show(seed)}`
    })
  if (given !== undefined && typeof given !== "function")
    throw new InvalidArgument({
      argument: "options.random",
      rule: `must be a function returning numbers in [0, 1), got ${show(given)}`
    })
  // The built-in generator always returns [0, 1); only a caller's source is checked on every draw.
  const random = given === undefined ? xoshiro128ss(seed as number | string) : checkedRandom(given as Random)
  checkPlan(plan)
  const c = compilePlan(plan)
  const cur = lookupCurrency(plan.currency)
  const base = baseInputs(c)
  const baseCase = evaluate(c, ticketsFor(c, base.attendance), base)

  const revenue: bigint[] = new Array(runs)
  const costs: bigint[] = new Array(runs)
  const margin: bigint[] = new Array(runs)
  const tickets = new Float64Array(runs)
  const inputs = emptyInputs(plan)
  let losses = 0
  for (let r = 0; r < runs; r++) {
    for (const spec of c.specs) spec.set(inputs, sampleOf(spec.distribution, random))
    const s = evaluate(c, ticketsFor(c, inputs.attendance), inputs)
    revenue[r] = s.revenue
    costs[r] = s.costs
    margin[r] = s.margin
    tickets[r] = s.tickets
    if (s.margin < 0n) losses++
  }
  tickets.sort()

  let breakEven: Forecast["breakEven"]
  for (let t = 0; t <= c.maxTickets; t++) {
    if (evaluate(c, t, base).margin >= 0n) {
      breakEven = { tickets: t, attendance: plan.capacity === 0 ? 0 : t / plan.capacity }
      break
    }
  }

  const sensitivity: SensitivityRow[] = []
  for (const spec of c.specs) {
    if (spec.distribution.kind === "fixed") continue
    const low = quantileOf(spec.distribution, 0.1)
    const high = quantileOf(spec.distribution, 0.9)
    const at = (v: number): bigint => {
      const inputs = { ...base, fixed: [...base.fixed] }
      spec.set(inputs, v)
      return evaluate(c, ticketsFor(c, inputs.attendance), inputs).margin
    }
    const mLow = at(low)
    const mHigh = at(high)
    const swing = mHigh > mLow ? mHigh - mLow : mLow - mHigh
    sensitivity.push({
      input: spec.name,
      low,
      high,
      marginAtLow: { amount: mLow, currency: cur },
      marginAtHigh: { amount: mHigh, currency: cur },
      swing: { amount: swing, currency: cur }
    })
  }
  sensitivity.sort((a, b) =>
    a.swing.amount === b.swing.amount
      ? a.input < b.input
        ? -1
        : 1
      : a.swing.amount > b.swing.amount
        ? -1
        : 1
  )

  return {
    currency: cur.code,
    runs,
    base: toScenario(cur, baseCase),
    revenue: spread(cur, revenue),
    costs: spread(cur, costs),
    margin: spread(cur, margin),
    tickets: {
      p10: tickets[rank(runs, 0.1)] as number,
      p50: tickets[rank(runs, 0.5)] as number,
      p90: tickets[rank(runs, 0.9)] as number
    },
    probabilityOfLoss: losses / runs,
    breakEven,
    sensitivity
  }
}
