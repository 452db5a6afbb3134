/**
 * The fees of a cart: per-item and per-order fees before taxes (so that taxed fees are taxed with the
 * lines), then payment fees on what the buyer pays once taxes are known.
 */
import type { CompiledCatalog, CompiledFee } from "./compileCatalog.ts"
import { applyFraction } from "./fraction.ts"
import type { WorkLine, WorkUnit } from "./work.ts"

export interface WorkFee {
  readonly fee: CompiledFee
  /** The catalog amount × count (tax included in inclusive mode, before tax in exclusive mode); for a
   * payment fee, its amount (percentage of the buyer's total plus the fixed part). */
  readonly amount: bigint
  /** The taxable unit of a fee with a tax class (its `taxes` are filled by `computeTaxes`). */
  readonly unit: WorkUnit | undefined
}

/** Fixed fees of a non-empty cart; a taxed fee carries its taxable `unit`, taxed with the lines. */
export const applyFees = (c: CompiledCatalog, lines: ReadonlyArray<WorkLine>): WorkFee[] => {
  const fees: WorkFee[] = []
  if (lines.length === 0) return fees
  for (const f of c.fees) {
    if (f.kind === "payment") continue
    let count = 1
    if (f.kind === "per-item") {
      count = 0
      for (const l of lines) if (f.skus === undefined || f.skus.has(l.sku)) count += l.quantity
      if (count === 0) continue
    }
    const amount = count === 1 ? f.amount : f.amount * BigInt(count)
    const unit: WorkUnit | undefined =
      f.cls === undefined ? undefined : { sku: f.id, quantity: count, cls: f.cls, amount, taxes: [] }
    fees.push({ fee: f, amount, unit })
  }
  return fees
}

/**
 * Payment fees of a non-empty cart (run after `computeTaxes`): each is its percentage of what the buyer
 * pays — the lines' gross plus the fixed fees, tax included — plus its fixed part. A free order pays
 * none. Never taxed: they are a share of a total that already contains tax.
 */
export const applyPaymentFees = (
  c: CompiledCatalog,
  lines: ReadonlyArray<WorkLine>,
  fixedFees: ReadonlyArray<WorkFee>,
  units: ReadonlyArray<WorkUnit>
): WorkFee[] => {
  const fees: WorkFee[] = []
  if (lines.length === 0) return fees
  // Inclusive: amounts contain their tax. Exclusive: every unit's tax (lines and taxed fees) is on top.
  let base = 0n
  for (const l of lines) base += l.remaining
  for (const f of fixedFees) base += f.amount
  if (c.catalog.tax.mode === "exclusive") for (const u of units) for (const t of u.taxes) base += t
  if (base === 0n) return fees
  for (const f of c.fees)
    if (f.kind === "payment")
      fees.push({
        fee: f,
        amount: applyFraction(base, f.percent, c.roundingMode) + f.amount,
        unit: undefined
      })
  return fees
}
