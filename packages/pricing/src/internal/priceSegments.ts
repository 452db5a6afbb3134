/** Unit prices of a line after price rules: the lowest of list, active early-bird, member and first-N tier prices. */
import type { CompiledProduct } from "./compileCatalog.js"

export interface WorkSegment {
  readonly quantity: number
  readonly price: bigint
  readonly rule: string | undefined
}

export const priceSegments = (
  cp: CompiledProduct,
  quantity: number,
  sold: number,
  now: number,
  member: boolean
): WorkSegment[] => {
  let best = cp.product.price
  let bestRule: string | undefined
  for (const r of cp.constantRules) {
    const active = r.member ? member : now >= r.from && now < r.until
    if (active && r.price < best) {
      best = r.price
      bestRule = r.id
    }
  }
  if (cp.tierRules.length === 0) return [{ quantity, price: best, rule: bestRule }]
  const start = sold
  const end = sold + quantity
  const points = [start, end]
  for (const tr of cp.tierRules)
    for (const t of tr.tiers) if (t.upTo > start && t.upTo < end) points.push(t.upTo)
  points.sort((a, b) => a - b)
  const segments: WorkSegment[] = []
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k] as number
    const b = points[k + 1] as number
    if (b <= a) continue
    let price = best
    let rule = bestRule
    for (const tr of cp.tierRules) {
      const tier = tr.tiers.find((t) => a < t.upTo)
      if (tier !== undefined && tier.price < price) {
        price = tier.price
        rule = tr.id
      }
    }
    const last = segments[segments.length - 1]
    if (last !== undefined && last.price === price && last.rule === rule)
      segments[segments.length - 1] = { quantity: last.quantity + (b - a), price, rule }
    else segments.push({ quantity: b - a, price, rule })
  }
  return segments
}
