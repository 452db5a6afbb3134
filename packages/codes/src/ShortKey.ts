/** A secret key for short signed codes, and the options that fix a code's shape. */

/**
 * A shared secret that signs and verifies short codes. The id (0-31) is written into every code as
 * its first character, so several keys can be live at once: sign with the newest, keep older ones
 * in the verifier's list until every code they signed has been used or has expired.
 *
 * @example
 * ```ts
 * import type { ShortKey } from "@microdrop/codes"
 * const key: ShortKey = { id: 1, secret: crypto.getRandomValues(new Uint8Array(32)) }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface ShortKey {
  /** Key id, a whole number from 0 to 31 (one code character). */
  readonly id: number
  /** The HMAC-SHA256 secret: at least 16 random bytes (32 recommended). Keep it off printed material. */
  readonly secret: Uint8Array
}

/**
 * Options shared by `signShort` and `verifyShort`; both sides must use the same values.
 *
 * @category models
 * @since 0.1.0
 */
export interface ShortCodeOptions {
  /**
   * Characters of truncated HMAC-SHA256 tag, 5 bits each (default 8 = 40 bits, minimum 7 = 35 bits).
   * One guess forges a code with probability 2^-(5 × tagLength): 9.1 × 10⁻¹³ at 8, 2.9 × 10⁻¹¹ at 7.
   */
  readonly tagLength?: number | undefined
  /** Characters per display group in the signed code (default 4; 0 for none). `signShort` only. */
  readonly groupSize?: number | undefined
}

/**
 * A short code that passed `verifyShort`.
 *
 * @category models
 * @since 0.1.0
 */
export interface VerifiedShortCode {
  /** The canonical code (no separators): use it as the ledger key. */
  readonly code: string
  /** The id of the key that signed it. */
  readonly keyId: number
  /** The signed payload bytes, exactly as given to `signShort`. */
  readonly payload: Uint8Array
}

/**
 * Default tag length in characters (40 bits).
 *
 * @category constants
 * @since 0.1.0
 */
export const DEFAULT_TAG_LENGTH = 8

/**
 * Smallest tag length accepted, in characters: 35 bits, above the 32-bit floor NIST SP 800-107
 * sets for truncated MACs. One guess succeeds with probability 2^-35 ≈ 2.9 × 10⁻¹¹.
 *
 * @category constants
 * @since 0.1.0
 */
export const MIN_TAG_LENGTH = 7
