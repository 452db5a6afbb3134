/**
 * Every piece of module-level mutable state of the quote pipeline, in one place: reused buffers and
 * counters that save allocations on the hot path (a quote takes about 10 µs, so a few typed arrays or
 * a Date parse per call would be a measurable share of it).
 *
 * Why it is safe:
 * - Every user is synchronous and finishes with the state before it returns: nothing here is held
 *   across an `await`, a callback or a call into code outside this package, so no other quote can run
 *   in between (JavaScript runs one call stack per thread; worker threads load their own copy of this
 *   module).
 * - No user is re-entered: the functions that take a buffer or a mark do not call one another while
 *   they hold it.
 * - What outlives a call depends only on its key (the last instant parsed is valid for its text), or is
 *   a counter whose stale marks can only cause extra work, never a wrong answer (see `nextEpoch`).
 */

// --- The last instant parsed: quotes in a burst share their `now`, and parsing is not free. ---------

let instantText: string | undefined
let instantMs = 0

/** Epoch milliseconds of `text` if it is the last valid instant remembered, else `undefined`. */
export const rememberedInstant = (text: unknown): number | undefined =>
  typeof text === "string" && text === instantText ? instantMs : undefined

/** Remembers a valid instant and its epoch milliseconds. */
export const rememberInstant = (text: string, ms: number): void => {
  instantText = text
  instantMs = ms
}

// --- Marks of the products seen in the current cart (`seen[index] === epoch`). ---------------------

let epoch = 0

/**
 * A fresh mark for `CompiledCatalog.seen`, so repeated SKUs are found without allocating. The counter
 * wraps to 1, and the caller then clears its marks; another catalog's stale mark can then only report
 * duplicates that are not there, and merging a cart without duplicates gives the same lines: a wasted
 * merge, never a wrong quote.
 */
export const nextEpoch = (): number => {
  epoch = epoch === 0x7fffffff ? 1 : epoch + 1
  return epoch
}

// --- Buffers of the largest-remainder split in doubles (`shares.ts`). -------------------------------

let remainders = new Float64Array(64)
let weights = new Float64Array(64)
let parts = new Float64Array(64)

/** Grows the three split buffers together to hold at least `n` entries. */
const ensure = (n: number): void => {
  if (weights.length >= n) return
  remainders = new Float64Array(n * 2)
  weights = new Float64Array(n * 2)
  parts = new Float64Array(n * 2)
}

/** The weights buffer, at least `n` long (valid until the next split). */
export const weightBuffer = (n: number): Float64Array => {
  ensure(n)
  return weights
}

/** The remainders buffer, at least `n` long (valid until the next split). */
export const remainderBuffer = (n: number): Float64Array => {
  ensure(n)
  return remainders
}

/** The parts buffer, at least `n` long (valid until the next split; `splitSafe` returns it). */
export const partsBuffer = (n: number): Float64Array => {
  ensure(n)
  return parts
}
