/** Checks a short signed code offline: format, check character, key id and truncated HMAC tag. */
import { createHmac } from "node:crypto"
import { decode } from "./base32.js"
import {
  InvalidCharacter,
  InvalidCheckCharacter,
  InvalidLength,
  InvalidSignature,
  type ShortCodeError,
  UnknownKey
} from "./errors.js"
import { ALPHABET, codeValue, INVALID, SKIP } from "./internal/alphabet.js"
import { keyObjectOf, macInput } from "./internal/hmac.js"
import { err, ok } from "./internal/result.js"
import { tagLengthOf } from "./internal/tagLength.js"
import type { Result } from "./Result.js"
import type { ShortCodeOptions, ShortKey, VerifiedShortCode } from "./ShortKey.js"

/** Multiplies by 2 in GF(32) (the Damm step of the check character, inlined for speed). */
const double = (x: number): number => ((x << 1) ^ (x & 16 ? 0b100101 : 0)) & 31

/** A Base32 length that encodes whole bytes (not 1, 3 or 6 more than a multiple of 8). */
const wholeBytes = (n: number): boolean => n * 5 - Math.floor((n * 5) / 8) * 8 < 5

const findKey = (keys: ShortKey | ReadonlyArray<ShortKey>, id: number): ShortKey | undefined => {
  if (!Array.isArray(keys)) return (keys as ShortKey).id === id ? (keys as ShortKey) : undefined
  for (const key of keys as ReadonlyArray<ShortKey>) if (key.id === id) return key
  return undefined
}

/**
 * Verifies a short signed code as a person typed it (any case, spaces, dashes, I/L/O forgiven),
 * offline, with the keys the door holds. It checks, in order: the characters, the length, the check
 * character (a typo), the key id and the tag (a forgery), so the error names the first problem.
 *
 * @param code - The code as typed or scanned.
 * @param keys - The key, or every key still accepted (codes name their key id).
 * @param options - The same `tagLength` the codes were signed with (default 8).
 * @returns The canonical code, its key id and payload, or one of `InvalidCharacter`, `InvalidLength`,
 *   `InvalidCheckCharacter`, `UnknownKey`, `InvalidSignature`, `NonCanonicalEncoding`.
 * @throws InvalidCodeOptions for a tag length below 7 or a malformed key (bugs in the caller).
 * @example
 * ```ts
 * import { signShort, verifyShort } from "@microdrop/codes"
 * const key = { id: 1, secret: new Uint8Array(32).fill(7) }
 * verifyShort(signShort(Uint8Array.of(0, 42), key), [key])
 * // => { ok: true, value: { code: "100N0HGZ6B9B94", keyId: 1, payload: Uint8Array [0, 42] } }
 * verifyShort("100N-0HGZ-6B9B-95", [key]).ok  // => false (InvalidCheckCharacter)
 * ```
 * @since 0.2.0
 */
export const verifyShort = (
  code: string,
  keys: ShortKey | ReadonlyArray<ShortKey>,
  options: ShortCodeOptions = {}
): Result<VerifiedShortCode, ShortCodeError> => {
  const tagLength = tagLengthOf(options.tagLength)
  let x = 0
  let canonical = ""
  for (let i = 0; i < code.length; i++) {
    const v = codeValue(code.charCodeAt(i))
    if (v === SKIP) continue
    if (v === INVALID)
      return err(
        new InvalidCharacter({ index: i, character: String.fromCodePoint(code.codePointAt(i) ?? 0) })
      )
    x = double(x) ^ v
    canonical += ALPHABET[v]
  }
  const payloadChars = canonical.length - tagLength - 2
  if (payloadChars < 2 || !wholeBytes(payloadChars)) {
    return err(
      new InvalidLength({
        length: canonical.length,
        expected: `${tagLength + 4} or more characters (key, payload, ${tagLength}-character tag, check character)`
      })
    )
  }
  if (x !== 0) return err(new InvalidCheckCharacter({ code: canonical }))
  const keyId = codeValue(canonical.charCodeAt(0))
  const key = findKey(keys, keyId)
  if (key === undefined) {
    const known = Array.isArray(keys)
      ? (keys as ReadonlyArray<ShortKey>).map((k) => k.id)
      : [(keys as ShortKey).id]
    return err(new UnknownKey({ keyId, known }))
  }
  const tagStart = 1 + payloadChars
  const digest = createHmac("sha256", keyObjectOf(key))
    .update(macInput(tagLength, canonical.slice(0, tagStart)), "latin1")
    .digest()
  // Compare every tag character without an early exit, so timing does not reveal how much matched.
  let diff = 0
  let buffer = 0
  let bits = 0
  let byte = 0
  for (let j = 0; j < tagLength; j++) {
    if (bits < 5) {
      buffer = ((buffer << 8) | (digest[byte++] as number)) & 0xfff
      bits += 8
    }
    bits -= 5
    diff |= ALPHABET.charCodeAt((buffer >>> bits) & 31) ^ canonical.charCodeAt(tagStart + j)
  }
  if (diff !== 0) return err(new InvalidSignature({ subject: "short code", keyId }))
  const payload = decode(canonical.slice(1, tagStart))
  if (!payload.ok) return payload
  return ok({ code: canonical, keyId, payload: payload.value })
}
