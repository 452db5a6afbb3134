/** Turns the working lines into the public `Quote`: Money values, per-rate taxes, fees and totals. */
import type { Money } from "../Money.js"
import type { AppliedDiscount, AppliedFee, AppliedTax, BundlePart, Quote, QuoteLine } from "../Quote.js"
import { divide } from "../Rounding.js"
import type { CompiledCatalog, CompiledDiscount, CompiledRate } from "./compileCatalog.js"
import { sumOf, type WorkLine, type WorkUnit } from "./work.js"

/** Shared (and frozen) by every line that is not a bundle. */
const NO_PARTS: ReadonlyArray<BundlePart> = Object.freeze([])

export const assembleQuote = (
  c: CompiledCatalog,
  lines: ReadonlyArray<WorkLine>,
  appliedDiscounts: ReadonlyArray<{ d: CompiledDiscount; amount: bigint }>
): Quote => {
  const currency = c.currency
  const m = (amount: bigint): Money => ({ amount, currency })
  const inclusive = c.catalog.tax.mode === "inclusive"
  const rateCount = c.rates.length
  const rateTax: bigint[] = new Array(rateCount).fill(0n)
  const rateBase: bigint[] = new Array(rateCount).fill(0n)
  const rateUsed: boolean[] = new Array(rateCount).fill(false)
  let subtotal = 0n
  let discount = 0n
  let net = 0n
  let tax = 0n
  let units = 0
  const unitTaxes = (u: WorkUnit | undefined): Array<{ readonly id: string; readonly amount: Money }> => {
    if (u === undefined) return []
    const rates = u.cls.rates
    const out = new Array(rates.length)
    for (let j = 0; j < rates.length; j++)
      out[j] = { id: (rates[j] as CompiledRate).id, amount: m(u.taxes[j] as bigint) }
    return out
  }
  const quoteLines: QuoteLine[] = lines.map((l) => {
    let lineTax = 0n
    const bundle = l.cp.components.length > 0
    const parts: BundlePart[] | undefined = bundle ? [] : undefined
    // Tax per rate of this line, in the order the rates first appear in its units.
    const perRate: Array<{ id: string; index: number; amount: bigint }> = []
    for (const u of l.units) {
      const uTax = sumOf(u.taxes)
      const uNet = inclusive ? u.amount - uTax : u.amount
      lineTax += uTax
      const rates = u.cls.rates
      for (let j = 0; j < rates.length; j++) {
        const r = rates[j] as CompiledRate
        const t = u.taxes[j] as bigint
        rateTax[r.index] = (rateTax[r.index] as bigint) + t
        rateBase[r.index] = (rateBase[r.index] as bigint) + uNet
        rateUsed[r.index] = true
        if (bundle) {
          const seen = perRate.find((x) => x.index === r.index)
          if (seen === undefined) perRate.push({ id: r.id, index: r.index, amount: t })
          else seen.amount += t
        }
      }
      if (parts !== undefined)
        parts.push({
          sku: u.sku,
          quantity: u.quantity,
          taxClass: u.cls.name,
          amount: m(u.amount),
          net: m(uNet),
          tax: m(uTax),
          gross: m(uNet + uTax),
          taxes: u.cls.rates.map((r, j) => ({ id: r.id, amount: m(u.taxes[j] as bigint) }))
        })
    }
    const lineDiscount = l.subtotal - l.remaining
    const lineNet = inclusive ? l.remaining - lineTax : l.remaining
    subtotal += l.subtotal
    discount += lineDiscount
    net += lineNet
    tax += lineTax
    units += l.quantity
    const p = l.cp.product
    return {
      sku: l.sku,
      name: p.name,
      kind: p.kind,
      quantity: l.quantity,
      listPrice: m(p.price),
      segments: l.segments.map((s) => ({ quantity: s.quantity, unitPrice: m(s.price), rule: s.rule })),
      subtotal: m(l.subtotal),
      discounts: l.discounts.map((d) => ({ id: d.id, amount: m(d.amount) })),
      discount: m(lineDiscount),
      amount: m(l.remaining),
      net: m(lineNet),
      tax: m(lineTax),
      gross: m(lineNet + lineTax),
      taxes: bundle ? perRate.map((x) => ({ id: x.id, amount: m(x.amount) })) : unitTaxes(l.units[0]),
      parts: parts ?? NO_PARTS
    }
  })
  const gross = net + tax
  const fees: AppliedFee[] = []
  let charged = 0n
  let absorbed = 0n
  let paymentFees = 0n
  if (lines.length > 0) {
    const catalogFees = c.catalog.fees ?? []
    for (const f of catalogFees) {
      if (f.kind === "per-item") {
        const count =
          f.skus === undefined
            ? units
            : lines.filter((l) => f.skus?.includes(l.sku)).reduce((s, l) => s + l.quantity, 0)
        if (count === 0) continue
        const amount = f.amount * BigInt(count)
        charged += amount
        fees.push({ id: f.id, name: f.name, kind: f.kind, amount: m(amount), absorbed: false })
      } else if (f.kind === "per-order") {
        charged += f.amount
        fees.push({ id: f.id, name: f.name, kind: f.kind, amount: m(f.amount), absorbed: false })
      }
    }
    const base = gross + charged
    let payment = 0n
    for (const f of catalogFees) {
      // Nothing is paid on a free order, so no payment fee either.
      if (f.kind !== "payment" || base === 0n) continue
      const r = percentOf(f.percent)
      const amount = divide(base * r.numerator, r.denominator, c.roundingMode) + f.fixed
      const isAbsorbed = f.absorbed ?? false
      paymentFees += amount
      if (isAbsorbed) absorbed += amount
      else payment += amount
      fees.push({ id: f.id, name: f.name, kind: f.kind, amount: m(amount), absorbed: isAbsorbed })
    }
    charged += payment
  }
  const discounts: AppliedDiscount[] = appliedDiscounts.map(({ d, amount }) => ({
    id: d.id,
    name: d.name,
    code: d.code,
    amount: m(amount)
  }))
  const taxes: AppliedTax[] = c.rates
    .filter((r) => rateUsed[r.index])
    .map((r) => ({
      id: r.id,
      name: r.name,
      rate: r.rate,
      base: m(rateBase[r.index] as bigint),
      amount: m(rateTax[r.index] as bigint)
    }))
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
      total: m(total),
      absorbedFees: m(absorbed),
      paymentFees: m(paymentFees),
      payout: m(total - paymentFees)
    }
  }
}

const percentCache = new Map<string, { numerator: bigint; denominator: bigint }>()
const percentOf = (text: string): { numerator: bigint; denominator: bigint } => {
  let r = percentCache.get(text)
  if (r === undefined) {
    const [int = "0", frac = ""] = text.split(".")
    r = { numerator: BigInt(int + frac), denominator: 100n * 10n ** BigInt(frac.length) }
    percentCache.set(text, r)
  }
  return r
}
