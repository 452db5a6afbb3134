/**
 * A running checklist as an iCalendar file (RFC 5545): one VTODO (or VEVENT) per item, with its
 * owner, due time, status and completion; zoned times carry a generated VTIMEZONE.
 *
 * @since 0.1.0
 */
import { InvalidChecklistInput } from "./errors.ts"
import { escapeText, fold, localValue, utcValue } from "./internal/icsText.ts"
import { toInstant } from "./internal/instant.ts"
import { localTimeIsUnambiguous, vtimezone } from "./internal/vtimezone.ts"
import { itemStates, type Run, scheduleOf } from "./Run.ts"

/**
 * Options of `toICalendar`.
 *
 * @category models
 * @since 0.1.0
 */
export interface ICalendarOptions {
  /** The DTSTAMP of every component: when the file is made (epoch ms or ISO 8601 with an offset). */
  readonly now: number | string
  /** `VTODO` (default: to-dos with DUE and STATUS), `VEVENT` (calendar blocks) or `both`. */
  readonly components?: "VTODO" | "VEVENT" | "both"
  /** Write every time in UTC instead of the run's time zone (default false). */
  readonly utc?: boolean
}

/**
 * Exports a running checklist as iCalendar text (CRLF lines folded at 75 octets). Times are written
 * in the run's time zone with a VTIMEZONE generated for the dates used (or in UTC for `UTC`, with
 * `utc: true`, and for a wall time a daylight-saving change repeats, which a TZID would misplace).
 *
 * @param run - The running checklist.
 * @param options - `now` for DTSTAMP; which components; UTC or zoned.
 * @returns The `.ics` text.
 * @throws InvalidChecklistInput (`now`, `components`).
 * @example
 * ```ts
 * import { instantiate, launch, toICalendar } from "@microdrop/checklists"
 * const run = instantiate(launch, { anchors: { doors: "2026-10-25T19:00:00+01:00" }, timeZone: "Europe/Berlin" })
 * toICalendar(run, { now: "2026-10-20T09:00:00Z" }).startsWith("BEGIN:VCALENDAR\r\n") // => true
 * ```
 * @since 0.1.0
 */
export const toICalendar = (run: Run, options: ICalendarOptions): string => {
  const stamp = utcValue(toInstant(options.now, "now"))
  const components = options.components ?? "VTODO"
  if (components !== "VTODO" && components !== "VEVENT" && components !== "both")
    throw new InvalidChecklistInput({ path: "components", rule: "VTODO, VEVENT or both" })
  const zone = options.utc === true || run.timeZone === "UTC" ? null : run.timeZone
  const s = scheduleOf(run)
  const states = itemStates(run)
  const time = (name: string, ms: number): string =>
    zone === null || !localTimeIsUnambiguous(ms, zone)
      ? `${name}:${utcValue(ms)}`
      : `${name};TZID=${zone}:${localValue(ms, zone)}`
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Microdrop//@microdrop/checklists//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(run.template.title)}`
  ]
  if (zone !== null && s.items.length > 0) {
    const from = Math.min(...s.items.map((x) => x.start))
    const to = Math.max(...s.items.map((x) => x.finish))
    lines.push(...vtimezone(zone, from, to))
  }
  const kinds = components === "both" ? (["VTODO", "VEVENT"] as const) : [components]
  run.template.items.forEach((item, i) => {
    const x = s.items[i] as (typeof s.items)[number]
    const state = states.get(item.id)
    const description = [`Owner: ${item.owner}`, item.critical === true ? "Critical" : "", item.notes ?? ""]
      .filter((l) => l !== "")
      .join("\n")
    for (const kind of kinds) {
      lines.push(
        `BEGIN:${kind}`,
        `UID:${encodeURIComponent(run.id)}/${encodeURIComponent(item.id)}${kind === "VEVENT" ? "/event" : ""}@microdrop-checklists`,
        `DTSTAMP:${stamp}`,
        `SUMMARY:${escapeText(item.title)}`,
        `DESCRIPTION:${escapeText(description)}`,
        `CATEGORIES:${escapeText(item.owner)}`
      )
      // DUE/DTEND must be later than DTSTART: a zero-length item (a milestone) has only its time.
      if (kind === "VTODO") {
        if (x.finish > x.start) lines.push(time("DTSTART", x.start))
        lines.push(time("DUE", x.finish), `STATUS:${state?.done === true ? "COMPLETED" : "NEEDS-ACTION"}`)
        if (state?.done === true && state.last !== undefined)
          lines.push(`COMPLETED:${utcValue(state.last.at)}`, "PERCENT-COMPLETE:100")
      } else {
        lines.push(time("DTSTART", x.start))
        if (x.finish > x.start) lines.push(time("DTEND", x.finish))
        lines.push("TRANSP:OPAQUE")
      }
      if (item.critical === true) lines.push("PRIORITY:1")
      lines.push(`END:${kind}`)
    }
  })
  lines.push("END:VCALENDAR")
  return `${lines.map(fold).join("\r\n")}\r\n`
}
