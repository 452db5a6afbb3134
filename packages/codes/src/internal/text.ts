/**
 * Text as stores keep it: UTF-8 bytes. A JavaScript string can hold lone UTF-16 surrogates, which
 * UTF-8 cannot carry (they turn into U+FFFD), and PostgreSQL refuses U+0000 in text: such strings
 * cannot round-trip, so the ledger refuses them instead of storing something else.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** True when `s` is well-formed Unicode (no lone surrogate), so its UTF-8 bytes read back as `s`. */
export const isWellFormed = (s: string): boolean => !LONE_SURROGATE.test(s)

/** True when every store keeps `s` exactly: well-formed and without U+0000. */
export const isStorableText = (s: string): boolean => isWellFormed(s) && !s.includes("\u0000")
