/**
 * IANA time zones through Intl: validation, the UTC offset at an instant, local wall-clock fields, and
 * the offset transitions in a range (for VTIMEZONE and display); no zone data of our own.
 */
import { InvalidChecklistInput } from "../errors.ts"

const formatters = new Map<string, Intl.DateTimeFormat>()

const formatter = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      timeZoneName: "longOffset"
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** Throws InvalidChecklistInput unless `timeZone` is an IANA zone this runtime knows (or UTC). */
export const checkTimeZone = (timeZone: unknown, path = "timeZone"): string => {
  if (typeof timeZone === "string" && timeZone.length > 0 && timeZone.length <= 64) {
    try {
      formatter(timeZone)
      return timeZone
    } catch {
      // fall through to the tagged error
    }
  }
  throw new InvalidChecklistInput({ path, rule: "an IANA time zone name such as Europe/Berlin, or UTC" })
}

/** Local wall-clock fields of an instant in a zone, and its offset from UTC in minutes. */
export interface Local {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  readonly offset: number
}

export const localTime = (ms: number, timeZone: string): Local => {
  const parts: Record<string, string> = {}
  for (const p of formatter(timeZone).formatToParts(ms)) parts[p.type] = p.value
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(parts["timeZoneName"] ?? "GMT")
  const offset = m?.[1] === undefined ? 0 : (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]))
  return {
    year: Number(parts["year"]),
    month: Number(parts["month"]),
    day: Number(parts["day"]),
    hour: Number(parts["hour"]),
    minute: Number(parts["minute"]),
    second: Number(parts["second"]),
    offset
  }
}

/** The UTC offset (minutes) of a zone at an instant. */
export const offsetAt = (ms: number, timeZone: string): number => localTime(ms, timeZone).offset

const HOUR = 3_600_000

/** Every instant in [from, to] where the zone's offset changes, to the minute (hourly scan, then bisection). */
export const transitions = (
  timeZone: string,
  from: number,
  to: number
): Array<{ at: number; before: number; after: number }> => {
  const out: Array<{ at: number; before: number; after: number }> = []
  let prev = offsetAt(from, timeZone)
  for (let t = from; t < to; t += HOUR) {
    const next = Math.min(t + HOUR, to)
    const off = offsetAt(next, timeZone)
    if (off === prev) continue
    let lo = t
    let hi = next
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000
      if (offsetAt(mid, timeZone) === prev) lo = mid
      else hi = mid
    }
    out.push({ at: hi, before: prev, after: off })
    prev = off
  }
  return out
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0")

/** `+01:00`-style offset text. */
export const offsetText = (minutes: number, colon = true): string => {
  const a = Math.abs(minutes)
  return `${minutes < 0 ? "-" : "+"}${pad(Math.floor(a / 60))}${colon ? ":" : ""}${pad(a % 60)}`
}

/** `2026-10-25 19:00 +01:00`: local date and time with the offset, unambiguous across a DST change. */
export const formatLocal = (ms: number, timeZone: string): string => {
  const l = localTime(ms, timeZone)
  return `${l.year}-${pad(l.month)}-${pad(l.day)} ${pad(l.hour)}:${pad(l.minute)} ${offsetText(l.offset)}`
}
