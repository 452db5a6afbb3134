/** Ed25519 keys for QR tokens: the box office signs with the private key, doors hold only public keys. */
import type { KeyObject } from "node:crypto"

/**
 * The private half of a token key, kept by whoever issues tickets. Its `type: "private"` makes it a
 * different type from {@link TokenPublicKey}: TypeScript refuses one where the other is expected, and
 * `signToken` refuses a public key at run time.
 *
 * @example
 * ```ts
 * import type { TokenPrivateKey } from "@microdrop/codes"
 * const seed = new Uint8Array(32) // the stored 32-byte seed
 * const key: TokenPrivateKey = { type: "private", id: 1, key: seed }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface TokenPrivateKey {
  /** Says this is a private (signing) key; `signToken` and `signRevocationList` require it. */
  readonly type: "private"
  /** Key id (0-255), written into every token so doors can pick the matching public key. */
  readonly id: number
  /** The Ed25519 private key: a Node `KeyObject`, or the 32-byte seed (RFC 8032 "secret key"). */
  readonly key: KeyObject | Uint8Array
}

/**
 * The public half of a token key, loaded on every door device. `type` may be left out (`{ id, key }`
 * reads as a public key), but never `"private"`: verifying functions refuse a private key.
 *
 * @example
 * ```ts
 * import type { TokenPublicKey } from "@microdrop/codes"
 * const key: TokenPublicKey = { type: "public", id: 1, key: new Uint8Array(32) }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface TokenPublicKey {
  /** Says this is a public (verifying) key. */
  readonly type?: "public" | undefined
  /** Key id (0-255), the same as its private half's. */
  readonly id: number
  /** The Ed25519 public key: a Node `KeyObject`, or the 32 raw bytes (RFC 8032 "public key"). */
  readonly key: KeyObject | Uint8Array
}

/**
 * A matching private and public token key.
 *
 * @category models
 * @since 0.1.0
 */
export interface TokenKeyPair {
  /** Signs tokens and revocation lists; keep it at the box office. */
  readonly privateKey: TokenPrivateKey & { readonly key: Uint8Array }
  /** Verifies them; copy it to the doors. */
  readonly publicKey: TokenPublicKey & { readonly type: "public"; readonly key: Uint8Array }
}
