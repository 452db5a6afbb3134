/** Time left, for people; shared by the server-rendered pages and their client scripts. */

/** A hold's time left: `9:05`. */
export const minutesLeft = (ms: number): string => {
  const s = Math.max(0, Math.ceil(ms / 1000))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`
}

/** A window's time left: `2d 3h 04m 05s`. */
export const countdown = (ms: number): string => {
  const s = Math.max(0, Math.floor(ms / 1000))
  const d = Math.floor(s / 86_400)
  const h = Math.floor((s % 86_400) / 3600)
  const m = Math.floor((s % 3600) / 60)
  const pad = (n: number) => String(n).padStart(2, "0")
  return `${d > 0 ? `${d}d ` : ""}${h}h ${pad(m)}m ${pad(s % 60)}s`
}
