/**
 * The event plan Schema: capacity, ticket tiers, attach rates, costs and the uncertain inputs of a forecast.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { DistributionSchema } from "./Distribution.ts"
import type { InvalidInput } from "./errors.ts"
import { Count, CurrencyCode, MAX_CAPACITY, MinorUnits, Percent, Sku } from "./internal/fields.ts"
import { decodeWith } from "./internal/schemaIssues.ts"
import type { Result } from "./Result.ts"

const Add = (unit: string) =>
  Schema.Struct({
    /** SKU of this line in actual orders (for `compareForecast`). */
    sku: Schema.optionalKey(Sku),
    /** Price per unit, minor units, net of tax. */
    price: MinorUnits,
    /** Units available (omit for unlimited). */
    stock: Schema.optionalKey(Count(0)),
    /** Cost per unit sold (merch, headphones), minor units. */
    unitCost: Schema.optionalKey(MinorUnits),
    /** Units bought per ticket sold (a distribution). */
    attach: DistributionSchema.annotate({ description: `${unit} per ticket` })
  })

/**
 * The event plan Schema. Prices and costs are minor units net of tax; rates are fractions (0.3 = 30 %);
 * uncertain inputs are distributions (or plain numbers).
 *
 * @category schemas
 * @since 0.1.0
 */
export const EventPlanSchema = Schema.Struct({
  /** ISO 4217 code of every amount. */
  currency: CurrencyCode,
  /** In-room capacity (tickets). */
  capacity: Count(0, MAX_CAPACITY),
  /** Ticket tiers, sold in order (e.g. 30 early at €12, then general at €15). */
  tiers: Schema.NonEmptyArray(
    Schema.Struct({
      name: Schema.NonEmptyString,
      sku: Schema.optionalKey(Sku),
      price: MinorUnits,
      quantity: Count(0)
    })
  ),
  /** Fraction of capacity sold, 0–1. */
  attendance: DistributionSchema,
  /** VIP headphone add-on (per ticket). */
  vip: Schema.optionalKey(Add("add-ons")),
  /** Micro-drop bundle (per attendee). */
  drop: Schema.optionalKey(Add("bundles")),
  /** Remote passes. */
  remote: Schema.optionalKey(
    Schema.Struct({ sku: Schema.optionalKey(Sku), price: MinorUnits, buyers: DistributionSchema })
  ),
  /** Subscriptions sold at the event: `price` is the first charge (count later renewals elsewhere). */
  subscriptions: Schema.optionalKey(
    Schema.Struct({ sku: Schema.optionalKey(Sku), price: MinorUnits, subscribers: DistributionSchema })
  ),
  /** Costs. */
  costs: Schema.Struct({
    /** Venue, staff, streaming kit…: name and amount in minor units (a number or a distribution). */
    fixed: Schema.Array(Schema.Struct({ name: Schema.NonEmptyString, amount: DistributionSchema })),
    /** Payment provider: percent of revenue plus a fixed amount per order. */
    payment: Schema.optionalKey(Schema.Struct({ percent: Percent, fixed: MinorUnits }))
  })
})

/**
 * A decoded event plan.
 *
 * @category models
 * @since 0.1.0
 */
export type EventPlan = typeof EventPlanSchema.Type

/**
 * An event plan as written in JSON.
 *
 * @category models
 * @since 0.1.0
 */
export type EventPlanInput = typeof EventPlanSchema.Encoded

/**
 * Decodes an event plan.
 *
 * @param input - Anything; typically a parsed JSON file.
 * @returns `{ ok: true, value: EventPlan }`, or `{ ok: false, error: InvalidInput }` naming each field and rule.
 * @example
 * ```ts
 * import { decodePlan } from "@microdrop/pricing"
 * decodePlan({ currency: "EUR", capacity: -1 }).ok // => false
 * ```
 * @since 0.1.0
 */
export const decodePlan: (input: unknown) => Result<EventPlan, InvalidInput> = decodeWith(
  Schema.decodeUnknownResult(EventPlanSchema),
  "plan"
)

const validPlan = decodeWith(Schema.decodeUnknownResult(Schema.toType(EventPlanSchema)), "plan")

/**
 * Throws the `InvalidInput` that `decodePlan` would give unless `plan` has the decoded shape (a plan
 * built by hand, or `undefined`, is refused by name instead of failing deep inside the forecast).
 * Checked once per plan object.
 *
 * @internal
 */
export const checkPlan = (plan: unknown): EventPlan => {
  if (typeof plan === "object" && plan !== null && checkedPlans.has(plan)) return plan as EventPlan
  const r = validPlan(plan)
  if (!r.ok) throw r.error
  checkedPlans.add(plan as object)
  return plan as EventPlan
}

/** Plans already checked (decoded plans are read-only), so a forecast loop pays for the check once. */
const checkedPlans = new WeakSet<object>()
