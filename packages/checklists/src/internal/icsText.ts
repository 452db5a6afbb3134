/**
 * RFC 5545 content lines: TEXT escaping, UTC and local DATE-TIME values, and folding at 75 octets
 * without splitting a UTF-8 character.
 */
import { localTime } from "./timeZone.ts"

const encoder = new TextEncoder()

/** Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma, newline; drops other controls. */
export const escapeText = (s: string): string =>
  s
    .replace(/\r\n?/g, "\n")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, "\\n")

/** Folds one content line into lines of at most 75 octets, continuation lines starting with a space. */
export const fold = (line: string): string => {
  const out: string[] = []
  let current = ""
  let octets = 0
  for (const ch of line) {
    const size = encoder.encode(ch).length
    const limit = out.length === 0 ? 75 : 74
    if (octets + size > limit) {
      out.push(current)
      current = ""
      octets = 0
    }
    current += ch
    octets += size
  }
  out.push(current)
  return out.join("\r\n ")
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0")

/** `20261025T013000Z`. */
export const utcValue = (ms: number): string => {
  const d = new Date(ms)
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`
}

/** `20261025T023000`: the local wall time of an instant in a zone. */
export const localValue = (ms: number, timeZone: string): string => {
  const l = localTime(ms, timeZone)
  return `${pad(l.year, 4)}${pad(l.month)}${pad(l.day)}T${pad(l.hour)}${pad(l.minute)}${pad(l.second)}`
}
