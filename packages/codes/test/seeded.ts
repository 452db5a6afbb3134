import type { RandomSource } from "../src/index.ts"

/** A deterministic byte source for tests (xorshift32). */
export const seeded = (seed: number): RandomSource => {
  let x = seed >>> 0 || 1
  return (size) => {
    const out = new Uint8Array(size)
    for (let i = 0; i < size; i++) {
      x ^= x << 13
      x ^= x >>> 17
      x ^= x << 5
      x >>>= 0
      out[i] = x & 0xff
    }
    return out
  }
}
