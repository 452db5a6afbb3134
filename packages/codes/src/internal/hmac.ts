/** Truncated HMAC-SHA256 over Node's crypto, with the secret turned into a KeyObject once per key. */
import { createHmac, createSecretKey, type KeyObject } from "node:crypto"
import { ALPHABET } from "../alphabet.ts"
import { InvalidCodeOptions } from "../errors.ts"
import type { ShortKey } from "../ShortKey.ts"
import { refuse } from "./options.ts"

/** A KeyObject and the secret bytes it was made from: used only while the key still holds them. */
interface Cached {
  readonly id: number
  readonly secret: Uint8Array
  readonly copy: Uint8Array
  readonly object: KeyObject
}

const keyObjects = new WeakMap<ShortKey, Cached>()

const unchanged = (cached: Cached, key: ShortKey): boolean => {
  if (cached.id !== key.id || cached.secret !== key.secret || cached.copy.length !== key.secret.length)
    return false
  for (let i = 0; i < cached.copy.length; i++) if (cached.copy[i] !== key.secret[i]) return false
  return true
}

/**
 * Checks a key and caches its KeyObject (createHmac skips re-importing the secret); the cached object
 * is used only while the key still holds the same id and secret bytes.
 */
export const keyObjectOf = (key: ShortKey): KeyObject => {
  if (typeof key !== "object" || key === null) return refuse("key", "must be a short key { id, secret }", key)
  const cached = keyObjects.get(key)
  if (cached !== undefined && unchanged(cached, key)) return cached.object
  if (!Number.isInteger(key.id) || key.id < 0 || key.id > 31) {
    throw new InvalidCodeOptions({
      option: "key.id",
      rule: `must be a whole number from 0 to 31, got ${key.id}`
    })
  }
  if (!(key.secret instanceof Uint8Array) || key.secret.length < 16) {
    throw new InvalidCodeOptions({
      option: "key.secret",
      rule: `must be at least 16 random bytes, got ${key.secret instanceof Uint8Array ? key.secret.length : typeof key.secret}`
    })
  }
  const created = createSecretKey(key.secret)
  keyObjects.set(key, { id: key.id, secret: key.secret, copy: Uint8Array.from(key.secret), object: created })
  return created
}

/** HMAC-SHA256 of `data` truncated to its first `bits` bits (RFC 4231 §4.6): the low bits of the last byte are zeroed. */
export const truncatedHmac = (
  key: KeyObject | Uint8Array,
  data: string | Uint8Array,
  bits: number
): Uint8Array => {
  const digest = createHmac("sha256", key).update(data).digest()
  const bytes = digest.subarray(0, Math.ceil(bits / 8))
  const rest = bits % 8
  if (rest !== 0) bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) & (0xff << (8 - rest))
  return bytes
}

/** The first `chars` × 5 bits of `bytes` as Crockford Base32 characters, most significant bits first. */
export const bitsToChars = (bytes: Uint8Array, chars: number): string => {
  let out = ""
  let buffer = 0
  let bits = 0
  let i = 0
  while (out.length < chars) {
    if (bits < 5) {
      buffer = ((buffer << 8) | (bytes[i++] ?? 0)) & 0xfff
      bits += 8
    }
    bits -= 5
    out += ALPHABET[(buffer >>> bits) & 31]
  }
  return out
}

/** The text the tag signs: a domain and version, the tag length (so a shorter tag is another message), the code body. */
export const macInput = (tagLength: number, body: string): string => `MDSC1.${tagLength}.${body}`
