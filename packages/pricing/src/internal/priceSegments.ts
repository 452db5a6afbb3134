/** Unit prices of a line after price rules: the lowest of list, active early-bird, member and first-N tier prices. */
import type { Money } from "../Money.ts"
import type { PriceSegment } from "../QuoteModel.ts"
import type { CompiledProduct } from "./compileCatalog.ts"

/** Returns the segments in their public shape, with unit prices shared from the compiled catalog. */
export const priceSegments = (
  cp: CompiledProduct,
  quantity: number,
  sold: Readonly<Record<string, number>> | undefined,
  now: number,
  member: boolean
): PriceSegment[] => {
  let best: Money = cp.listPrice
  let bestRule: string | undefined
  for (const r of cp.constantRules) {
    const active = r.member ? member : now >= r.from && now < r.until
    if (active && r.price < best.amount) {
      best = r.unitPrice
      bestRule = r.id
    }
  }
  if (cp.tierRules.length === 0) return [{ quantity, unitPrice: best, rule: bestRule }]
  // Units already sold are looked up only for products with first-N tiers.
  const start = sold?.[cp.product.sku] ?? 0
  const end = start + quantity
  const points = [start, end]
  for (const tr of cp.tierRules)
    for (const t of tr.tiers) if (t.upTo > start && t.upTo < end) points.push(t.upTo)
  points.sort((a, b) => a - b)
  const segments: PriceSegment[] = []
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k] as number
    const b = points[k + 1] as number
    if (b <= a) continue
    let unitPrice = best
    let rule = bestRule
    for (const tr of cp.tierRules) {
      const tier = tr.tiers.find((t) => a < t.upTo)
      if (tier !== undefined && tier.price < unitPrice.amount) {
        unitPrice = tier.unitPrice
        rule = tr.id
      }
    }
    const last = segments[segments.length - 1]
    if (last !== undefined && last.unitPrice.amount === unitPrice.amount && last.rule === rule)
      segments[segments.length - 1] = { quantity: last.quantity + (b - a), unitPrice, rule }
    else segments.push({ quantity: b - a, unitPrice, rule })
  }
  return segments
}
