/**
 * Exact rational numbers for rates and percentages, read from decimal text so that 7.25 % is 725/10000.
 *
 * @since 0.1.0
 */
import { InvalidArgument } from "./errors.ts"
import { checkArray, checkBigInt, checkRatio, show } from "./internal/check.ts"

/**
 * An exact fraction `numerator / denominator` (denominator > 0). Rates are never binary floats.
 *
 * @category models
 * @since 0.1.0
 */
export interface Ratio {
  /** The numerator (any integer). */
  readonly numerator: bigint
  /** The denominator (positive). */
  readonly denominator: bigint
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/

/**
 * Reads a decimal number written as text (or a JS number, through its shortest decimal form) exactly.
 *
 * @param value - E.g. "0.0725", "19", 7.25.
 * @returns The exact fraction (7.25 → 725/100).
 * @throws InvalidArgument when the text is not a plain decimal number.
 * @example
 * ```ts
 * import { decimal } from "@microdrop/pricing"
 * decimal("0.0725") // => { numerator: 725n, denominator: 10000n }
 * ```
 * @since 0.1.0
 */
export const decimal = (value: string | number): Ratio => {
  if (typeof value !== "string" && typeof value !== "number")
    throw new InvalidArgument({
      argument: "decimal",
      rule: `must be decimal text such as "7.25" or a finite number, got ${show(value)}`
    })
  const text = typeof value === "number" ? numberText(value) : value.trim()
  const m = DECIMAL.exec(text)
  if (m === null)
    throw new InvalidArgument({
      argument: "decimal",
      rule: `"${text}" is not a decimal number like 19 or 7.25`
    })
  const fraction = m[3] ?? ""
  const magnitude = BigInt((m[2] ?? "0") + fraction)
  return { numerator: m[1] === "-" ? -magnitude : magnitude, denominator: 10n ** BigInt(fraction.length) }
}

const numberText = (value: number): string => {
  if (!Number.isFinite(value))
    throw new InvalidArgument({ argument: "decimal", rule: `${value} is not a finite number` })
  const text = String(value)
  if (!/e/i.test(text)) return text
  // 1e-7 and friends: expand the exponent without going through binary arithmetic.
  const [mantissa = "", exp = "0"] = text.toLowerCase().split("e")
  const negative = mantissa.startsWith("-")
  const [int = "", frac = ""] = mantissa.replace("-", "").split(".")
  const digits = int + frac
  const point = int.length + Number(exp)
  const expanded =
    point <= 0
      ? `0.${"0".repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + "0".repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`
  return (negative ? "-" : "") + expanded
}

/**
 * A percentage as an exact fraction: `percent("19")` is 19/100, `percent("7.25")` is 725/10000.
 *
 * @param value - The percentage as decimal text or a number.
 * @returns The exact fraction.
 * @throws InvalidArgument when the text is not a plain decimal number.
 * @example
 * ```ts
 * import { percent } from "@microdrop/pricing"
 * percent("7.25") // => { numerator: 725n, denominator: 10000n }
 * ```
 * @since 0.1.0
 */
export const percent = (value: string | number): Ratio => {
  const d = decimal(value)
  return { numerator: d.numerator, denominator: d.denominator * 100n }
}

/**
 * Builds a fraction from two integers.
 *
 * @param numerator - Any integer.
 * @param denominator - A non-zero integer (a negative one flips both signs).
 * @returns The fraction with a positive denominator.
 * @throws InvalidArgument when the denominator is zero or an argument is not a bigint.
 * @example
 * ```ts
 * import { ratio } from "@microdrop/pricing"
 * ratio(1n, 3n) // => { numerator: 1n, denominator: 3n }
 * ```
 * @since 0.1.0
 */
export const ratio = (numerator: bigint, denominator: bigint): Ratio => {
  checkBigInt(numerator, "numerator")
  checkBigInt(denominator, "denominator")
  if (denominator === 0n) throw new InvalidArgument({ argument: "denominator", rule: "must not be zero" })
  return denominator < 0n ? { numerator: -numerator, denominator: -denominator } : { numerator, denominator }
}

/**
 * Adds fractions exactly (used to combine several tax rates of one class).
 *
 * @param ratios - The fractions.
 * @returns Their exact sum (0/1 for none).
 * @throws InvalidArgument when `ratios` is not an array of ratios.
 * @example
 * ```ts
 * import { addRatios, percent } from "@microdrop/pricing"
 * addRatios([percent("6.25"), percent("2.5")]) // => 8.75 % as 87500/1000000
 * ```
 * @since 0.1.0
 */
export const addRatios = (ratios: ReadonlyArray<Ratio>): Ratio => {
  checkArray(ratios, "ratios").forEach((r, i) => {
    checkRatio(r, `ratios.${i}`)
  })
  let numerator = 0n
  let denominator = 1n
  for (const r of ratios) {
    if (r.denominator === denominator) numerator += r.numerator
    else {
      numerator = numerator * r.denominator + r.numerator * denominator
      denominator *= r.denominator
    }
  }
  return { numerator, denominator }
}
