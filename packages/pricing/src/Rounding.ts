/**
 * Rounding modes for exact integer division, used wherever an amount is multiplied by a fraction.
 *
 * @since 0.1.0
 */
import { InvalidArgument } from "./errors.ts"
import { checkBigInt, show } from "./internal/check.ts"

/**
 * How a fractional minor unit is rounded.
 *
 * - `"half-even"` (default, banker's rounding): to nearest, ties to the even neighbour.
 * - `"half-up"`: to nearest, ties away from zero (the school rule).
 * - `"half-down"`: to nearest, ties toward zero.
 * - `"down"`: toward zero (truncate). `"up"`: away from zero.
 * - `"floor"`: toward −∞. `"ceil"`: toward +∞.
 *
 * @category models
 * @since 0.1.0
 */
export type RoundingMode = "half-even" | "half-up" | "half-down" | "down" | "up" | "floor" | "ceil"

const MODES: ReadonlySet<unknown> = new Set([
  "half-even",
  "half-up",
  "half-down",
  "down",
  "up",
  "floor",
  "ceil"
])

/**
 * Throws InvalidArgument unless `mode` is a rounding mode.
 *
 * @internal
 */
export const checkMode = (mode: unknown): void => {
  if (!MODES.has(mode))
    throw new InvalidArgument({
      argument: "mode",
      rule: `must be one of ${[...MODES].join(", ")}, got ${show(mode)}`
    })
}

/**
 * Divides two integers exactly and rounds the quotient with `mode`.
 *
 * @param numerator - Any integer.
 * @param denominator - A non-zero integer.
 * @param mode - The rounding mode (default `"half-even"`).
 * @returns The rounded quotient.
 * @throws InvalidArgument when the denominator is zero, an argument is not a bigint or `mode` is unknown.
 * @example
 * ```ts
 * import { divide } from "@microdrop/pricing"
 * divide(5n, 2n) // => 2n (half-even)
 * divide(5n, 2n, "half-up") // => 3n
 * divide(-5n, 2n, "floor") // => -3n
 * ```
 * @since 0.1.0
 */
export const divide = (numerator: bigint, denominator: bigint, mode: RoundingMode = "half-even"): bigint => {
  checkBigInt(numerator, "numerator")
  checkBigInt(denominator, "denominator")
  checkMode(mode)
  if (denominator === 0n) throw new InvalidArgument({ argument: "denominator", rule: "must not be zero" })
  let n = numerator
  let d = denominator
  if (d < 0n) {
    n = -n
    d = -d
  }
  const q = n / d
  const r = n - q * d
  if (r === 0n) return q
  const negative = n < 0n
  switch (mode) {
    case "down":
      return q
    case "up":
      return negative ? q - 1n : q + 1n
    case "floor":
      return negative ? q - 1n : q
    case "ceil":
      return negative ? q : q + 1n
    default: {
      const twice = negative ? -2n * r : 2n * r
      if (twice < d) return q
      const away = negative ? q - 1n : q + 1n
      if (twice > d || mode === "half-up") return away
      if (mode === "half-down") return q
      return q % 2n === 0n ? q : away
    }
  }
}
