/** Ed25519 keys for QR tokens: the box office signs with the private key, doors hold only public keys. */
import type { KeyObject } from "node:crypto"

/**
 * The private half of a token key, kept by whoever issues tickets.
 *
 * @category models
 * @since 0.2.0
 */
export interface TokenPrivateKey {
  /** Key id (0-255), written into every token so doors can pick the matching public key. */
  readonly id: number
  /** The Ed25519 private key: a Node `KeyObject`, or the 32-byte seed (RFC 8032 "secret key"). */
  readonly key: KeyObject | Uint8Array
}

/**
 * The public half of a token key, loaded on every door device.
 *
 * @category models
 * @since 0.2.0
 */
export interface TokenPublicKey {
  /** Key id (0-255), the same as its private half's. */
  readonly id: number
  /** The Ed25519 public key: a Node `KeyObject`, or the 32 raw bytes (RFC 8032 "public key"). */
  readonly key: KeyObject | Uint8Array
}

/**
 * A matching private and public token key.
 *
 * @category models
 * @since 0.2.0
 */
export interface TokenKeyPair {
  /** Signs tokens and revocation lists; keep it at the box office. */
  readonly privateKey: TokenPrivateKey & { readonly key: Uint8Array }
  /** Verifies them; copy it to the doors. */
  readonly publicKey: TokenPublicKey & { readonly key: Uint8Array }
}
