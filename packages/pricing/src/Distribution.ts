/**
 * Distributions of uncertain plan inputs (attendance, attach rates, costs): Schema, sampling and quantiles.
 *
 * @since 0.1.0
 */

import { inputIssues } from "@microdrop/kit"
import { Result, Schema, SchemaTransformation } from "effect"
import { InvalidArgument } from "./errors.ts"
import { show } from "./internal/check.ts"
import type { Random } from "./Prng.ts"

const Finite = Schema.Finite

/**
 * The distribution Schema. A bare number decodes as a fixed value.
 *
 * - `{ kind: "fixed", value }`
 * - `{ kind: "uniform", min, max }`
 * - `{ kind: "triangular", min, mode, max }`: min ≤ mode ≤ max, most likely at `mode`
 * - `{ kind: "normal", mean, sd, min?, max? }`: clamped to [min, max] when given
 *
 * @category schemas
 * @since 0.1.0
 */
const Fixed = Schema.Struct({ kind: Schema.Literal("fixed"), value: Finite })

export const DistributionSchema = Schema.Union([
  Finite.pipe(
    Schema.decodeTo(
      Fixed,
      SchemaTransformation.transform({
        decode: (value: number) => ({ kind: "fixed" as const, value }),
        encode: (d: { readonly value: number }) => d.value
      })
    )
  ),
  Fixed,
  Schema.Struct({ kind: Schema.Literal("uniform"), min: Finite, max: Finite }).check(
    Schema.makeFilter((d: { min: number; max: number }) =>
      d.min <= d.max ? undefined : { path: ["max"], issue: "max must be ≥ min" }
    )
  ),
  Schema.Struct({ kind: Schema.Literal("triangular"), min: Finite, mode: Finite, max: Finite }).check(
    Schema.makeFilter((d: { min: number; mode: number; max: number }) =>
      d.min <= d.mode && d.mode <= d.max
        ? undefined
        : { path: ["mode"], issue: "must satisfy min ≤ mode ≤ max" }
    )
  ),
  Schema.Struct({
    kind: Schema.Literal("normal"),
    mean: Finite,
    sd: Finite.check(Schema.isGreaterThanOrEqualTo(0, { message: "sd must be ≥ 0" })),
    min: Schema.optionalKey(Finite),
    max: Schema.optionalKey(Finite)
  })
])

/**
 * An uncertain input.
 *
 * @category models
 * @since 0.1.0
 */
export type Distribution = typeof DistributionSchema.Type

/** z-scores of the standard normal at 10 % and 90 %. */
const Z10 = -1.2815515655446004

const clamp = (v: number, min: number | undefined, max: number | undefined): number =>
  min !== undefined && v < min ? min : max !== undefined && v > max ? max : v

/**
 * Draws one value.
 *
 * @param d - The distribution.
 * @param random - Uniform numbers in [0, 1).
 * @returns A sample.
 * @throws InvalidArgument when `d` is not a distribution, `random` is not a function or returns a number
 * outside [0, 1).
 * @example
 * ```ts
 * import { sample, xoshiro128ss } from "@microdrop/pricing"
 * sample({ kind: "uniform", min: 0.5, max: 1 }, xoshiro128ss(1)) // => a number in [0.5, 1)
 * ```
 * @since 0.1.0
 */
export const sample = (d: Distribution, random: Random): number => {
  checkDistribution(d, "d")
  if (typeof random !== "function")
    throw new InvalidArgument({
      argument: "random",
      rule: `must be a function returning numbers in [0, 1), got ${show(random)}`
    })
  return sampleOf(d, checkedRandom(random))
}

/** `sample` without the argument checks, for the forecast's loop (its plan is checked once). */
export const sampleOf = (d: Distribution, random: Random): number => {
  switch (d.kind) {
    case "fixed":
      return d.value
    case "uniform":
      return d.min + (d.max - d.min) * random()
    case "triangular":
      return triangular(d.min, d.mode, d.max, random())
    case "normal": {
      // Box–Muller; 1 − u keeps the logarithm finite.
      const u = 1 - random()
      const v = random()
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
      return clamp(d.mean + d.sd * z, d.min, d.max)
    }
  }
}

const triangular = (min: number, mode: number, max: number, u: number): number => {
  if (max === min) return min
  const f = (mode - min) / (max - min)
  return u < f
    ? min + Math.sqrt(u * (max - min) * (mode - min))
    : max - Math.sqrt((1 - u) * (max - min) * (max - mode))
}

/**
 * The value below which a fraction `p` of draws fall (p = 0.1 or 0.9 for the sensitivity table).
 *
 * @param d - The distribution.
 * @param p - 0.1 or 0.9 for normal distributions; any value in [0, 1] for the others.
 * @returns The quantile.
 * @throws InvalidArgument when `d` is not a distribution or `p` is not in [0, 1].
 * @example
 * ```ts
 * import { quantile } from "@microdrop/pricing"
 * quantile({ kind: "uniform", min: 0, max: 10 }, 0.9) // => 9
 * ```
 * @since 0.1.0
 */
export const quantile = (d: Distribution, p: number): number => {
  checkDistribution(d, "d")
  if (typeof p !== "number" || !(p >= 0 && p <= 1))
    throw new InvalidArgument({ argument: "p", rule: `must be a number from 0 to 1, got ${show(p)}` })
  return quantileOf(d, p)
}

/** `quantile` without the argument checks. */
export const quantileOf = (d: Distribution, p: number): number => {
  switch (d.kind) {
    case "fixed":
      return d.value
    case "uniform":
      return d.min + (d.max - d.min) * p
    case "triangular":
      return triangular(d.min, d.mode, d.max, p)
    case "normal":
      return clamp(d.mean + d.sd * (p <= 0.5 ? Z10 : -Z10), d.min, d.max)
  }
}

/**
 * The value used for the base case: the mode of a triangular, the mean of a uniform or normal.
 *
 * @param d - The distribution.
 * @returns Its most likely (or central) value.
 * @throws InvalidArgument when `d` is not a distribution.
 * @example
 * ```ts
 * import { mostLikely } from "@microdrop/pricing"
 * mostLikely({ kind: "triangular", min: 0.4, mode: 0.8, max: 1 }) // => 0.8
 * ```
 * @since 0.1.0
 */
export const mostLikely = (d: Distribution): number => mostLikelyOf(checkDistribution(d, "d"))

/** `mostLikely` without the argument checks. */
export const mostLikelyOf = (d: Distribution): number => {
  switch (d.kind) {
    case "fixed":
      return d.value
    case "uniform":
      return (d.min + d.max) / 2
    case "triangular":
      return d.mode
    case "normal":
      return clamp(d.mean, d.min, d.max)
  }
}

const validDistribution = Schema.decodeUnknownResult(Schema.toType(DistributionSchema))

/** Throws InvalidArgument unless `d` is a decoded distribution (naming the first broken field). */
const checkDistribution = (d: unknown, argument: string): Distribution => {
  const r = validDistribution(d)
  if (Result.isSuccess(r)) return r.success
  const issue = inputIssues(r.failure)[0]
  throw new InvalidArgument({
    argument: issue === undefined || issue.path === "" ? argument : `${argument}.${issue.path}`,
    rule: issue?.rule ?? "must be a distribution"
  })
}

/**
 * Wraps a uniform source so that a value outside [0, 1) (NaN, 1, a string) is refused with
 * InvalidArgument instead of turning into a wrong sample.
 *
 * @internal
 */
export const checkedRandom =
  (random: Random): Random =>
  () => {
    const u = random()
    if (typeof u !== "number" || !(u >= 0 && u < 1))
      throw new InvalidArgument({
        argument: "random",
        rule: `must return numbers in [0, 1), returned ${show(u)}`
      })
    return u
  }
