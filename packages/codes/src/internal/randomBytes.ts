/** The default random source: Web Crypto's CSPRNG, drawn in 4 KiB blocks to amortise the call. */
import type { RandomSource } from "../RandomSource.ts"

const POOL_SIZE = 4096
let pool = new Uint8Array(0)
let offset = 0

export const cryptoRandom: RandomSource = (size) => {
  if (size > POOL_SIZE) return globalThis.crypto.getRandomValues(new Uint8Array(size))
  if (offset + size > pool.length) {
    pool = globalThis.crypto.getRandomValues(new Uint8Array(POOL_SIZE))
    offset = 0
  }
  const out = pool.subarray(offset, offset + size)
  offset += size
  return out
}
