/**
 * The claims a listener pass token carries: which room and tracks it opens, until when, and how many
 * concurrent sessions (seats) it allows.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * A room or track name: 1-64 characters of letters, digits, `-` and `_` (safe in a URL path).
 *
 * @category schemas
 * @since 0.1.0
 */
export const Name = Schema.String.check(Schema.isPattern(/^[A-Za-z0-9_-]{1,64}$/))

/**
 * The claims of a listener pass.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { PassClaims } from "@microdrop/relay"
 * Schema.decodeUnknownSync(PassClaims)({ pass: "p1", room: "main", tracks: ["mix"], exp: 1_900_000_000 })
 * // => { pass: "p1", room: "main", tracks: ["mix"], exp: 1900000000 }
 * ```
 *
 * @category schemas
 * @since 0.1.0
 */
export const PassClaims = Schema.Struct({
  /** The pass id (one per ticket); sessions are counted per pass. */
  pass: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(128)),
  /** The room the pass opens. */
  room: Name,
  /** The tracks the pass may hear; the first is the default (e.g. ["mix"] or ["binaural", "mix"]). */
  tracks: Schema.Array(Name).check(Schema.isMinLength(1), Schema.isMaxLength(16)),
  /** Expiry, Unix time in seconds. */
  exp: Schema.Int,
  /** Not valid before, Unix time in seconds. */
  nbf: Schema.optionalKey(Schema.Int),
  /** Concurrent sessions the pass allows (absent: no cap). */
  seats: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 1000 })))
})

/**
 * The claims of a listener pass (see {@link PassClaims}).
 *
 * @category models
 * @since 0.1.0
 */
export type PassClaims = typeof PassClaims.Type
