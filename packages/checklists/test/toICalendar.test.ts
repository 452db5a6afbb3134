import fc from "fast-check"
import ICAL from "ical.js"
import { describe, expect, it } from "vitest"
import { decodeTemplate } from "../src/decodeTemplate.ts"
import { addItem } from "../src/editTemplate.ts"
import { fold } from "../src/internal/icsText.ts"
import { instantiate, type Run, scheduleOf, tick } from "../src/Run.ts"
import { launch } from "../src/templates/launch.ts"
import { loadIn } from "../src/templates/loadIn.ts"
import { toICalendar } from "../src/toICalendar.ts"
import { dagTemplate } from "./support/dags.ts"

const NOW = "2026-10-20T09:00:00Z"

/** Parses with ical.js, registering the file's own VTIMEZONEs (ical.js has no zone data but UTC). */
const parse = (text: string) => {
  const cal = new ICAL.Component(ICAL.parse(text))
  for (const tz of cal.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(tz))
  return cal
}
const instant = (c: ICAL.Component, name: string): number | undefined => {
  const v = c.getFirstPropertyValue(name) as ICAL.Time | null
  return v === null ? undefined : v.toUnixTime() * 1000
}

const checkAgainstSchedule = (run: Run, text: string, kind: "vtodo" | "vevent") => {
  const cal = parse(text)
  const s = scheduleOf(run)
  const comps = cal.getAllSubcomponents(kind)
  expect(comps.length).toBe(run.template.items.length)
  run.template.items.forEach((item, i) => {
    const c = comps[i] as ICAL.Component
    const x = s.items[i]
    expect(c.getFirstPropertyValue("summary")).toBe(item.title)
    if (kind === "vtodo") expect(instant(c, "due")).toBe(x?.finish)
    if ((x?.finish ?? 0) > (x?.start ?? 0) || kind === "vevent") expect(instant(c, "dtstart")).toBe(x?.start)
  })
  return cal
}

describe("toICalendar", () => {
  it("places every to-do at the right instant across the Berlin DST change, read back by ical.js", () => {
    const run = instantiate(loadIn, {
      anchors: { doors: "2026-10-25T02:30:00+01:00" },
      timeZone: "Europe/Berlin"
    })
    const text = toICalendar(run, { now: NOW })
    const cal = checkAgainstSchedule(run, text, "vtodo")
    // Every TZID used has its VTIMEZONE, which holds both offsets of that night.
    const tzids = new Set([...text.matchAll(/TZID=([^:;]+)/g)].map((m) => m[1]))
    expect([...tzids]).toEqual(["Europe/Berlin"])
    const vtz = cal.getAllSubcomponents("vtimezone")
    expect(vtz.map((z) => z.getFirstPropertyValue("tzid"))).toEqual(["Europe/Berlin"])
    expect(text).toContain("TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100")
  })

  it("writes a wall time the DST change repeats in UTC, since a TZID would mean its first occurrence", () => {
    // An item at 02:15 CET on 2026-10-25: 02:15 also happened an hour earlier in CEST.
    const t = addItem(loadIn, {
      id: "late-check",
      title: "Late check",
      owner: "crew",
      anchor: "doors",
      offset: -15,
      duration: 5
    })
    const run = instantiate(t, { anchors: { doors: "2026-10-25T02:30:00+01:00" }, timeZone: "Europe/Berlin" })
    const text = toICalendar(run, { now: NOW })
    expect(text).toContain("DTSTART:20261025T011500Z")
    checkAgainstSchedule(run, text, "vtodo")
  })

  it("New York, VEVENTs and UTC output read back the same instants", () => {
    const run = instantiate(launch, {
      anchors: { doors: "2026-11-01T03:00:00-05:00" },
      timeZone: "America/New_York"
    })
    checkAgainstSchedule(run, toICalendar(run, { now: NOW, components: "VEVENT" }), "vevent")
    const utc = toICalendar(run, { now: NOW, utc: true })
    expect(utc).not.toContain("TZID")
    expect(utc).not.toContain("VTIMEZONE")
    checkAgainstSchedule(run, utc, "vtodo")
  })

  it("has UID, DTSTAMP, status and completion, and escapes text", () => {
    const t = addItem(launch, {
      id: "odd",
      title: "Cables; adapters, tape \\ and\nmore",
      owner: "tech",
      anchor: "doors",
      offset: -60,
      duration: 10,
      notes:
        "Ünïcödé notes that are long enough to be folded over several lines of an iCalendar file, 🎧🎧🎧🎧🎧🎧"
    })
    let run = instantiate(t, { anchors: { doors: "2026-10-25T19:00:00Z" }, timeZone: "UTC" })
    run = tick(run, "odd", { by: "ana", at: "2026-10-25T18:05:00Z" })
    const text = toICalendar(run, { now: NOW, components: "both" })
    const cal = parse(text)
    const todos = cal.getAllSubcomponents("vtodo")
    const events = cal.getAllSubcomponents("vevent")
    expect(todos.length).toBe(t.items.length)
    expect(events.length).toBe(t.items.length)
    const uids = [...todos, ...events].map((c) => c.getFirstPropertyValue("uid"))
    expect(new Set(uids).size).toBe(uids.length)
    const odd = todos.find(
      (c) => c.getFirstPropertyValue("summary") === "Cables; adapters, tape \\ and\nmore"
    )
    expect(odd?.getFirstPropertyValue("status")).toBe("COMPLETED")
    expect(instant(odd as ICAL.Component, "completed")).toBe(Date.parse("2026-10-25T18:05:00Z"))
    expect(instant(odd as ICAL.Component, "dtstamp")).toBe(Date.parse(NOW))
    expect(String(odd?.getFirstPropertyValue("description"))).toContain("🎧🎧🎧🎧🎧🎧")
    // Every physical line is at most 75 octets and lines end in CRLF.
    for (const line of text.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75)
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/)
  })

  it("ical.js reads back every instant, for random templates and zones around their DST changes (property)", () => {
    const zones = [
      "Europe/Berlin",
      "America/New_York",
      "Australia/Lord_Howe",
      "America/Sao_Paulo",
      "Asia/Kolkata"
    ]
    // Anchor instants spread over 2026–2027, plus ones right at a change (Berlin 2026-10-25 01:00Z,
    // New York 2026-03-08 07:00Z, Lord Howe's 30-minute shift 2026-10-03 15:30Z).
    const instants = fc.oneof(
      fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) }).map((t) => t - (t % 60_000)),
      fc.constantFrom(Date.UTC(2026, 9, 25, 1), Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 9, 3, 15, 30))
    )
    fc.assert(
      fc.property(
        dagTemplate(),
        instants,
        fc.constantFrom(...zones),
        fc.boolean(),
        (t, at, timeZone, events) => {
          const run = instantiate(t, { anchors: { a0: at }, timeZone })
          checkAgainstSchedule(
            run,
            toICalendar(run, { now: NOW, components: events ? "VEVENT" : "VTODO" }),
            events ? "vevent" : "vtodo"
          )
        }
      ),
      { numRuns: 60 }
    )
  })

  it("writes the last minute of Berlin's repeated hour so ical.js reads the same instant (regression, seed -1288424823)", () => {
    const t = decodeTemplate({
      id: "dag",
      title: "Random DAG",
      anchors: [{ id: "a0", title: "Anchor 0", offset: 0 }],
      items: [
        {
          id: "i0",
          title: "Item 0",
          owner: "tech",
          anchor: "a0",
          offset: -1,
          duration: 0,
          dependsOn: [],
          critical: false
        }
      ]
    })
    // doors at 2026-10-25 01:00Z (03:00 CEST → 02:00 CET); the item starts at 00:59Z, 02:59 CEST, a wall time that repeats
    const run = instantiate(t, { anchors: { a0: Date.UTC(2026, 9, 25, 1) }, timeZone: "Europe/Berlin" })
    for (const components of ["VTODO", "VEVENT"] as const)
      checkAgainstSchedule(
        run,
        toICalendar(run, { now: NOW, components }),
        components === "VEVENT" ? "vevent" : "vtodo"
      )
  })

  it("folds without splitting a multi-byte character", () => {
    const line = `DESCRIPTION:${"é".repeat(100)}`
    const parts = fold(line).split("\r\n ")
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(75)
    expect(parts.join("")).toBe(line)
  })

  it("rejects a bad DTSTAMP time", () => {
    const run = instantiate(launch, { anchors: { doors: 0 }, timeZone: "UTC" })
    expect(() => toICalendar(run, { now: "yesterday" })).toThrow(/now/)
  })
})
