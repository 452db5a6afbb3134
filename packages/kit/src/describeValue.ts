/**
 * How a bad value reads in an error message: its kind, and the value itself when short and safe,
 * never a whole object. Every package's "got …" in its tagged errors uses it.
 *
 * @param value - anything a caller passed
 * @returns e.g. `undefined`, `NaN`, `true`, `the string "2026-05-01"`, `a Date (2026-05-01T18:00:00.000Z)`,
 *   `the bigint 5n`, `an array`, `an object`
 */
export const describeValue = (value: unknown): string => {
  if (value === null) return "null"
  if (value instanceof Date)
    return `a Date (${Number.isNaN(value.getTime()) ? "invalid" : value.toISOString()})`
  switch (typeof value) {
    case "number":
      return String(value)
    case "string":
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`
    case "bigint":
      return `the bigint ${value}n`
    case "undefined":
      return "undefined"
    case "boolean":
      return String(value)
    case "function":
      return "a function"
    case "symbol":
      return "a symbol"
    default:
      return Array.isArray(value) ? "an array" : "an object"
  }
}
