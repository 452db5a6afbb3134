/** Turns the working lines into the public `Quote`: Money values, per-rate taxes, fees and totals. */
import type { Money } from "../Money.ts"
import type {
  AppliedDiscount,
  AppliedFee,
  AppliedTax,
  BundlePart,
  LineTax,
  Quote,
  QuoteLine
} from "../QuoteModel.ts"
import type { WorkFee } from "./applyFees.ts"
import type { CompiledCatalog, CompiledDiscount, CompiledRate } from "./compileCatalog.ts"
import type { WorkLine, WorkUnit } from "./work.ts"

/** Shared (and frozen) by every line that is not a bundle. */
const NO_PARTS: ReadonlyArray<BundlePart> = Object.freeze([])
/** Shared (and frozen) by every line or part whose class has no rates. */
const NO_TAXES: ReadonlyArray<LineTax> = Object.freeze([])

/** The tax of a unit: the sum of its taxes per rate. */
const taxOf = (u: WorkUnit): bigint => {
  const taxes = u.taxes
  if (taxes.length === 0) return 0n
  let t = taxes[0] as bigint
  for (let j = 1; j < taxes.length; j++) t += taxes[j] as bigint
  return t
}

/**
 * Money values are immutable, so one object serves every field with the same amount (a line's `amount`
 * and `gross` in inclusive mode, a single rate's tax and the line's tax, list and unit prices): a
 * quote builds about half the objects it would otherwise.
 */
export const assembleQuote = (
  c: CompiledCatalog,
  lines: ReadonlyArray<WorkLine>,
  appliedDiscounts: ReadonlyArray<{ d: CompiledDiscount; amount: bigint }>,
  workFees: ReadonlyArray<WorkFee>,
  payments: ReadonlyArray<WorkFee>
): Quote => {
  const currency = c.currency
  const zero = c.zero
  const m = (amount: bigint): Money => (amount === 0n ? zero : { amount, currency })
  const inclusive = c.catalog.tax.mode === "inclusive"
  const rateCount = c.rates.length
  const rateTax: bigint[] = new Array(rateCount).fill(0n)
  const rateBase: bigint[] = new Array(rateCount).fill(0n)
  const rateUsed: boolean[] = new Array(rateCount).fill(false)
  let subtotal = 0n
  let discount = 0n
  let net = 0n
  let tax = 0n
  /** Adds a unit's taxes to the per-rate totals and returns them as `LineTax` values. */
  const unitTaxes = (u: WorkUnit): ReadonlyArray<LineTax> => {
    const rates = u.cls.rates
    if (rates.length === 0) return NO_TAXES
    const uTax = taxOf(u)
    const uNet = inclusive ? u.amount - uTax : u.amount
    const out: LineTax[] = new Array(rates.length)
    for (let j = 0; j < rates.length; j++) {
      const r = rates[j] as CompiledRate
      const t = u.taxes[j] as bigint
      rateTax[r.index] = (rateTax[r.index] as bigint) + t
      rateBase[r.index] = (rateBase[r.index] as bigint) + uNet
      rateUsed[r.index] = true
      out[j] = { id: r.id, amount: m(t) }
    }
    return out
  }
  const quoteLines: QuoteLine[] = new Array(lines.length)
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as WorkLine
    const amount = m(l.remaining)
    let taxes: ReadonlyArray<LineTax>
    let parts: ReadonlyArray<BundlePart> = NO_PARTS
    let lineTax = 0n
    if (l.cp.components.length === 0) {
      const u = l.units[0] as WorkUnit
      taxes = unitTaxes(u)
      lineTax = taxOf(u)
    } else {
      // Tax per rate of the bundle, in the order the rates first appear in its parts.
      const perRate: Array<{ id: string; index: number; amount: bigint }> = []
      const bundleParts: BundlePart[] = new Array(l.units.length)
      for (let k = 0; k < l.units.length; k++) {
        const u = l.units[k] as WorkUnit
        const partTaxes = unitTaxes(u)
        const uTax = taxOf(u)
        lineTax += uTax
        const rates = u.cls.rates
        for (let j = 0; j < rates.length; j++) {
          const r = rates[j] as CompiledRate
          const t = u.taxes[j] as bigint
          const seen = perRate.find((x) => x.index === r.index)
          if (seen === undefined) perRate.push({ id: r.id, index: r.index, amount: t })
          else seen.amount += t
        }
        const uNet = inclusive ? u.amount - uTax : u.amount
        bundleParts[k] = {
          sku: u.sku,
          quantity: u.quantity,
          taxClass: u.cls.name,
          amount: m(u.amount),
          net: m(uNet),
          tax: m(uTax),
          gross: m(uNet + uTax),
          taxes: partTaxes
        }
      }
      taxes = perRate.length === 0 ? NO_TAXES : perRate.map((x) => ({ id: x.id, amount: m(x.amount) }))
      parts = bundleParts
    }
    const lineDiscount = l.subtotal === l.remaining ? 0n : l.subtotal - l.remaining
    const lineNet = inclusive ? l.remaining - lineTax : l.remaining
    subtotal += l.subtotal
    discount += lineDiscount
    net += lineNet
    tax += lineTax
    const p = l.cp.product
    const single = l.segments.length === 1 && l.quantity === 1
    quoteLines[i] = {
      sku: l.sku,
      name: p.name,
      kind: p.kind,
      quantity: l.quantity,
      listPrice: l.cp.listPrice,
      segments: l.segments,
      subtotal: lineDiscount === 0n ? amount : single ? (l.segments[0]?.unitPrice as Money) : m(l.subtotal),
      discounts: l.discounts,
      discount: l.discounts.length === 1 ? (l.discounts[0]?.amount as Money) : m(lineDiscount),
      amount,
      net: lineTax === 0n || !inclusive ? amount : m(lineNet),
      tax: taxes.length === 1 ? (taxes[0]?.amount as Money) : m(lineTax),
      gross: lineTax === 0n || inclusive ? amount : m(lineNet + lineTax),
      taxes,
      parts
    }
  }
  const gross = net + tax
  const fees: AppliedFee[] = []
  let charged = 0n
  let feeTax = 0n
  let absorbed = 0n
  let paymentFees = 0n
  for (const w of workFees) {
    const f = w.fee
    let amount: Money
    let feeNet: Money
    let taxes: ReadonlyArray<LineTax> = NO_TAXES
    let t = 0n
    if (w.unit === undefined) {
      amount = m(w.amount)
      feeNet = amount
    } else {
      taxes = unitTaxes(w.unit)
      t = taxOf(w.unit)
      // Inclusive: the catalog amount contains the tax. Exclusive: the tax is added on top.
      amount = inclusive ? m(w.amount) : m(w.amount + t)
      feeNet = inclusive ? m(w.amount - t) : m(w.amount)
    }
    feeTax += t
    charged += amount.amount
    fees.push({
      id: f.id,
      name: f.name,
      kind: f.kind,
      amount,
      absorbed: false,
      taxClass: w.unit?.cls.name,
      net: feeNet,
      tax: taxes.length === 1 ? (taxes[0]?.amount as Money) : m(t),
      taxes
    })
  }
  let payment = 0n
  for (const w of payments) {
    const f = w.fee
    const amount = m(w.amount)
    paymentFees += w.amount
    if (f.absorbed) absorbed += w.amount
    else payment += w.amount
    fees.push({
      id: f.id,
      name: f.name,
      kind: f.kind,
      amount,
      absorbed: f.absorbed,
      taxClass: undefined,
      net: amount,
      tax: zero,
      taxes: NO_TAXES
    })
  }
  charged += payment
  const discounts: AppliedDiscount[] = appliedDiscounts.map(({ d, amount }) => ({
    id: d.id,
    name: d.name,
    code: d.code,
    amount: m(amount)
  }))
  const taxes: AppliedTax[] = []
  for (const r of c.rates)
    if (rateUsed[r.index])
      taxes.push({
        id: r.id,
        name: r.name,
        rate: r.rate,
        base: m(rateBase[r.index] as bigint),
        amount: m(rateTax[r.index] as bigint)
      })
  const total = gross + charged
  return {
    currency: currency.code,
    taxMode: c.catalog.tax.mode,
    lines: quoteLines,
    discounts,
    fees,
    taxes,
    totals: {
      subtotal: m(subtotal),
      discount: m(discount),
      net: m(net),
      tax: m(tax),
      gross: m(gross),
      fees: m(charged),
      feeTax: m(feeTax),
      total: m(total),
      absorbedFees: m(absorbed),
      paymentFees: m(paymentFees),
      payout: m(total - paymentFees)
    }
  }
}
