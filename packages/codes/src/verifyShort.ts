/** Checks a short signed code offline: format, check character, key id and truncated HMAC tag. */
import { createHmac } from "node:crypto"
import type { Result } from "@microdrop/kit"
import { err, ok } from "@microdrop/kit"
import {
  InvalidCharacter,
  InvalidCheckCharacter,
  InvalidLength,
  InvalidSignature,
  NonCanonicalEncoding,
  type ShortCodeError,
  UnknownKey
} from "./errors.ts"
import { ALPHABET, codeValue, INVALID, SKIP } from "./internal/alphabet.ts"
import { keyObjectOf, macInput } from "./internal/hmac.ts"
import { optionsObject, refuse, stringParameter } from "./internal/options.ts"
import { tagLengthOf } from "./internal/tagLength.ts"
import type { ShortCodeOptions, ShortKey, VerifiedShortCode } from "./ShortKey.ts"

/** Multiplies by 2 in GF(32) (the Damm step of the check character, inlined for speed). */
const double = (x: number): number => ((x << 1) ^ (x & 16 ? 0b100101 : 0)) & 31

/** A Base32 length that encodes whole bytes (not 1, 3 or 6 more than a multiple of 8). */
const wholeBytes = (n: number): boolean => n * 5 - Math.floor((n * 5) / 8) * 8 < 5

/** Longest code read: key, 16-byte payload (26 characters), 51-character tag, check character. */
const MAX_CHARS = 79
/** Scratch space reused by every call (verification is synchronous, so calls never overlap). */
const scratch = Buffer.allocUnsafe(16 + MAX_CHARS)
const values = new Uint8Array(MAX_CHARS)
/** The MAC prefix (`macInput(tagLength, "")`) already in `scratch`, and for which tag length. */
let prefixFor = -1
let prefixLength = 0

const findKey = (keys: ShortKey | ReadonlyArray<ShortKey>, id: number): ShortKey | undefined => {
  if (!Array.isArray(keys)) return (keys as ShortKey).id === id ? (keys as ShortKey) : undefined
  for (const key of keys as ReadonlyArray<ShortKey>) {
    if (typeof key !== "object" || key === null)
      return refuse("keys", "must hold short keys { id, secret }", key)
    if (key.id === id) return key
  }
  return undefined
}

/** The key ids `keys` holds, for `UnknownKey`; a key without a numeric id is refused, naming `keys`. */
const knownIds = (keys: ShortKey | ReadonlyArray<ShortKey>): ReadonlyArray<number> =>
  (Array.isArray(keys) ? (keys as ReadonlyArray<ShortKey>) : [keys as ShortKey]).map((k) =>
    typeof k?.id === "number" ? k.id : refuse("keys", "must hold short keys { id, secret }", k)
  )

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
 * @throws InvalidCodeOptions for a tag length below 7, a malformed key, a `code` that is not a string or
 *   options that are not an object (bugs in the caller).
 * @example
 * ```ts
 * import { signShort, verifyShort } from "@microdrop/codes"
 * const key = { id: 1, secret: new Uint8Array(32).fill(7) }
 * verifyShort(signShort(Uint8Array.of(0, 42), key), [key])
 * // => { ok: true, value: { code: "100N0HGZ6B9B94", keyId: 1, payload: Uint8Array [0, 42] } }
 * verifyShort("100N-0HGZ-6B9B-95", [key]).ok  // => false (InvalidCheckCharacter)
 * ```
 * @since 0.1.0
 */
export const verifyShort = (
  code: string,
  keys: ShortKey | ReadonlyArray<ShortKey>,
  options: ShortCodeOptions = {}
): Result<VerifiedShortCode, ShortCodeError> => {
  stringParameter(code, "code")
  if (!Array.isArray(keys) && (typeof keys !== "object" || keys === null))
    refuse("keys", "must be a short key or a list of them", keys)
  const tagLength = tagLengthOf(optionsObject(options, "options").tagLength)
  // One pass: the Damm check, and the canonical characters written straight after the MAC prefix in
  // a scratch buffer (the HMAC reads them from there; no intermediate strings).
  if (tagLength !== prefixFor) {
    prefixLength = scratch.write(macInput(tagLength, ""), 0, "latin1")
    prefixFor = tagLength
  }
  const start = prefixLength
  let x = 0
  let n = 0
  for (let i = 0; i < code.length; i++) {
    const v = codeValue(code.charCodeAt(i))
    if (v === SKIP) continue
    if (v === INVALID)
      return err(
        new InvalidCharacter({ index: i, character: String.fromCodePoint(code.codePointAt(i) ?? 0) })
      )
    x = double(x) ^ v
    if (n < MAX_CHARS) {
      values[n] = v
      scratch[start + n] = ALPHABET.charCodeAt(v)
    }
    n++
  }
  const payloadChars = n - tagLength - 2
  if (payloadChars < 2 || n > MAX_CHARS || !wholeBytes(payloadChars)) {
    return err(
      new InvalidLength({
        length: n,
        expected: `${tagLength + 4} to ${MAX_CHARS} characters (key, payload, ${tagLength}-character tag, check character)`
      })
    )
  }
  if (x !== 0) return err(new InvalidCheckCharacter({ code: scratch.toString("latin1", start, start + n) }))
  const keyId = values[0] as number
  const key = findKey(keys, keyId)
  if (key === undefined) return err(new UnknownKey({ keyId, known: knownIds(keys) }))
  const tagStart = 1 + payloadChars
  const digest = createHmac("sha256", keyObjectOf(key))
    .update(scratch.subarray(0, start + tagStart))
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
    diff |= ((buffer >>> bits) & 31) ^ (values[tagStart + j] as number)
  }
  if (diff !== 0) return err(new InvalidSignature({ subject: "short code", keyId }))
  // The payload: 5 bits per character from values[1] to values[tagStart - 1].
  const payload = new Uint8Array(Math.floor((payloadChars * 5) / 8))
  buffer = 0
  bits = 0
  byte = 0
  for (let j = 1; j < tagStart; j++) {
    buffer = ((buffer << 5) | (values[j] as number)) & 0xfff
    bits += 5
    if (bits >= 8) {
      bits -= 8
      payload[byte++] = (buffer >>> bits) & 0xff
    }
  }
  if (bits > 0 && (buffer & ((1 << bits) - 1)) !== 0)
    return err(new NonCanonicalEncoding({ index: tagStart - 1 }))
  return ok({ code: scratch.toString("latin1", start, start + n), keyId, payload })
}
