/**
 * A running checklist as a Markdown task list: one section per anchor, items by start time, each a
 * `- [ ]` / `- [x]` line with its local times, owner, critical mark and who ticked it.
 *
 * @since 0.1.0
 */
import { formatLocal } from "./internal/timeZone.ts"
import { itemStates, type Run, scheduleOf } from "./Run.ts"

/** Escapes Markdown's inline syntax so a title shows as written. */
const escapeMarkdown = (s: string): string =>
  s
    .replace(/[\r\n]+/g, " ")
    .replace(/[\\`*_{}[\]()<>#|~!]/g, (c) => `\\${c}`)
    // A leading list or heading marker would start a block of its own.
    .replace(/^([-+]|\d+(?=[.)]))/, (c) => (/\d/.test(c) ? `${c}\\` : `\\${c}`))

/**
 * Exports a running checklist as a Markdown task list (GitHub-flavoured `- [ ]` items), grouped by
 * the anchor each item is due by, in the run's time zone.
 *
 * @param run - The running checklist.
 * @returns Markdown text.
 * @example
 * ```ts
 * import { instantiate, launch, toMarkdown } from "@microdrop/checklists"
 * const run = instantiate(launch, { anchors: { doors: "2026-10-25T19:00:00+01:00" }, timeZone: "Europe/Berlin" })
 * toMarkdown(run).split("\n")[0] // => "# Launch a hybrid micro-event"
 * ```
 * @since 0.1.0
 */
export const toMarkdown = (run: Run): string => {
  const s = scheduleOf(run)
  const states = itemStates(run)
  const tz = run.timeZone
  const lines = [`# ${escapeMarkdown(run.template.title)}`, "", `Times in ${tz}.`]
  const sections = [
    ...run.template.anchors
      .map((a) => ({
        id: a.id as string | null,
        title: `Before ${a.title}`,
        at: run.anchors[a.id] as number
      }))
      .sort((a, b) => a.at - b.at),
    { id: null, title: "After the last anchor", at: s.end }
  ]
  for (const section of sections) {
    const rows = run.template.items
      .map((item, i) => ({ item, x: s.items[i] as (typeof s.items)[number] }))
      .filter((r) => r.x.deadline === section.id)
      .sort((a, b) => a.x.start - b.x.start || a.x.finish - b.x.finish)
    if (rows.length === 0) continue
    lines.push("", `## ${escapeMarkdown(section.title)} (${formatLocal(section.at, tz)})`, "")
    for (const { item, x } of rows) {
      const state = states.get(item.id)
      const done = state?.done === true
      const when = `${formatLocal(x.start, tz)} → ${formatLocal(x.finish, tz).slice(11, 16)}`
      const tags = [
        escapeMarkdown(item.owner),
        ...(item.critical === true ? ["**critical**"] : []),
        ...(done && state.last !== undefined
          ? [`done by ${escapeMarkdown(state.last.by)} at ${formatLocal(state.last.at, tz).slice(11, 16)}`]
          : [])
      ]
      lines.push(`- [${done ? "x" : " "}] ${when} ${escapeMarkdown(item.title)} (${tags.join(", ")})`)
      if (item.notes !== undefined) lines.push(`  ${escapeMarkdown(item.notes)}`)
    }
  }
  return `${lines.join("\n")}\n`
}
