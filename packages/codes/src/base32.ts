/** Crockford Base32 encoding of bytes: five bits per character, most significant bits first. */

import type { Result } from "@microdrop/kit"
import { err, ok } from "@microdrop/kit"
import type { InvalidCharacter } from "./errors.ts"
import { InvalidLength, NonCanonicalEncoding } from "./errors.ts"
import { ALPHABET, VALUE_OF } from "./internal/alphabet.ts"
import { refuse } from "./internal/options.ts"
import { normalize } from "./normalize.ts"

/**
 * Encodes bytes as Crockford Base32 (no padding characters; the last character's unused low bits are 0).
 *
 * @param bytes - Any bytes.
 * @returns The canonical Base32 text, `ceil(bytes.length * 8 / 5)` characters long.
 * @throws InvalidCodeOptions when `bytes` is not a `Uint8Array`.
 * @example
 * ```ts
 * import { encode } from "@microdrop/codes"
 * encode(new TextEncoder().encode("hi"))  // => "D1MG"
 * ```
 * @since 0.1.0
 */
export const encode = (bytes: Uint8Array): string => {
  if (!(bytes instanceof Uint8Array)) refuse("bytes", "must be a Uint8Array", bytes)
  let out = ""
  let buffer = 0
  let bits = 0
  for (let i = 0; i < bytes.length; i++) {
    buffer = ((buffer << 8) | (bytes[i] as number)) & 0xfff // at most 12 live bits
    bits += 8
    while (bits >= 5) {
      bits -= 5
      out += ALPHABET[(buffer >>> bits) & 31]
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31]
  return out
}

/**
 * Decodes Crockford Base32 text to bytes. Reads text as a person types it (any case, I/L as 1, O as 0,
 * spaces and dashes ignored) and rejects anything that no encoder produces.
 *
 * @param text - Base32 text.
 * @returns The bytes, or an error: `InvalidCharacter` (with the position and character, e.g. a `U`),
 *   `InvalidLength` (a length no byte string encodes to), `NonCanonicalEncoding` (stray padding bits).
 * @throws InvalidCodeOptions when `text` is not a string.
 * @example
 * ```ts
 * import { decode } from "@microdrop/codes"
 * decode("d1mg")  // => { ok: true, value: Uint8Array [104, 105] }
 * decode("D1MU")  // => { ok: false, error: InvalidCharacter at index 3 }
 * ```
 * @since 0.1.0
 */
export const decode = (
  text: string
): Result<Uint8Array, InvalidCharacter | InvalidLength | NonCanonicalEncoding> => {
  const normalized = normalize(text)
  if (!normalized.ok) return normalized
  const canonical = normalized.value
  const n = canonical.length
  const byteLength = Math.floor((n * 5) / 8)
  // A valid length is ceil(8k/5) for some k: the leftover bits must be fewer than 5.
  if (n * 5 - byteLength * 8 >= 5) {
    return err(
      new InvalidLength({
        length: n,
        expected: "a length that encodes whole bytes (not 1, 3 or 6 more than a multiple of 8)"
      })
    )
  }
  const out = new Uint8Array(byteLength)
  let buffer = 0
  let bits = 0
  let j = 0
  for (let i = 0; i < n; i++) {
    buffer = ((buffer << 5) | (VALUE_OF[canonical.charCodeAt(i)] as number)) & 0xfff
    bits += 5
    if (bits >= 8) {
      bits -= 8
      out[j++] = (buffer >>> bits) & 0xff
    }
  }
  if (bits > 0 && (buffer & ((1 << bits) - 1)) !== 0) return err(new NonCanonicalEncoding({ index: n - 1 }))
  return ok(out)
}
