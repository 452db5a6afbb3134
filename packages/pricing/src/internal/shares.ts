/** Largest-remainder split of a non-negative amount by non-negative bigint weights (no validation: hot path). */

/**
 * Splits `amount` ≥ 0 by `weights` (≥ 0, positive sum): floor shares, then one unit each to the largest
 * remainders, ties to the larger weight, then the earlier index. Leftover units are fewer than the parts.
 */
export const shares = (amount: bigint, weights: ReadonlyArray<bigint>): bigint[] => {
  const n = weights.length
  let total = 0n
  for (let i = 0; i < n; i++) total += weights[i] as bigint
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
  const before = (a: number, b: number): boolean => {
    const ra = remainders[a] as bigint
    const rb = remainders[b] as bigint
    if (ra !== rb) return ra > rb
    const wa = weights[a] as bigint
    const wb = weights[b] as bigint
    if (wa !== wb) return wa > wb
    return a < b
  }
  if (left <= 4n) {
    // A few units left (the usual case): pick the best remaining part each time, O(n) per unit.
    const taken: boolean[] = new Array(n).fill(false)
    for (; left > 0n; left--) {
      let best = -1
      for (let i = 0; i < n; i++) if (!taken[i] && (best === -1 || before(i, best))) best = i
      taken[best] = true
      parts[best] = (parts[best] as bigint) + 1n
    }
    return parts
  }
  const order = Array.from({ length: n }, (_, i) => i)
  order.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0))
  for (let k = 0; left > 0n; k++, left--) {
    const i = order[k] as number
    parts[i] = (parts[i] as bigint) + 1n
  }
  return parts
}
