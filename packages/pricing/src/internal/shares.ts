/** Largest-remainder split of a non-negative amount by non-negative bigint weights (no validation: hot path). */
import { partsBuffer, remainderBuffer, weightBuffer } from "./scratch.ts"

/**
 * Splits `amount` ≥ 0 by `weights` (≥ 0, positive sum): floor shares, then one unit each to the largest
 * remainders, ties to the larger weight, then the earlier index. Leftover units are fewer than the parts.
 */
export const shares = (amount: bigint, weights: ReadonlyArray<bigint>): bigint[] => {
  const n = weights.length
  let total = 0n
  for (let i = 0; i < n; i++) total += weights[i] as bigint
  // Exactness guard: every product amount × weight is at most amount × total; when that (plus one total,
  // for the quotient check below) fits in 2^53, doubles compute every product, quotient and remainder
  // exactly and bigints are only made for the results. Otherwise the bigint path below runs.
  if ((amount + 1n) * total <= MAX_SAFE) return sharesSafe(Number(amount), Number(total), weights, n)
  const parts: bigint[] = new Array(n)
  const remainders: bigint[] = new Array(n)
  let left = amount
  for (let i = 0; i < n; i++) {
    const product = amount * (weights[i] as bigint)
    const share = product / total
    parts[i] = share
    remainders[i] = product - share * total
    left -= share
  }
  if (left === 0n) return parts
  // Past 2^53: sort by remainder (desc), then weight (desc), then index, in bigints.
  const order: number[] = new Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  order.sort((a, b) => {
    const ra = remainders[a] as bigint
    const rb = remainders[b] as bigint
    if (ra !== rb) return ra > rb ? -1 : 1
    const wa = weights[a] as bigint
    const wb = weights[b] as bigint
    if (wa !== wb) return wa > wb ? -1 : 1
    return a - b
  })
  for (let k = 0; left > 0n; k++, left--) {
    const i = order[k] as number
    parts[i] = (parts[i] as bigint) + 1n
  }
  return parts
}

/** `shares` when (amount + 1) × total ≤ 2^53 − 1: the same rule, computed exactly in doubles. */
const sharesSafe = (amount: number, total: number, weights: ReadonlyArray<bigint>, n: number): bigint[] => {
  const w = weightBuffer(n)
  for (let i = 0; i < n; i++) w[i] = Number(weights[i] as bigint)
  const p = splitSafe(amount, total, w, n)
  const parts: bigint[] = new Array(n)
  for (let i = 0; i < n; i++) parts[i] = BigInt(p[i] as number)
  return parts
}

/**
 * The largest-remainder split in doubles, for callers that checked (amount + 1) × total ≤ 2^53 − 1 with
 * total = Σ w[0..n) > 0 (integers ≥ 0). Returns the parts in a scratch buffer, valid until the next call.
 */
export const splitSafe = (amount: number, total: number, w: Float64Array, n: number): Float64Array => {
  const r = remainderBuffer(n)
  const p = partsBuffer(n)
  let left = amount
  for (let i = 0; i < n; i++) {
    const product = amount * (w[i] as number)
    // product and total are integers below 2^53, so product / total is correctly rounded and its floor is
    // the exact integer quotient; the remainder check is a cheap second guard.
    let share = Math.floor(product / total)
    let rem = product - share * total
    if (rem < 0) {
      share -= 1
      rem += total
    } else if (rem >= total) {
      share += 1
      rem -= total
    }
    p[i] = share
    r[i] = rem
    left -= share
  }
  // Pick the best remainder `left` times (left < n): O(n × left) comparisons, no sort and no closures.
  for (; left > 0; left--) {
    let best = -1
    for (let i = 0; i < n; i++) {
      const ri = r[i] as number
      if (ri < 0) continue
      if (best === -1) best = i
      else {
        const rb = r[best] as number
        if (ri > rb || (ri === rb && (w[i] as number) > (w[best] as number))) best = i
      }
    }
    p[best] = (p[best] as number) + 1
    r[best] = -1
  }
  return p
}

export const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)
