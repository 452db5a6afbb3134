/** Splits lines into taxable units (bundles by component list price) and computes tax per rate. */

import type { CompiledCatalog, CompiledClass } from "./compileCatalog.ts"
import { applyFraction } from "./fraction.ts"
import { shares as split } from "./shares.ts"
import { sumOf, type WorkLine, type WorkUnit } from "./work.ts"

/** Splits each line into taxable units: the line itself, or a bundle's components by list price. */
export const taxUnits = (line: WorkLine): WorkUnit[] => {
  const comps = line.cp.components
  if (comps.length === 0)
    return [
      { sku: line.sku, quantity: line.quantity, cls: line.cp.taxClass, amount: line.remaining, taxes: [] }
    ]
  const shares = split(
    line.remaining,
    comps.map((c) => c.weight)
  )
  return comps.map((c, i) => ({
    sku: c.product.product.sku,
    quantity: line.quantity * c.quantity,
    cls: c.product.taxClass,
    amount: shares[i] as bigint,
    taxes: []
  }))
}

export const computeTaxes = (c: CompiledCatalog, units: ReadonlyArray<WorkUnit>): void => {
  const inclusive = c.catalog.tax.mode === "inclusive"
  const mode = c.roundingMode
  if (c.catalog.tax.rounding === "line") {
    for (const u of units)
      for (const r of u.cls.rates)
        u.taxes.push(applyFraction(u.amount, inclusive ? r.inclusive : r.exclusive, mode))
  } else {
    const byClass = new Map<CompiledClass, WorkUnit[]>()
    for (const u of units) {
      const list = byClass.get(u.cls)
      if (list === undefined) byClass.set(u.cls, [u])
      else list.push(u)
    }
    for (const [cls, members] of byClass) {
      const base = sumOf(members.map((u) => u.amount))
      for (const r of cls.rates) {
        const total = applyFraction(base, inclusive ? r.inclusive : r.exclusive, mode)
        const shares =
          base === 0n
            ? members.map(() => 0n)
            : split(
                total,
                members.map((u) => u.amount)
              )
        members.forEach((u, i) => {
          u.taxes.push(shares[i] as bigint)
        })
      }
    }
  }
  if (inclusive)
    // Directed rounding ("up", "ceil") on several tiny rates could round past the price itself: cap it.
    for (const u of units) {
      let excess = sumOf(u.taxes) - u.amount
      for (let j = u.taxes.length - 1; excess > 0n && j >= 0; j--) {
        const cut = (u.taxes[j] as bigint) < excess ? (u.taxes[j] as bigint) : excess
        u.taxes[j] = (u.taxes[j] as bigint) - cut
        excess -= cut
      }
    }
}
