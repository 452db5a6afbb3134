/** What a signed QR token says: which event, which pass, and when it is valid. */
import { Schema } from "effect"
import { isWellFormed } from "./internal/text.ts"

const utf8 = new TextEncoder()

/**
 * A string of 1 to `max` UTF-8 bytes (the token stores one length byte per string), well-formed (a
 * lone surrogate would be signed as U+FFFD and read back as another string).
 */
const ShortText = (max: number) =>
  Schema.String.check(
    Schema.makeFilter(
      (s: string) =>
        (s.length > 0 && utf8.encode(s).length <= max && isWellFormed(s)) ||
        `must be 1 to ${max} UTF-8 bytes of well-formed Unicode`
    )
  )

/** Seconds since the Unix epoch that fit the token's 32-bit fields (until the year 2106). */
const Seconds = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 0xffff_ffff }))

/**
 * The claims of a QR token, as a Schema: `verifyToken` decodes them with it and `signToken` checks
 * them with it. Times are whole seconds since the Unix epoch.
 *
 * @example
 * ```ts
 * import { TokenClaims } from "@microdrop/codes"
 * import { Schema } from "effect"
import { isWellFormed } from "./internal/text.ts"
 * Schema.decodeUnknownSync(TokenClaims)({ id: "T42", event: "EV1", kind: "vip", nbf: 0, exp: 60 })
 * // => { id: "T42", event: "EV1", kind: "vip", nbf: 0, exp: 60 }
 * ```
 * @category schemas
 * @since 0.1.0
 */
export const TokenClaims = Schema.Struct({
  /** Token id: unique per ticket or pass; the ledger key and what a revocation list names (1-64 bytes). */
  id: ShortText(64),
  /** Event id the token admits to (1-64 bytes). */
  event: ShortText(64),
  /** Tier or pass kind, e.g. `"ga"`, `"vip"`, `"remote"` (1-32 bytes). */
  kind: ShortText(32),
  /** Not valid before this time (seconds since the epoch). */
  nbf: Seconds,
  /** Not valid from this time on (seconds since the epoch); must be after `nbf`. */
  exp: Seconds,
  /** Optional holder reference, e.g. an order number or the name on the ticket (1-64 bytes). */
  holder: Schema.optionalKey(ShortText(64))
}).check(Schema.makeFilter((c) => c.exp > c.nbf || { path: ["exp"], issue: "exp must be after nbf" }))

/**
 * The claims of a QR token.
 *
 * @category models
 * @since 0.1.0
 */
export type TokenClaims = typeof TokenClaims.Type
