/**
 * Checks of the values a program passes (options, keys, parameters): each refuses a missing or
 * mistyped value with `InvalidCodeOptions` naming it, so a bug in the caller is a tagged error at the
 * call, never a raw `TypeError` later or a wrong answer (a `NaN` clock would admit every token).
 */
import { DEFAULT_STORE_TIMEOUT_MS, describeValue, timeoutRule } from "@microdrop/kit"
import { InvalidCodeOptions } from "../errors.ts"

/** Latest and earliest time a `Date` can hold, in ms (±8.64 × 10^15): `toISOString` throws past it. */
export const MAX_DATE_MS = 8_640_000_000_000_000

export { describeValue }

/** Throws `InvalidCodeOptions` for `option` with `rule` and what was given. */
export const refuse = (option: string, rule: string, value: unknown): never => {
  throw new InvalidCodeOptions({ option, rule: `${rule}, got ${describeValue(value)}` })
}

/** `value` as an options object: `undefined` reads as `{}`; anything else but a plain object is refused. */
export const optionsObject = <T extends object>(value: T | undefined, option: string): Partial<T> => {
  if (value === undefined) return {}
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return refuse(option, "must be an object of options", value)
  return value
}

/** `value` as a required object (no default). */
export const requiredObject = <T extends object>(value: T, option: string): T => {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return refuse(option, "must be an object", value)
  return value
}

/** A string parameter. */
export const stringParameter = (value: unknown, option: string): string =>
  typeof value === "string" ? value : refuse(option, "must be a string", value)

/** A whole number from `min` to `max` (`unit` follows the range in the message), or the default when `undefined`. */
export const wholeNumber = (
  value: unknown,
  option: string,
  min: number,
  max: number,
  unit: string,
  fallback?: number
): number => {
  if (value === undefined && fallback !== undefined) return fallback
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
    return refuse(
      option,
      `must be a whole number from ${min} to ${max}${unit === "" ? "" : ` ${unit}`}`,
      value
    )
  return value
}

/**
 * A point in time in milliseconds since the epoch (`Date.now()`): a finite number a `Date` can hold.
 * A `Date`, an ISO string or `Date.parse("garbage")` (NaN) is refused, naming the option.
 */
export const epochMillis = (value: unknown, option: string): number => {
  if (typeof value !== "number" || !Number.isFinite(value) || Math.abs(value) > MAX_DATE_MS) {
    return refuse(
      option,
      `must be a finite number of milliseconds since the epoch (e.g. Date.now())${
        value instanceof Date ? "; pass date.getTime()" : ""
      }`,
      value
    )
  }
  return value
}

/** A duration or leeway: a finite number ≥ 0 in `unit`, or the default when `undefined`. */
export const duration = (value: unknown, option: string, unit: string, fallback: number): number => {
  if (value === undefined) return fallback
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
    return refuse(option, `must be a finite number of ${unit} ≥ 0`, value)
  return value
}

/** A store's `timeoutMs` option (bound of one store call), or `DEFAULT_STORE_TIMEOUT_MS` when `undefined`. */
export const storeTimeout = (value: unknown): number => {
  if (value === undefined) return DEFAULT_STORE_TIMEOUT_MS
  const rule = timeoutRule(value)
  return rule === undefined ? (value as number) : refuse("timeoutMs", rule, value)
}
