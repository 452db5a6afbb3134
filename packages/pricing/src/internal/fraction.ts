/** An exact non-negative fraction applied to minor units with rounding, in doubles whenever that is exact. */
import { divide, type RoundingMode } from "../Rounding.ts"

export interface Fraction {
  readonly num: bigint
  readonly den: bigint
  /** `num` and `den` as doubles (exact when `limit` ≥ 0). */
  readonly numN: number
  readonly denN: number
  /** Largest amount whose product with `num` (plus `den`) stays below 2^53; −1 when none does. */
  readonly limit: bigint
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** Compiles num / den (num ≥ 0, den > 0) for repeated use. */
export const fraction = (num: bigint, den: bigint): Fraction => ({
  num,
  den,
  numN: Number(num),
  denN: Number(den),
  limit: den > MAX_SAFE ? -1n : num === 0n ? MAX_SAFE - den : (MAX_SAFE - den) / num
})

/**
 * amount × num / den rounded with `mode`, exactly. Exactness guard: when 0 ≤ amount ≤ limit, the
 * product and the denominator are integers below 2^53, so doubles hold them exactly, the division is
 * correctly rounded and its floor is the exact integer quotient; otherwise bigints do the work.
 */
export const applyFraction = (amount: bigint, f: Fraction, mode: RoundingMode): bigint => {
  if (amount < 0n || amount > f.limit) return divide(amount * f.num, f.den, mode)
  const p = Number(amount) * f.numN
  const d = f.denN
  const q = Math.floor(p / d)
  const r = p - q * d
  if (r === 0) return BigInt(q)
  switch (mode) {
    case "down":
    case "floor":
      return BigInt(q)
    case "up":
    case "ceil":
      return BigInt(q + 1)
    default: {
      const twice = 2 * r
      if (twice < d) return BigInt(q)
      if (twice > d || mode === "half-up") return BigInt(q + 1)
      if (mode === "half-down") return BigInt(q)
      return BigInt(q % 2 === 0 ? q : q + 1)
    }
  }
}
