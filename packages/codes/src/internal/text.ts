/**
 * Text as stores keep it: UTF-8 bytes. A JavaScript string can hold lone UTF-16 surrogates, which
 * UTF-8 cannot carry (they turn into U+FFFD), and PostgreSQL refuses U+0000 in text: such strings
 * cannot round-trip, so the ledger refuses them instead of storing something else.
 */

/** `String.prototype.isWellFormed` (Node 20+; ES2024, past this package's `lib`). */
type WellFormedString = string & { isWellFormed(): boolean }

/**
 * True when `s` is well-formed Unicode (no lone surrogate), so its UTF-8 bytes read back as `s`.
 * The engine's own check: it runs on every id of every redeem, where a regex cost the memory
 * ledger a few percent of its throughput.
 */
export const isWellFormed = (s: string): boolean => (s as WellFormedString).isWellFormed()

/** True when every store keeps `s` exactly: well-formed and without U+0000. */
export const isStorableText = (s: string): boolean => isWellFormed(s) && !s.includes("\u0000")
