/** Chooses the discounts that apply (stacking rules) and shares each over the lines it covers. */

import type { CompiledCatalog, CompiledDiscount } from "./compileCatalog.ts"
import { applyFraction } from "./fraction.ts"
import { weightBuffer } from "./scratch.ts"
import { MAX_SAFE, shares as split, splitSafe } from "./shares.ts"
import { smaller, type WorkLine } from "./work.ts"

/** The discounts that apply: every stackable one plus the single best non-stackable one. */
export const chooseDiscounts = (
  c: CompiledCatalog,
  lines: ReadonlyArray<WorkLine>,
  codes: ReadonlySet<string>
): CompiledDiscount[] => {
  const applicable: CompiledDiscount[] = []
  for (const d of c.discounts) if (d.code === undefined || codes.has(d.code)) applicable.push(d)
  let best: CompiledDiscount | undefined
  let bestSaving = -1n
  for (const d of applicable) {
    if (d.stackable) continue
    let base = 0n
    for (const l of lines) if (d.skus === undefined || d.skus.has(l.sku)) base += l.subtotal
    const saving =
      d.kind === "percent" ? applyFraction(base, d.fraction, "half-even") : smaller(d.amount, base)
    if (saving > bestSaving) {
      best = d
      bestSaving = saving
    }
  }
  const chosen = applicable.filter((d) => d.stackable || d === best)
  return chosen.sort((a, b) => (a.kind === b.kind ? a.index - b.index : a.kind === "percent" ? -1 : 1))
}

export const applyDiscount = (
  c: CompiledCatalog,
  d: CompiledDiscount,
  lines: ReadonlyArray<WorkLine>
): bigint => {
  const eligible: WorkLine[] = []
  const weights: bigint[] = []
  let base = 0n
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as WorkLine
    if ((d.skus === undefined || d.skus.has(l.sku)) && l.remaining > 0n) {
      eligible.push(l)
      weights.push(l.remaining)
      base += l.remaining
    }
  }
  if (base === 0n) return 0n
  const total = d.kind === "percent" ? applyFraction(base, d.fraction, "half-even") : smaller(d.amount, base)
  if (total === 0n) return 0n
  const n = eligible.length
  const currency = c.currency
  if ((total + 1n) * base <= MAX_SAFE) {
    // Exact in doubles (see splitSafe): no bigint weights or parts, a bigint only for each non-zero share.
    const w = weightBuffer(n)
    for (let i = 0; i < n; i++) w[i] = Number(weights[i] as bigint)
    const parts = splitSafe(Number(total), Number(base), w, n)
    for (let i = 0; i < n; i++) {
      const share = parts[i] as number
      if (share === 0) continue
      const l = eligible[i] as WorkLine
      const amount = BigInt(share)
      l.remaining -= amount
      l.discounts.push({ id: d.id, amount: { amount, currency } })
    }
    return total
  }
  const parts = split(total, weights)
  for (let i = 0; i < n; i++) {
    const l = eligible[i] as WorkLine
    const share = parts[i] as bigint
    l.remaining -= share
    if (share > 0n) l.discounts.push({ id: d.id, amount: { amount: share, currency } })
  }
  return total
}
