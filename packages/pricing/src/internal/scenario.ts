/** The deterministic revenue model of an event plan: one set of inputs → units, revenue, costs, margin. */
import type { Distribution } from "../Distribution.ts"
import type { EventPlan } from "../EventPlan.ts"
import { percent } from "../Ratio.ts"
import { divide } from "../Rounding.ts"

/** One value per uncertain input, in a fixed order. */
export interface Inputs {
  attendance: number
  vipAttach: number
  dropAttach: number
  remoteBuyers: number
  subscribers: number
  readonly fixed: number[]
}

export interface ScenarioAmounts {
  readonly tickets: number
  readonly vip: number
  readonly drop: number
  readonly remote: number
  readonly subscribers: number
  readonly revenueTickets: bigint
  readonly revenueVip: bigint
  readonly revenueDrop: bigint
  readonly revenueRemote: bigint
  readonly revenueSubscriptions: bigint
  readonly revenue: bigint
  readonly costFixed: bigint
  readonly costVip: bigint
  readonly costDrop: bigint
  readonly costPayment: bigint
  readonly costs: bigint
  readonly margin: bigint
}

/** Named uncertain inputs with their distributions, and how to set each in `Inputs`. */
export interface InputSpec {
  readonly name: string
  readonly distribution: Distribution
  readonly set: (inputs: Inputs, value: number) => void
}

export interface CompiledPlan {
  readonly plan: EventPlan
  /** Tickets that can be sold: min(capacity, Σ tier quantities). */
  readonly maxTickets: number
  readonly specs: ReadonlyArray<InputSpec>
  readonly payNum: bigint
  readonly payDen: bigint
  readonly payFixed: bigint
}

const nonNegativeInt = (v: number): number => (v > 0 ? Math.round(v) : 0)

export const compilePlan = (plan: EventPlan): CompiledPlan => {
  const specs: InputSpec[] = [
    {
      name: "attendance",
      distribution: plan.attendance,
      set: (i, v) => {
        i.attendance = v
      }
    }
  ]
  // The optional inputs, in the order their draws are taken (the order is part of a seed's result).
  const optional = (name: string, distribution: Distribution | undefined, set: InputSpec["set"]): void => {
    if (distribution !== undefined) specs.push({ name, distribution, set })
  }
  optional("vip.attach", plan.vip?.attach, (i, v) => {
    i.vipAttach = v
  })
  optional("drop.attach", plan.drop?.attach, (i, v) => {
    i.dropAttach = v
  })
  optional("remote.buyers", plan.remote?.buyers, (i, v) => {
    i.remoteBuyers = v
  })
  optional("subscriptions.subscribers", plan.subscriptions?.subscribers, (i, v) => {
    i.subscribers = v
  })
  plan.costs.fixed.forEach((cost, k) => {
    specs.push({
      name: `costs.${cost.name}`,
      distribution: cost.amount,
      set: (i, v) => {
        i.fixed[k] = v
      }
    })
  })
  const tierTotal = plan.tiers.reduce((s, t) => s + t.quantity, 0)
  const pay = plan.costs.payment
  const r = pay === undefined ? { numerator: 0n, denominator: 1n } : percent(pay.percent)
  return {
    plan,
    maxTickets: Math.min(plan.capacity, tierTotal),
    specs,
    payNum: r.numerator,
    payDen: r.denominator,
    payFixed: pay?.fixed ?? 0n
  }
}

export const emptyInputs = (plan: EventPlan): Inputs => ({
  attendance: 0,
  vipAttach: 0,
  dropAttach: 0,
  remoteBuyers: 0,
  subscribers: 0,
  fixed: plan.costs.fixed.map(() => 0)
})

/** Everything follows from the number of tickets sold and the other inputs. */
export const evaluate = (c: CompiledPlan, ticketsSold: number, inputs: Inputs): ScenarioAmounts => {
  const plan = c.plan
  const tickets = Math.min(c.maxTickets, nonNegativeInt(ticketsSold))
  let revenueTickets = 0n
  let left = tickets
  for (const tier of plan.tiers) {
    if (left === 0) break
    const take = Math.min(left, tier.quantity)
    revenueTickets += tier.price * BigInt(take)
    left -= take
  }
  const cap = (units: number, stock: number | undefined) =>
    stock !== undefined && units > stock ? stock : units
  const vip = plan.vip === undefined ? 0 : cap(nonNegativeInt(tickets * inputs.vipAttach), plan.vip.stock)
  const drop = plan.drop === undefined ? 0 : cap(nonNegativeInt(tickets * inputs.dropAttach), plan.drop.stock)
  const remote = plan.remote === undefined ? 0 : nonNegativeInt(inputs.remoteBuyers)
  const subscribers = plan.subscriptions === undefined ? 0 : nonNegativeInt(inputs.subscribers)
  const revenueVip = plan.vip === undefined ? 0n : plan.vip.price * BigInt(vip)
  const revenueDrop = plan.drop === undefined ? 0n : plan.drop.price * BigInt(drop)
  const revenueRemote = plan.remote === undefined ? 0n : plan.remote.price * BigInt(remote)
  const revenueSubscriptions =
    plan.subscriptions === undefined ? 0n : plan.subscriptions.price * BigInt(subscribers)
  const revenue = revenueTickets + revenueVip + revenueDrop + revenueRemote + revenueSubscriptions
  let costFixed = 0n
  for (const v of inputs.fixed) costFixed += BigInt(nonNegativeInt(v))
  const costVip = (plan.vip?.unitCost ?? 0n) * BigInt(vip)
  const costDrop = (plan.drop?.unitCost ?? 0n) * BigInt(drop)
  const orders = BigInt(tickets + remote + subscribers)
  const costPayment = divide(revenue * c.payNum, c.payDen) + c.payFixed * orders
  const costs = costFixed + costVip + costDrop + costPayment
  return {
    tickets,
    vip,
    drop,
    remote,
    subscribers,
    revenueTickets,
    revenueVip,
    revenueDrop,
    revenueRemote,
    revenueSubscriptions,
    revenue,
    costFixed,
    costVip,
    costDrop,
    costPayment,
    costs,
    margin: revenue - costs
  }
}

/** Tickets sold for an attendance fraction. */
export const ticketsFor = (c: CompiledPlan, attendance: number): number => {
  const a = Math.min(1, Math.max(0, attendance))
  return Math.round(a * c.plan.capacity)
}
