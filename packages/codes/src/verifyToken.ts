/** Checks a QR token offline: format, key id, Ed25519 signature, claims, revocation and time window. */

import type { Result } from "@microdrop/kit"
import { err, ok } from "@microdrop/kit"
import { Schema } from "effect"
import {
  InvalidSignature,
  MalformedToken,
  type TokenError,
  TokenExpired,
  TokenNotYetValid,
  TokenRevoked,
  UnknownKey
} from "./errors.ts"
import { ed25519Verify, findPublicKey, keyObjectOf } from "./internal/ed25519.ts"
import { duration, epochMillis, refuse, requiredObject } from "./internal/options.ts"
import { decodeToken, fromBase64Url, MAX_TOKEN_BYTES, MIN_TOKEN_BYTES } from "./internal/tokenLayout.ts"
import type { RevocationList } from "./RevocationList.ts"
import { TokenClaims } from "./TokenClaims.ts"
import type { TokenPublicKey } from "./TokenKey.ts"

const decodeClaims = Schema.decodeUnknownResult(TokenClaims)

/**
 * Options of `verifyToken`.
 *
 * @category models
 * @since 0.1.0
 */
export interface VerifyTokenOptions {
  /** The current time in milliseconds since the epoch, from the caller's clock (e.g. `Date.now()` or Effect's `Clock`). */
  readonly now: number
  /** The newest revocation list the door has (see `openRevocationList`); revoked tokens fail with `TokenRevoked`. */
  readonly revocations?: RevocationList | undefined
  /** Seconds of clock difference to forgive at both ends of the validity window (default 0). */
  readonly leeway?: number | undefined
}

/**
 * A token that passed `verifyToken`.
 *
 * @category models
 * @since 0.1.0
 */
export interface VerifiedToken {
  /** The id of the key that signed it. */
  readonly keyId: number
  /** Its claims, decoded with the `TokenClaims` schema. */
  readonly claims: TokenClaims
}

/** A revocation list as `openRevocationList` returns it in `value` (not the `Result` around it). */
const checkRevocations = (value: unknown): RevocationList | undefined => {
  if (value === undefined) return undefined
  const list = value as Partial<RevocationList> & { ok?: unknown }
  if (
    typeof value !== "object" ||
    value === null ||
    typeof list.version !== "number" ||
    typeof (list.tokenIds as { has?: unknown } | undefined)?.has !== "function"
  ) {
    return refuse(
      "revocations",
      `must be a revocation list (the value of an ok openRevocationList result${
        typeof value === "object" && value !== null && "ok" in value
          ? ": pass result.value, not the result"
          : ""
      })`,
      value
    )
  }
  return value as RevocationList
}

/**
 * Verifies a QR token offline with the public keys a door holds. Checks, in order: the format, the
 * key id, the Ed25519 signature, the claims (decoded with `TokenClaims`), the revocation list, then
 * the time window `nbf ≤ now < exp` against the injected clock.
 *
 * @param token - The scanned base64url text.
 * @param publicKeys - The public key, or every key still accepted.
 * @param options - `now` (ms since the epoch), optional `revocations` and `leeway` (seconds).
 * @returns The key id and typed claims, or one of `MalformedToken`, `UnknownKey`, `InvalidSignature`,
 *   `TokenRevoked`, `TokenNotYetValid`, `TokenExpired`.
 * @throws InvalidCodeOptions (a bug in the caller, naming the option) when `options` is missing, `now` is
 *   not a finite number of milliseconds (`NaN`, a `Date`, a string), `leeway` is not a finite number of
 *   seconds ≥ 0, `revocations` is not a revocation list, or a key is malformed or private. A bad clock
 *   is never read as "valid".
 * @example
 * ```ts
 * import { generateTokenKeyPair, signToken, verifyToken } from "@microdrop/codes"
 * const { privateKey, publicKey } = generateTokenKeyPair(1)
 * const token = signToken({ id: "T1", event: "EV1", kind: "ga", nbf: 100, exp: 200 }, privateKey)
 * verifyToken(token, [publicKey], { now: 150_000 })  // => { ok: true, value: { keyId: 1, claims: { id: "T1", … } } }
 * verifyToken(token, [publicKey], { now: 200_000 })  // => { ok: false, error: TokenExpired }
 * ```
 * @since 0.1.0
 */
export const verifyToken = (
  token: string,
  publicKeys: TokenPublicKey | ReadonlyArray<TokenPublicKey>,
  options: VerifyTokenOptions
): Result<VerifiedToken, TokenError> => {
  // The options are checked before the token: a broken clock is refused even for a malformed token.
  requiredObject(options, "options")
  const nowMs = epochMillis(options.now, "now")
  const leeway = duration(options.leeway, "leeway", "seconds", 0)
  const revocations = checkRevocations(options.revocations)
  if (
    typeof token !== "string" ||
    token.length < (MIN_TOKEN_BYTES * 4) / 3 ||
    token.length > Math.ceil((MAX_TOKEN_BYTES * 4) / 3)
  ) {
    return err(
      new MalformedToken({
        reason: `a token has ${Math.ceil((MIN_TOKEN_BYTES * 4) / 3)} to ${Math.ceil((MAX_TOKEN_BYTES * 4) / 3)} characters`
      })
    )
  }
  const bytes = fromBase64Url(token)
  if (bytes === undefined) return err(new MalformedToken({ reason: "it is not base64url text" }))
  const raw = decodeToken(bytes)
  if (typeof raw === "string") return err(new MalformedToken({ reason: raw }))
  const { entry, known } = findPublicKey(publicKeys, raw.keyId, "publicKeys")
  if (entry === undefined) return err(new UnknownKey({ keyId: raw.keyId, known }))
  if (
    !ed25519Verify(
      keyObjectOf(entry, "public", "publicKeys"),
      bytes.subarray(0, raw.end),
      bytes.subarray(raw.end)
    )
  ) {
    return err(new InvalidSignature({ subject: "token", keyId: raw.keyId }))
  }
  const decoded = decodeClaims(raw.claims)
  if (decoded._tag === "Failure") {
    return err(
      new MalformedToken({
        reason: `its claims are invalid (${decoded.failure.message.replaceAll("\n", " ")})`
      })
    )
  }
  const claims = decoded.success
  if (revocations?.tokenIds.has(claims.id)) {
    return err(new TokenRevoked({ tokenId: claims.id, listVersion: revocations.version }))
  }
  const now = Math.floor(nowMs / 1000)
  if (now + leeway < claims.nbf) return err(new TokenNotYetValid({ notBefore: claims.nbf, now }))
  if (now - leeway >= claims.exp) return err(new TokenExpired({ expiresAt: claims.exp, now }))
  return ok({ keyId: raw.keyId, claims })
}
