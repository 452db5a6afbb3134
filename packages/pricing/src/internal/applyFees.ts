/** Per-item and per-order fees of a cart, computed before taxes so that taxed fees are taxed with the lines. */
import type { CompiledCatalog, CompiledFee } from "./compileCatalog.js"
import type { WorkLine, WorkUnit } from "./work.js"

export interface WorkFee {
  readonly fee: CompiledFee
  /** The catalog amount × count (tax included in inclusive mode, before tax in exclusive mode). */
  readonly amount: bigint
  /** The taxable unit of a fee with a tax class (its `taxes` are filled by `computeTaxes`). */
  readonly unit: WorkUnit | undefined
}

/** Fixed fees of a non-empty cart; the units of taxed fees are appended to `units`. */
export const applyFees = (
  c: CompiledCatalog,
  lines: ReadonlyArray<WorkLine>,
  units: WorkUnit[]
): WorkFee[] => {
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
    let unit: WorkUnit | undefined
    if (f.cls !== undefined) {
      unit = { sku: f.id, quantity: count, cls: f.cls, amount, taxes: [] }
      units.push(unit)
    }
    fees.push({ fee: f, amount, unit })
  }
  return fees
}
