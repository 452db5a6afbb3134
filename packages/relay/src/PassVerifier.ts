/**
 * How the relay checks a listener's bearer pass: one small interface, and a local Ed25519 verifier
 * built on node:crypto (to be swapped for `@microdrop/codes`' `verifyToken` when that lands).
 *
 * Token format (local verifier): `base64url(JSON claims) "." base64url(Ed25519 signature of the first part)`.
 *
 * @since 0.1.0
 */
import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto"
import { Result, Schema } from "effect"
import { InvalidPass } from "./errors.ts"
import { PassClaims } from "./PassClaims.ts"

/**
 * Verifies a bearer pass token at a given time.
 *
 * @category models
 * @since 0.1.0
 */
export interface PassVerifier {
  /**
   * Checks the token's signature and validity window.
   *
   * @param token - The bearer token as sent.
   * @param nowMs - The current time in milliseconds (from Effect's Clock).
   * @returns The claims, or `InvalidPass`.
   */
  readonly verify: (token: string, nowMs: number) => Result.Result<PassClaims, InvalidPass>
}

const decodeClaims = Schema.decodeUnknownResult(PassClaims)

/**
 * Reads an Ed25519 key given as PEM, or as the base64/base64url/hex encoding of the raw 32-byte key.
 *
 * @param key - The key text.
 * @param kind - Whether it is a public or private key.
 * @returns The key object, or `undefined` when the text is not such a key.
 * @category constructors
 * @since 0.1.0
 */
export const parseEd25519Key = (key: string, kind: "public" | "private"): KeyObject | undefined => {
  try {
    const text = key.trim()
    if (text.startsWith("-----BEGIN")) {
      const k = kind === "public" ? createPublicKey(text) : createPrivateKey(text)
      return k.asymmetricKeyType === "ed25519" ? k : undefined
    }
    const raw = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64url")
    if (raw.length !== 32) return undefined
    const x = raw.toString("base64url")
    return kind === "public"
      ? createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" })
      : createPrivateKey({
          key: { kty: "OKP", crv: "Ed25519", d: x, x: rawPublicFromPrivate(raw) },
          format: "jwk"
        })
  } catch {
    return undefined
  }
}

const rawPublicFromPrivate = (d: Buffer): string => {
  // PKCS#8 for Ed25519 is a fixed 16-byte prefix followed by the 32-byte seed.
  const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), d])
  const pub = createPublicKey(createPrivateKey({ key: der, format: "der", type: "pkcs8" }))
  const jwk = pub.export({ format: "jwk" })
  return String(jwk.x)
}

/**
 * A pass verifier that checks Ed25519 signatures locally with node:crypto.
 *
 * @param publicKey - The issuer's Ed25519 public key (a `KeyObject`).
 * @returns A {@link PassVerifier}.
 * @example
 * ```ts
 * import { generateKeyPairSync } from "node:crypto"
 * import { ed25519PassVerifier, signPass } from "@microdrop/relay"
 * const { publicKey, privateKey } = generateKeyPairSync("ed25519")
 * const token = signPass({ pass: "p1", room: "main", tracks: ["mix"], exp: 2_000_000_000 }, privateKey)
 * ed25519PassVerifier(publicKey).verify(token, Date.now())._tag
 * // => "Success"
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const ed25519PassVerifier = (publicKey: KeyObject): PassVerifier => ({
  verify: (token, nowMs) => {
    const dot = token.indexOf(".")
    if (dot <= 0 || dot !== token.lastIndexOf(".") || token.length > 4096)
      return Result.fail(
        new InvalidPass({ reason: "malformed", detail: "expected two base64url parts joined by '.'" })
      )
    const body = token.slice(0, dot)
    const signature = Buffer.from(token.slice(dot + 1), "base64url")
    let ok = false
    try {
      ok = signature.length === 64 && verify(null, Buffer.from(body, "ascii"), publicKey, signature)
    } catch {
      ok = false
    }
    if (!ok) return Result.fail(new InvalidPass({ reason: "bad-signature", detail: "" }))
    let json: unknown
    try {
      json = JSON.parse(Buffer.from(body, "base64url").toString("utf8"))
    } catch {
      return Result.fail(new InvalidPass({ reason: "malformed", detail: "the claims are not JSON" }))
    }
    const claims = decodeClaims(json)
    if (Result.isFailure(claims))
      return Result.fail(
        new InvalidPass({ reason: "bad-claims", detail: claims.failure.message.split("\n")[0] ?? "" })
      )
    const now = Math.floor(nowMs / 1000)
    if (now >= claims.success.exp)
      return Result.fail(
        new InvalidPass({
          reason: "expired",
          detail: `expired at ${new Date(claims.success.exp * 1000).toISOString()}`
        })
      )
    if (claims.success.nbf !== undefined && now < claims.success.nbf)
      return Result.fail(
        new InvalidPass({
          reason: "not-yet-valid",
          detail: `valid from ${new Date(claims.success.nbf * 1000).toISOString()}`
        })
      )
    return Result.succeed(claims.success)
  }
})

/**
 * Signs pass claims into a token the local Ed25519 verifier accepts (for issuers, tests and the CLI).
 *
 * @param claims - The claims.
 * @param privateKey - The issuer's Ed25519 private key.
 * @returns The token text.
 * @category constructors
 * @since 0.1.0
 */
export const signPass = (claims: PassClaims, privateKey: KeyObject): string => {
  const body = Buffer.from(JSON.stringify(claims), "utf8").toString("base64url")
  return `${body}.${sign(null, Buffer.from(body, "ascii"), privateKey).toString("base64url")}`
}
