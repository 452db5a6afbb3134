/**
 * How a bad value is named in an error message: its kind and a short text, never the whole
 * object. Internal: not part of the public API.
 *
 * @since 0.1.0
 */

/**
 * A value for a message.
 *
 * @param value - anything a caller passed
 * @returns e.g. `undefined`, `NaN`, `the string "2026-05-01"`, `a Date (2026-05-01T18:00:00.000Z)`
 * @category formatting
 * @since 0.1.0
 */
export const describeValue = (value: unknown): string => {
  if (value === null) return "null"
  if (value instanceof Date)
    return `a Date (${Number.isNaN(value.getTime()) ? "invalid" : value.toISOString()})`
  switch (typeof value) {
    case "string":
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`
    case "number":
      return String(value)
    case "undefined":
      return "undefined"
    case "object":
      return Array.isArray(value) ? "an array" : "an object"
    default:
      return `a ${typeof value}`
  }
}
