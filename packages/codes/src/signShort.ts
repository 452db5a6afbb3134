/** Signs a small payload into a short code a person can type: key id, payload, truncated HMAC tag, check character. */
import { encode } from "./base32.ts"
import { withCheck } from "./checkCharacter.ts"
import { InvalidCodeOptions } from "./errors.ts"
import { group } from "./group.ts"
import { ALPHABET } from "./internal/alphabet.ts"
import { bitsToChars, keyObjectOf, macInput, truncatedHmac } from "./internal/hmac.ts"
import { optionsObject } from "./internal/options.ts"
import { tagLengthOf } from "./internal/tagLength.ts"
import type { ShortCodeOptions, ShortKey } from "./ShortKey.ts"

/** Largest payload in bytes (26 characters): a short code is meant to be typed. */
const MAX_PAYLOAD = 16

/**
 * Signs `payload` (e.g. a ticket serial and a tier, 1-16 bytes) into a short code that a door can
 * check offline with the same key: `[key id][payload in Base32][tag][check character]`, grouped for
 * display. The tag is HMAC-SHA256 over the key id, payload and tag length, truncated to
 * `tagLength` characters (default 8 = 40 bits: one guess forges a code with probability 2^-40 ≈ 9.1 × 10⁻¹³).
 *
 * @param payload - 1 to 16 bytes to sign; they are readable by anyone holding the code.
 * @param key - The signing key (id 0-31, secret ≥ 16 bytes).
 * @param options - `tagLength` (7-51 characters, default 8) and `groupSize` (default 4).
 * @returns The code for display, e.g. `"100N-0HGZ-6B9B-94"` for a 2-byte payload.
 * @throws InvalidCodeOptions for an empty or too long payload, a bad key, a tag below 7 characters or
 *   options that are not an object.
 * @example
 * ```ts
 * import { signShort, verifyShort } from "@microdrop/codes"
 * const key = { id: 1, secret: new Uint8Array(32).fill(7) }
 * const code = signShort(Uint8Array.of(0, 42), key)  // => "100N-0HGZ-6B9B-94" (14 characters)
 * verifyShort(code, [key]).ok                         // => true
 * ```
 * @since 0.1.0
 */
export const signShort = (payload: Uint8Array, key: ShortKey, options: ShortCodeOptions = {}): string => {
  if (!(payload instanceof Uint8Array) || payload.length < 1 || payload.length > MAX_PAYLOAD) {
    throw new InvalidCodeOptions({
      option: "payload",
      rule: `must be 1 to ${MAX_PAYLOAD} bytes, got ${payload instanceof Uint8Array ? payload.length : typeof payload}`
    })
  }
  const o = optionsObject(options, "options")
  const tagLength = tagLengthOf(o.tagLength)
  const keyObject = keyObjectOf(key)
  const body = (ALPHABET[key.id] as string) + encode(payload)
  const tag = bitsToChars(truncatedHmac(keyObject, macInput(tagLength, body), tagLength * 5), tagLength)
  return group(withCheck(body + tag), o.groupSize ?? 4)
}
