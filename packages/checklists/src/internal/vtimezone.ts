/**
 * A VTIMEZONE for an IANA zone over a range of instants, generated from the runtime's zone data
 * (Intl): one observance for the start of the range and one per offset change in it, so a calendar
 * needs no zone database of its own to place the times.
 */
import { utcValue } from "./icsText.ts"
import { offsetAt, offsetText, transitions } from "./timeZone.ts"

const DAY = 86_400_000

/**
 * Whether `ms`'s local wall time occurs only once in the zone. A wall time that a DST change repeats is
 * written in UTC, both occurrences: RFC 5545 reads a repeated local time as its first occurrence, but
 * parsers disagree at the edges (ical.js 2.2 reads 02:59 of Berlin's repeated hour as the second).
 */
export const localTimeIsUnambiguous = (ms: number, timeZone: string): boolean => {
  const own = offsetAt(ms, timeZone)
  const wall = ms + own * 60_000
  for (const o of new Set([offsetAt(ms - DAY / 2, timeZone), offsetAt(ms + DAY / 2, timeZone)])) {
    const u = wall - o * 60_000
    if (u !== ms && offsetAt(u, timeZone) === o) return false
  }
  return true
}

/** The VTIMEZONE lines (unfolded) covering [from, to]. */
export const vtimezone = (timeZone: string, from: number, to: number): string[] => {
  const start = from - DAY
  const end = to + DAY
  const year = new Date(start).getUTCFullYear()
  const standard = Math.min(
    offsetAt(Date.UTC(year, 0, 1), timeZone),
    offsetAt(Date.UTC(year, 6, 1), timeZone)
  )
  const observance = (at: number, before: number, after: number): string[] => {
    const kind = after > standard ? "DAYLIGHT" : "STANDARD"
    // DTSTART is the local time of the change as read with the offset in force before it.
    const local = utcValue(at + before * 60_000).slice(0, -1)
    return [
      `BEGIN:${kind}`,
      `DTSTART:${local}`,
      `TZOFFSETFROM:${offsetText(before, false)}`,
      `TZOFFSETTO:${offsetText(after, false)}`,
      `END:${kind}`
    ]
  }
  const first = offsetAt(start, timeZone)
  const lines = ["BEGIN:VTIMEZONE", `TZID:${timeZone}`, ...observance(start, first, first)]
  for (const t of transitions(timeZone, start, end)) lines.push(...observance(t.at, t.before, t.after))
  lines.push("END:VTIMEZONE")
  return lines
}
