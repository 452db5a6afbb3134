/** The records the redemption ledger takes and returns, as Schemas (inputs from doors are decoded with them). */
import { Schema } from "effect"
import { isStorableText } from "./internal/text.ts"

/**
 * An identifier: a code, a token id, a door id or a redemption id (1-128 characters of well-formed
 * Unicode without U+0000, so every store keeps it exactly).
 */
const Id = Schema.String.check(
  Schema.isMinLength(1),
  Schema.isMaxLength(128),
  Schema.makeFilter(
    (s: string) =>
      isStorableText(s) || "must be well-formed Unicode without U+0000 (no store can keep it exactly)"
  )
)
/** Milliseconds since the Unix epoch, up to the last time a `Date` can hold (year 275760). */
const Millis = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 8_640_000_000_000_000 }))

/**
 * What `issue` takes: the code, how many times it may be used (default 1) and an optional expiry.
 *
 * @category schemas
 * @since 0.1.0
 */
export const IssueRequest = Schema.Struct({
  /** The canonical code or token id (the ledger key). */
  code: Id,
  /** How many redemptions it allows (1 to 1,000,000; default 1). */
  maxUses: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 1_000_000 }))),
  /** When it stops being redeemable, in ms since the epoch (default never). */
  expiresAt: Schema.optionalKey(Millis)
})
/**
 * The decoded type of the `IssueRequest` schema.
 *
 * @category models
 * @since 0.1.0
 */
export type IssueRequest = typeof IssueRequest.Type

/**
 * What `redeem` takes. The time is the ledger's clock.
 *
 * @category schemas
 * @since 0.1.0
 */
export const RedeemRequest = Schema.Struct({
  /** The canonical code or token id. */
  code: Id,
  /** Idempotency key of this scan, scoped to the code: a retry with the same id is answered from the first result, never a second use. */
  redemptionId: Id,
  /** The door (scanner) that asks. */
  doorId: Id,
  /** The client to rate-limit failed attempts by (default the door id), e.g. an IP for online redemption. */
  clientId: Schema.optionalKey(Id)
})
/**
 * The decoded type of the `RedeemRequest` schema.
 *
 * @category models
 * @since 0.1.0
 */
export type RedeemRequest = typeof RedeemRequest.Type

/**
 * One scan a door made while offline, uploaded later with `sync`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const OfflineScan = Schema.Struct({
  /** Random id the door gave this scan (scoped to the code); an upload sent twice is counted once. */
  nonce: Id,
  /** The canonical code or token id scanned. */
  code: Id,
  /** The door's time of the scan, in ms since the epoch (orders conflicting scans). */
  at: Millis
})
/**
 * The decoded type of the `OfflineScan` schema.
 *
 * @category models
 * @since 0.1.0
 */
export type OfflineScan = typeof OfflineScan.Type

/**
 * A code's state in the ledger.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CodeStatus = Schema.Struct({
  /** The code. */
  code: Id,
  /** Uses allowed. */
  maxUses: Schema.Int,
  /** Uses taken. */
  uses: Schema.Int,
  /** Uses left (0 once used up, revoked or expired). */
  remaining: Schema.Int,
  /** Expiry in ms since the epoch, if any. */
  expiresAt: Schema.optionalKey(Millis),
  /** When it was revoked, if it was. */
  revokedAt: Schema.optionalKey(Millis),
  /** `active` (can be redeemed), `used` (no uses left), `expired` or `revoked`. */
  state: Schema.Literals(["active", "used", "expired", "revoked"])
})
/**
 * The decoded type of the `CodeStatus` schema.
 *
 * @category models
 * @since 0.1.0
 */
export type CodeStatus = typeof CodeStatus.Type

/**
 * One attempt to use a code, online or uploaded from an offline door: the history keeps every one.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Attempt = Schema.Struct({
  /** When: the ledger's clock online, the door's clock for an offline scan (ms since the epoch). */
  at: Millis,
  /** The door. */
  doorId: Id,
  /** The redemption id (online) or scan nonce (offline). */
  redemptionId: Id,
  /** `online` (redeem) or `offline` (sync). */
  source: Schema.Literals(["online", "offline"]),
  /**
   * `redeemed` (a use counted), `replayed` (a retry of an earlier redemption id, no new use), `exhausted`
   * (no uses left, refused), `conflict` (an offline door admitted it after its uses were gone: a double use),
   * `expired`, `revoked`.
   */
  outcome: Schema.Literals(["redeemed", "replayed", "exhausted", "conflict", "expired", "revoked"]),
  /** For `redeemed`: which use this was (1-based). */
  use: Schema.optionalKey(Schema.Int)
})
/**
 * The decoded type of the `Attempt` schema.
 *
 * @category models
 * @since 0.1.0
 */
export type Attempt = typeof Attempt.Type

/**
 * A successful redemption.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Redemption = Schema.Struct({
  /** The code. */
  code: Id,
  /** The redemption id. */
  redemptionId: Id,
  /** Which use this was (1-based). */
  use: Schema.Int,
  /** Uses left after it. */
  remaining: Schema.Int,
  /** When it was first redeemed (ms since the epoch). */
  at: Millis,
  /** `true` when this answers a retry of an earlier redemption id (no new use was taken). */
  replayed: Schema.Boolean
})
/**
 * The decoded type of the `Redemption` schema.
 *
 * @category models
 * @since 0.1.0
 */
export type Redemption = typeof Redemption.Type

/**
 * The result of uploading a door's offline scans.
 *
 * @category schemas
 * @since 0.1.0
 */
export const SyncReport = Schema.Struct({
  /** Nonces of scans counted as a use. */
  accepted: Schema.Array(Id),
  /** Nonces uploaded before (no effect). */
  duplicates: Schema.Array(Id),
  /** Scans refused because the code is unknown, expired or revoked (they stay in the code's history). */
  rejected: Schema.Array(
    Schema.Struct({ nonce: Id, code: Id, reason: Schema.Literals(["unknown", "expired", "revoked"]) })
  ),
  /**
   * Codes used more often than allowed across doors while offline, each with every use in door-time order:
   * the first `maxUses` were entitled, the rest are double uses to follow up.
   */
  conflicts: Schema.Array(Schema.Struct({ code: Id, maxUses: Schema.Int, uses: Schema.Array(Attempt) }))
})
/**
 * The decoded type of the `SyncReport` schema.
 *
 * @category models
 * @since 0.1.0
 */
export type SyncReport = typeof SyncReport.Type
