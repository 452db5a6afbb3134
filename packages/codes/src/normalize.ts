/** Reads what a person typed into the canonical form of a code. */

import type { Result } from "@microdrop/kit"
import { err, ok } from "@microdrop/kit"
import { InvalidCharacter } from "./errors.ts"
import { ALPHABET, codeValue, INVALID, SKIP } from "./internal/alphabet.ts"
import { stringParameter } from "./internal/options.ts"

/**
 * Turns what a person typed into the canonical code: uppercase, without spaces or dashes, with
 * I and L read as 1 and O as 0 (Crockford's rules). `normalize` undoes `group`.
 *
 * @param input - The text as typed or scanned.
 * @returns `{ ok: true, value }` with the canonical code (possibly empty), or `{ ok: false, error }`
 *   with `InvalidCharacter` naming the first character outside the alphabet and its position.
 * @throws InvalidCodeOptions when `input` is not a string (a bug in the caller, e.g. `null`).
 * @example
 * ```ts
 * import { normalize } from "@microdrop/codes"
 * normalize(" abcd-efgh-jio ")  // => { ok: true, value: "ABCDEFGHJ10" }
 * normalize("ABCU")             // => { ok: false, error: InvalidCharacter (index 3, "U") }
 * ```
 * @since 0.1.0
 */
export const normalize = (input: string): Result<string, InvalidCharacter> => {
  stringParameter(input, "input")
  let out = ""
  for (let i = 0; i < input.length; i++) {
    const v = codeValue(input.charCodeAt(i))
    if (v === SKIP) continue
    if (v === INVALID)
      return err(
        new InvalidCharacter({ index: i, character: String.fromCodePoint(input.codePointAt(i) ?? 0) })
      )
    out += ALPHABET[v]
  }
  return ok(out)
}
