/**
 * Instants from outside: epoch milliseconds, or ISO 8601 text with an explicit offset, checked so a
 * bad value is a tagged error naming the field, never NaN or a silently local time.
 */
import { InvalidChecklistInput } from "../errors.ts"

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})$/
/** The range of JavaScript dates (±100,000,000 days from 1970). */
const LIMIT = 8.64e15

/** Epoch ms of `value` (an integer in the Date range, or ISO text with `Z` or `±hh:mm`). */
export const toInstant = (value: unknown, path: string): number => {
  if (typeof value === "number") {
    if (Number.isInteger(value) && Math.abs(value) <= LIMIT) return value
    throw new InvalidChecklistInput({
      path,
      rule: "an integer number of epoch milliseconds in the Date range"
    })
  }
  if (typeof value === "string") {
    const m = ISO.exec(value)
    const ms = m === null ? Number.NaN : Date.parse(value)
    // Date.parse rolls 2026-02-30 over to March: reject dates whose fields do not survive the round trip.
    if (m !== null && Number.isFinite(ms)) {
      const offset =
        m[8] === "Z"
          ? 0
          : (m[8]?.startsWith("-") ? -1 : 1) * (Number(m[8]?.slice(1, 3)) * 60 + Number(m[8]?.slice(4, 6)))
      const local = new Date(ms + offset * 60_000)
      if (local.getUTCDate() === Number(m[3]) && local.getUTCHours() === Number(m[4])) return ms
    }
    throw new InvalidChecklistInput({
      path,
      rule: "an ISO 8601 date-time with an explicit offset, e.g. 2026-10-25T19:00:00+01:00 or …Z"
    })
  }
  throw new InvalidChecklistInput({
    path,
    rule: "epoch milliseconds or an ISO 8601 date-time with an offset"
  })
}
