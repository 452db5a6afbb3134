/** Signs QR token claims with an Ed25519 private key into compact base64url text. */
import { Schema } from "effect"
import { InvalidCodeOptions } from "./errors.ts"
import { ed25519Sign, keyObjectOf } from "./internal/ed25519.ts"
import { describeValue } from "./internal/options.ts"
import { encodeToken } from "./internal/tokenLayout.ts"
import { TokenClaims } from "./TokenClaims.ts"
import type { TokenPrivateKey } from "./TokenKey.ts"

const check = Schema.decodeUnknownResult(TokenClaims)

/** The latest time a token can hold, in seconds (its fields are 32-bit: 2106-02-07). */
const MAX_SECONDS = 0xffff_ffff

/**
 * Refuses a token time (`nbf`, `exp`) that is not whole seconds since the epoch, saying so: a
 * millisecond value (`Date.now()`) is the usual mistake, so the rule names the unit and the fix.
 */
const checkSeconds = (claims: unknown): void => {
  if (typeof claims !== "object" || claims === null) return
  for (const field of ["nbf", "exp"] as const) {
    const value = (claims as Record<string, unknown>)[field]
    if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= MAX_SECONDS) continue
    const ms =
      typeof value === "number" &&
      Number.isInteger(value) &&
      value > MAX_SECONDS &&
      value / 1000 <= MAX_SECONDS
    throw new InvalidCodeOptions({
      option: `claims.${field}`,
      rule: `must be whole seconds since the Unix epoch (0 to ${MAX_SECONDS}, not milliseconds), got ${describeValue(value)}${
        ms ? `: that looks like milliseconds, use Math.floor(${value} / 1000)` : ""
      }`
    })
  }
}

/**
 * Signs a token for a QR code: the claims in a compact binary form (11 header bytes, each string
 * with one length byte) followed by a 64-byte Ed25519 signature, as base64url. A typical token
 * (id `"T0000042"`, event `"EV-2026-11"`, kind `"vip"`) is 99 bytes = 132 characters, which fits a
 * version 6 QR code at error correction L (134 bytes) or version 8 at M (152).
 *
 * @param claims - Token id, event, kind, `nbf` and `exp` (seconds since the epoch), optional holder.
 * @param privateKey - `{ id, key }`: key id 0-255 and the Ed25519 private key (KeyObject or 32-byte seed).
 * @returns The token as base64url text (no padding).
 * @throws InvalidCodeOptions when the claims break the `TokenClaims` schema (`option` names the field;
 *   `nbf` and `exp` must be whole seconds, and a millisecond value is called out as such) or the key is
 *   not an Ed25519 private key (`option: "privateKey.type"` for a public key).
 * @example
 * ```ts
 * import { generateTokenKeyPair, signToken, verifyToken } from "@microdrop/codes"
 * const { privateKey, publicKey } = generateTokenKeyPair(1)
 * const token = signToken({ id: "T0000042", event: "EV-2026-11", kind: "vip", nbf: 1_700_000_000, exp: 1_800_000_000 }, privateKey)
 * token.length                                                        // => 132
 * verifyToken(token, [publicKey], { now: 1_750_000_000_000 }).ok     // => true
 * ```
 * @since 0.1.0
 */
export const signToken = (claims: TokenClaims, privateKey: TokenPrivateKey): string => {
  checkSeconds(claims)
  const checked = check(claims)
  if (checked._tag === "Failure") {
    throw new InvalidCodeOptions({ option: "claims", rule: checked.failure.message.replaceAll("\n", " ") })
  }
  const key = keyObjectOf(privateKey, "private", "privateKey")
  const signed = encodeToken(privateKey.id, checked.success)
  return Buffer.concat([signed, ed25519Sign(key, signed)]).toString("base64url")
}
