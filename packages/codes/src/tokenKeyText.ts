/** Token public keys as text: one line per key for config files, environment variables and door setup. */

import type { Result } from "@microdrop/kit"
import { err, ok } from "@microdrop/kit"
import { InvalidKeyText } from "./errors.ts"
import { keyObjectOf } from "./internal/ed25519.ts"
import { stringParameter } from "./internal/options.ts"
import { fromBase64Url } from "./internal/tokenLayout.ts"
import type { TokenPublicKey } from "./TokenKey.ts"

/**
 * Writes a token public key as `<key id>:<32 raw bytes as base64url>` (46 or 47 characters, no
 * padding), the form {@link parseTokenPublicKey} and `@microdrop/relay`'s `publicKeys` read.
 *
 * @param key - A public key (raw bytes or a `KeyObject`), e.g. `generateTokenKeyPair(1).publicKey`.
 * @returns The key as one line of text.
 * @throws InvalidCodeOptions for an id outside 0-255, a key that is not 32 bytes, or a private key.
 * @example
 * ```ts
 * import { formatTokenPublicKey, generateTokenKeyPair } from "@microdrop/codes"
 * formatTokenPublicKey(generateTokenKeyPair(1, new Uint8Array(32)).publicKey)
 * // => "1:O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik"
 * ```
 * @since 0.1.0
 */
export const formatTokenPublicKey = (key: TokenPublicKey): string => {
  // checks the id (0-255), the key's size, and that a KeyObject is an Ed25519 public key
  const object = keyObjectOf(key, "public", "key")
  const bytes =
    key.key instanceof Uint8Array
      ? key.key
      : Buffer.from(object.export({ format: "jwk" }).x ?? "", "base64url")
  return `${key.id}:${Buffer.from(bytes).toString("base64url")}`
}

/**
 * Reads a token public key written as `<key id>:<32 raw bytes as base64url or hex>` (surrounding
 * white space is ignored), as {@link formatTokenPublicKey} writes it.
 *
 * @param text - The key text, e.g. from a config file.
 * @returns `{ ok: true, value: { type: "public", id, key } }` with the 32 raw bytes, or
 *   `{ ok: false, error }` with `InvalidKeyText` naming the rule the text broke.
 * @throws InvalidCodeOptions when `text` is not a string (a bug in the caller).
 * @example
 * ```ts
 * import { parseTokenPublicKey } from "@microdrop/codes"
 * parseTokenPublicKey("1:O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik")  // => { ok: true, value: { type: "public", id: 1, key: Uint8Array(32) } }
 * parseTokenPublicKey("1:abc")  // => { ok: false, error: InvalidKeyText }
 * ```
 * @since 0.1.0
 */
export const parseTokenPublicKey = (
  text: string
): Result<TokenPublicKey & { readonly type: "public"; readonly key: Uint8Array }, InvalidKeyText> => {
  const m = /^(\d{1,3}):([A-Za-z0-9_-]+)$/.exec(stringParameter(text, "text").trim())
  if (m === null)
    return err(
      new InvalidKeyText({ rule: "it must be a key id, a colon, then the key bytes (base64url or hex)" })
    )
  const id = Number(m[1])
  if (id > 255) return err(new InvalidKeyText({ rule: `key id ${id} is above 255` }))
  const body = m[2] as string
  const hex = /^[0-9a-fA-F]{64}$/.test(body)
  if (!hex && body.length !== 43)
    return err(
      new InvalidKeyText({
        rule: `the key part has ${body.length} characters; 32 bytes are 43 base64url characters or 64 hex digits`
      })
    )
  // base64url of 32 bytes leaves 2 spare bits in the last character: they must be zero (canonical)
  const bytes = hex ? Buffer.from(body, "hex") : fromBase64Url(body)
  if (bytes === undefined)
    return err(
      new InvalidKeyText({ rule: "the base64url key part is not canonical (its last character is off)" })
    )
  return ok({ type: "public", id, key: new Uint8Array(bytes) })
}
