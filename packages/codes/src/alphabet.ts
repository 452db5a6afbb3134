/** The code alphabet: Crockford Base32. */

/**
 * The 32 code characters in value order: digits, then A-Z without I, L, O and U (I, L and O look like
 * 1 and 0; U is dropped so codes do not spell obscenities by accident).
 *
 * @example
 * ```ts
 * import { ALPHABET } from "@microdrop/codes"
 * ALPHABET.length  // => 32
 * ```
 * @category constants
 * @since 0.1.0
 */
export const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
