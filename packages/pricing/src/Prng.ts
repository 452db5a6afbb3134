/**
 * A small seeded pseudo-random generator (xoshiro128**, seeded through splitmix32) for reproducible simulations.
 *
 * @since 0.1.0
 */

import { InvalidArgument } from "./errors.ts"
import { show } from "./internal/check.ts"

/**
 * A source of uniform numbers in [0, 1). Pass your own to `forecast` to control randomness.
 *
 * @category models
 * @since 0.1.0
 */
export type Random = () => number

/** Hashes a string seed to 32 bits (FNV-1a), so "launch-2026" is as good a seed as 42. */
const hashSeed = (seed: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/**
 * xoshiro128** (Blackman & Vigna): fast, 128 bits of state, period 2^128 − 1; not for secrets.
 *
 * The state is filled by splitmix32 from the seed, so nearby seeds give unrelated streams, and the same
 * seed always gives the same stream on every platform (32-bit integer arithmetic only).
 *
 * @param seed - A number (its low 32 bits are used) or a string.
 * @returns A function returning uniform numbers in [0, 1) with 32 bits of randomness.
 * @throws InvalidArgument when `seed` is not an integer (NaN, 1.5) or a string.
 * @example
 * ```ts
 * import { xoshiro128ss } from "@microdrop/pricing"
 * const a = xoshiro128ss(42)
 * const b = xoshiro128ss(42)
 * a() === b() // => true
 * ```
 * @since 0.1.0
 */
export const xoshiro128ss = (seed: number | string): Random => {
  if (typeof seed !== "string" && !Number.isSafeInteger(seed))
    throw new InvalidArgument({
      argument: "seed",
      rule: `must be an integer (its low 32 bits are used) or a string, got ${show(seed)}`
    })
  let x = typeof seed === "string" ? hashSeed(seed) : seed >>> 0
  const splitmix32 = (): number => {
    x = (x + 0x9e3779b9) | 0
    let z = x
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
  let a = splitmix32()
  let b = splitmix32()
  let c = splitmix32()
  let d = splitmix32()
  if ((a | b | c | d) === 0) a = 1
  return () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0
    const t = b << 9
    c ^= a
    d ^= b
    b ^= c
    a ^= d
    c ^= t
    d = rotl(d, 11)
    return result / 4294967296
  }
}

const rotl = (v: number, k: number): number => (v << k) | (v >>> (32 - k))
