/** Generates an Ed25519 key pair for QR tokens. */
import { generateKeyPairSync } from "node:crypto"
import { keyObjectOf, privateKeyFromSeed, rawPrivateKey, rawPublicKey } from "./internal/ed25519.ts"
import { refuse, wholeNumber } from "./internal/options.ts"
import type { TokenKeyPair } from "./TokenKey.ts"

/**
 * Generates an Ed25519 key pair with the given key id, as raw bytes you can store (32-byte seed,
 * 32-byte public key). Rotate by generating a pair with a new id and adding its public key to the doors.
 *
 * @param id - Key id, 0 to 255.
 * @param seed - 32 bytes to derive the key from (default: fresh randomness from the platform CSPRNG).
 *   Pass one only to restore a stored key or in tests.
 * @returns `{ privateKey: { type: "private", id, key }, publicKey: { type: "public", id, key } }`.
 * @throws InvalidCodeOptions for an id outside 0-255 or a seed that is not 32 bytes.
 * @example
 * ```ts
 * import { generateTokenKeyPair } from "@microdrop/codes"
 * const { privateKey, publicKey } = generateTokenKeyPair(1)
 * publicKey.key.length  // => 32
 * ```
 * @since 0.1.0
 */
export const generateTokenKeyPair = (id: number, seed?: Uint8Array): TokenKeyPair => {
  wholeNumber(id, "id", 0, 255, "")
  if (seed !== undefined && !(seed instanceof Uint8Array))
    refuse("seed", "must be 32 bytes (Uint8Array)", seed)
  const key = seed === undefined ? generateKeyPairSync("ed25519").privateKey : privateKeyFromSeed(seed)
  const pair: TokenKeyPair = {
    privateKey: { type: "private", id, key: rawPrivateKey(key) },
    publicKey: { type: "public", id, key: rawPublicKey(key) }
  }
  // Caches the KeyObject for signing.
  keyObjectOf(pair.privateKey, "private", "privateKey")
  return pair
}
