// Checks the relay's time options (durations, intervals, `nowMs`, leeways) and admission counts given outside the Schema-validated
// config: a non-number, NaN, an infinity (unless allowed) or a value below the minimum is an `InvalidRelayConfig`
// naming the option, so a wrong clock or duration is refused instead of admitting everyone or spinning.
import { InvalidRelayConfig } from "../errors.ts"

/** How a time option is checked. */
export interface TimeRule {
  /** The unit, in words (e.g. "milliseconds"). */
  readonly unit: string
  /** The smallest value allowed. */
  readonly minimum: number
  /** Allows `Infinity` (documented as "never", or "no cap" for a count). */
  readonly infinite?: boolean
  /** A count: whole numbers only. */
  readonly integer?: boolean
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
    (Number.isFinite(value) || (rule.infinite === true && value === Infinity)) &&
    (rule.integer !== true || !Number.isFinite(value) || Number.isInteger(value))
  )
    return undefined
  const what =
    typeof value === "number" ? shown(value) : `${shown(value)} (a ${value === null ? "null" : typeof value})`
  return new InvalidRelayConfig({
    field: option,
    rule: `must be a ${rule.integer === true ? "whole" : "finite"} number of ${rule.unit} ≥ ${rule.minimum}${rule.infinite === true ? ` (or Infinity: ${rule.integer === true ? "no cap" : "never"})` : ""}, got ${what}`
  })
}

/** Milliseconds ≥ 1 (durations, intervals, timeouts). */
export const DURATION_MS: TimeRule = { unit: "milliseconds", minimum: 1 }

/** Listener counts (`maxListeners`: Infinity means no cap). */
export const LISTENERS: TimeRule = { unit: "listeners", minimum: 1, integer: true, infinite: true }

/** Join counts (`maxJoinsInFlight` ≥ 1). */
export const JOINS: TimeRule = { unit: "joins", minimum: 1, integer: true }

/** Queue lengths (`maxQueuedJoins` ≥ 0). */
export const QUEUED_JOINS: TimeRule = { unit: "joins", minimum: 0, integer: true }

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
