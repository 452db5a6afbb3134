/** The lookup table that reads what a person types into Crockford Base32 values. */

import { ALPHABET } from "../alphabet.ts"

export { ALPHABET }

/** Marks a character that is ignored when reading a code (spaces, dashes). */
export const SKIP = -2
/** Marks a character that is not allowed. */
export const INVALID = -1

/**
 * For every UTF-16 code unit below 128: its value (0-31), SKIP or INVALID. Lowercase letters read as
 * uppercase, I and L as 1, O as 0 (Crockford's decoding rules).
 */
export const VALUE_OF: Int8Array = (() => {
  const table = new Int8Array(128).fill(INVALID)
  for (let v = 0; v < 32; v++) {
    const c = ALPHABET.charCodeAt(v)
    table[c] = v
    table[c | 0x20] = v // lowercase (no effect on digits, whose 0x20 bit is already set)
  }
  for (const [ch, v] of [
    ["I", 1],
    ["L", 1],
    ["O", 0]
  ] as const) {
    table[ch.charCodeAt(0)] = v
    table[ch.toLowerCase().charCodeAt(0)] = v
  }
  for (const ch of " \t\n\r-_") table[ch.charCodeAt(0)] = SKIP
  return table
})()

/** Dash-like characters phones substitute for "-" (hyphen, non-breaking hyphen, figure/en/em dash, minus). */
const isDashOrSpace = (code: number): boolean =>
  (code >= 0x2010 && code <= 0x2015) ||
  code === 0x2212 ||
  code === 0x00a0 ||
  code === 0x202f ||
  code === 0x3000

/** The value of one UTF-16 code unit: 0-31, SKIP or INVALID. */
export const codeValue = (code: number): number =>
  code < 128 ? (VALUE_OF[code] as number) : isDashOrSpace(code) ? SKIP : INVALID
