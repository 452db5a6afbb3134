/** The nearest-rank percentile of `xs` (`p` from 0 to 1): the smallest value with at least p of them at or below it; 0 for none. */
export const percentile = (xs: ReadonlyArray<number>, p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? 0
}
