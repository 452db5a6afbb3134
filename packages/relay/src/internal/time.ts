// Checks the relay's time options (durations, intervals, `nowMs`, leeways) given outside the Schema-validated
// config: a non-number, NaN, an infinity (unless allowed) or a value below the minimum is an `InvalidRelayConfig`
// naming the option, so a wrong clock or duration is refused instead of admitting everyone or spinning.
import { InvalidRelayConfig } from "../errors.ts"

/** How a time option is checked. */
export interface TimeRule {
  /** The unit, in words (e.g. "milliseconds"). */
  readonly unit: string
  /** The smallest value allowed. */
  readonly minimum: number
  /** Allows `Infinity` (documented as "never"). */
  readonly infinite?: boolean
}

const shown = (value: unknown): string =>
  typeof value === "string" ? `'${value}'` : typeof value === "bigint" ? `${value}n` : String(value)

/** The error for `value` as the time option `option`, or undefined when it is good. */
export const timeProblem = (
  option: string,
  value: unknown,
  rule: TimeRule
): InvalidRelayConfig | undefined => {
  if (
    typeof value === "number" &&
    !Number.isNaN(value) &&
    value >= rule.minimum &&
    (Number.isFinite(value) || (rule.infinite === true && value === Infinity))
  )
    return undefined
  const what =
    typeof value === "number" ? shown(value) : `${shown(value)} (a ${value === null ? "null" : typeof value})`
  return new InvalidRelayConfig({
    field: option,
    rule: `must be a finite number of ${rule.unit} ≥ ${rule.minimum}${rule.infinite === true ? " (or Infinity: never)" : ""}, got ${what}`
  })
}

/** Milliseconds ≥ 1 (durations, intervals, timeouts). */
export const DURATION_MS: TimeRule = { unit: "milliseconds", minimum: 1 }

/** The first problem among `[option, value, rule]` entries whose value is given (undefined means the default). */
export const firstTimeProblem = (
  entries: ReadonlyArray<readonly [string, unknown, TimeRule]>
): InvalidRelayConfig | undefined => {
  for (const [option, value, rule] of entries) {
    if (value === undefined) continue
    const problem = timeProblem(option, value, rule)
    if (problem !== undefined) return problem
  }
  return undefined
}
