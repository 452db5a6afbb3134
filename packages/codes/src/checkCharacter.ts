/**
 * The check character: one extra code character that catches every single mistyped character and
 * every swap of two neighbouring characters.
 *
 * It is the Damm algorithm over GF(32): the running value is `x ∘ d = 2·x ⊕ d`, a totally
 * anti-symmetric quasigroup (Damm 2004), and the check character brings the running value back to 0.
 * Unlike Luhn mod N (which misses some swaps for an even alphabet size) and Crockford's mod-37 check
 * (which needs five symbols outside the alphabet, one of them U), it stays inside the 32 characters.
 */

import type { Result } from "@microdrop/kit"
import { err, ok } from "@microdrop/kit"
import { type InvalidCharacter, InvalidCheckCharacter, InvalidCodeOptions, InvalidLength } from "./errors.ts"
import { ALPHABET, codeValue, INVALID, VALUE_OF } from "./internal/alphabet.ts"
import { stringParameter } from "./internal/options.ts"
import { normalize } from "./normalize.ts"

/** Multiplies by 2 in GF(2^5) with the irreducible polynomial x^5 + x^2 + 1. */
const double = (x: number): number => ((x << 1) ^ (x & 16 ? 0b100101 : 0)) & 31

/** `step(x, d) = 2·x ⊕ d`; a lookup table would be no faster than these two operations. */
const step = (x: number, d: number): number => double(x) ^ d

/**
 * Computes the check character of a canonical body (no separators, alphabet characters only).
 *
 * @param body - Canonical code characters.
 * @returns The one character to append.
 * @throws InvalidCodeOptions when `body` is not a string or holds a character outside the alphabet (normalize it first).
 * @example
 * ```ts
 * import { checkCharacter } from "@microdrop/codes"
 * checkCharacter("ABCDEFGH")  // => "Z"
 * ```
 * @since 0.1.0
 */
export const checkCharacter = (body: string): string => {
  stringParameter(body, "body")
  let x = 0
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i)
    const v = c < 128 ? (codeValue(c) as number) : INVALID
    if (v < 0 || ALPHABET.charCodeAt(v) !== c) {
      throw new InvalidCodeOptions({
        option: "body",
        rule: `character ${i + 1} of "${body}" is not a canonical code character (normalize the body first)`
      })
    }
    x = step(x, v)
  }
  return ALPHABET[double(x)] as string
}

/**
 * Appends the check character to a canonical body.
 *
 * @param body - Canonical code characters (see `normalize`).
 * @returns `body` followed by its check character.
 * @throws InvalidCodeOptions when `body` is not canonical.
 * @example
 * ```ts
 * import { withCheck } from "@microdrop/codes"
 * withCheck("ABCDEFGH")  // => "ABCDEFGHZ"
 * ```
 * @since 0.1.0
 */
export const withCheck = (body: string): string => body + checkCharacter(body)

/**
 * Verifies the check character of a code as a person typed it (case, separators and I/L/O are
 * forgiven as in `normalize`).
 *
 * @param code - The code with its check character last.
 * @returns The canonical body without the check character, or an error: `InvalidCharacter`,
 *   `InvalidLength` (fewer than 2 characters), `InvalidCheckCharacter` (a typo or a swap).
 * @throws InvalidCodeOptions when `code` is not a string.
 * @example
 * ```ts
 * import { verifyCheck } from "@microdrop/codes"
 * verifyCheck("abcd-efgh-z")  // => { ok: true, value: "ABCDEFGH" }
 * verifyCheck("ABCD-EFHG-Z")  // => { ok: false, error: InvalidCheckCharacter }
 * ```
 * @since 0.1.0
 */
export const verifyCheck = (
  code: string
): Result<string, InvalidCharacter | InvalidLength | InvalidCheckCharacter> => {
  const normalized = normalize(code)
  if (!normalized.ok) return normalized
  const canonical = normalized.value
  let x = 0
  for (let i = 0; i < canonical.length; i++) x = step(x, VALUE_OF[canonical.charCodeAt(i)] as number)
  if (canonical.length < 2) {
    return err(
      new InvalidLength({
        length: canonical.length,
        expected: "at least 2 characters (a body and its check character)"
      })
    )
  }
  if (x !== 0) return err(new InvalidCheckCharacter({ code: canonical }))
  return ok(canonical.slice(0, -1))
}
