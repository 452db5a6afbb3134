/** Signs QR token claims with an Ed25519 private key into compact base64url text. */
import { Schema } from "effect"
import { InvalidCodeOptions } from "./errors.js"
import { ed25519Sign, keyObjectOf } from "./internal/ed25519.js"
import { encodeToken } from "./internal/tokenLayout.js"
import { TokenClaims } from "./TokenClaims.js"
import type { TokenPrivateKey } from "./TokenKey.js"

const check = Schema.decodeUnknownResult(TokenClaims)

/**
 * Signs a token for a QR code: the claims in a compact binary form (11 header bytes, each string
 * with one length byte) followed by a 64-byte Ed25519 signature, as base64url. A typical token
 * (id `"T0000042"`, event `"EV-2026-11"`, kind `"vip"`) is 99 bytes = 132 characters, which fits a
 * version 6 QR code at error correction L (134 bytes) or version 8 at M (152).
 *
 * @param claims - Token id, event, kind, `nbf` and `exp` (seconds since the epoch), optional holder.
 * @param privateKey - `{ id, key }`: key id 0-255 and the Ed25519 private key (KeyObject or 32-byte seed).
 * @returns The token as base64url text (no padding).
 * @throws InvalidCodeOptions when the claims break the `TokenClaims` schema (the message names the
 *   field) or the key is not an Ed25519 private key.
 * @example
 * ```ts
 * import { generateTokenKeyPair, signToken, verifyToken } from "@microdrop/codes"
 * const { privateKey, publicKey } = generateTokenKeyPair(1)
 * const token = signToken({ id: "T0000042", event: "EV-2026-11", kind: "vip", nbf: 1_700_000_000, exp: 1_800_000_000 }, privateKey)
 * token.length                                                        // => 132
 * verifyToken(token, [publicKey], { now: 1_750_000_000_000 }).ok     // => true
 * ```
 * @since 0.2.0
 */
export const signToken = (claims: TokenClaims, privateKey: TokenPrivateKey): string => {
  const checked = check(claims)
  if (checked._tag === "Failure") {
    throw new InvalidCodeOptions({ option: "claims", rule: checked.failure.message.replaceAll("\n", " ") })
  }
  const key = keyObjectOf(privateKey, "private")
  const signed = encodeToken(privateKey.id, checked.success)
  return Buffer.concat([signed, ed25519Sign(key, signed)]).toString("base64url")
}
