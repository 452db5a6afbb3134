/**
 * A fixed-size window of the most recent latency samples with percentile queries, cheap enough to
 * record once per forwarded packet.
 *
 * @since 0.1.0
 */

/**
 * The most recent latency samples (milliseconds) and their percentiles.
 *
 * @category models
 * @since 0.1.0
 */
export interface LatencyWindow {
  /** Adds one sample in milliseconds (overwrites the oldest once the window is full). */
  readonly record: (ms: number) => void
  /** The p-th percentile (0 ≤ p ≤ 1, nearest rank) of the samples in the window, or 0 when empty. */
  readonly percentile: (p: number) => number
  /** Samples currently held. */
  readonly size: () => number
}

/**
 * Makes a latency window.
 *
 * @param capacity - How many recent samples to keep (default 512: about the last 10 s of 50 packet/s audio).
 * @returns An empty {@link LatencyWindow}.
 * @example
 * ```ts
 * import { makeLatencyWindow } from "@microdrop/relay"
 * const w = makeLatencyWindow(4)
 * for (const ms of [1, 2, 3, 4, 5]) w.record(ms)
 * w.percentile(0.5)
 * // => 3
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const makeLatencyWindow = (capacity = 512): LatencyWindow => {
  const samples = new Float64Array(capacity)
  let next = 0
  let count = 0
  return {
    record: (ms) => {
      samples[next] = ms
      next = next + 1 === capacity ? 0 : next + 1
      if (count < capacity) count++
    },
    percentile: (p) => {
      if (count === 0) return 0
      const sorted = samples.slice(0, count).sort()
      const rank = Math.min(count - 1, Math.max(0, Math.ceil(p * count) - 1))
      return sorted[rank] ?? 0
    },
    size: () => count
  }
}
