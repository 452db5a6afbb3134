/**
 * The storage service under the ledger: each store (memory, PostgreSQL, Redis) implements these few
 * atomic operations, and `Ledger` builds the public API, errors and sync reports on top of them.
 *
 * A store must make `redeem` atomic: the rate-limit check, the redemption-id lookup, the use count and
 * the history entry happen as one step, whatever the concurrency, across processes.
 */
import { Context, type Effect } from "effect"
import type { LedgerUnavailable } from "./errors.ts"
import type { Attempt } from "./LedgerSchemas.ts"

/**
 * A code as a store keeps it.
 *
 * @category models
 * @since 0.1.0
 */
export interface StoredCode {
  /** The code. */
  readonly code: string
  /** Uses allowed. */
  readonly maxUses: number
  /** Uses taken. */
  readonly uses: number
  /** Expiry (ms since the epoch), if any. */
  readonly expiresAt?: number | undefined
  /** Revocation time (ms since the epoch), if revoked. */
  readonly revokedAt?: number | undefined
}

/**
 * One redemption attempt handed to a store.
 *
 * @category models
 * @since 0.1.0
 */
export interface RedeemCommand {
  /** The code. */
  readonly code: string
  /** Redemption id (online) or scan nonce (offline). */
  readonly redemptionId: string
  /** The door. */
  readonly doorId: string
  /** Key for rate limiting (client id or door id). */
  readonly client: string
  /** Time of the attempt: the ledger clock online, the door's clock offline (ms). */
  readonly at: number
  /** The ledger clock (ms): rate-limit windows run on it. */
  readonly now: number
  /** `online` (rate-limited, refuses when used up) or `offline` (records a conflict when used up). */
  readonly source: "online" | "offline"
  /** Failed attempts allowed per client and window. */
  readonly maxFailures: number
  /** Rate-limit window in ms. */
  readonly windowMs: number
}

/**
 * What a store answers to a redemption attempt on one code: a plain value of this closed union, never
 * an error (it is not thrown and never reaches a failure channel). `Ledger` turns it into the result
 * or the tagged error the caller sees: `NotFound` → `CodeNotFound`, `Exhausted` / `Duplicate` /
 * `Conflict` → `CodeAlreadyRedeemed` online (a conflict report in `sync`), `Expired` → `CodeExpired`,
 * `Revoked` → `CodeRevoked`, `RateLimited` → `RateLimited`. Its tags are the store's words about the
 * code; token errors (`TokenExpired`, `TokenRevoked`) never come from a store. Only a `LedgerStore`
 * you implement yourself writes these values.
 *
 * @category models
 * @since 0.1.0
 */
export type RedeemOutcome =
  /** A use was taken now (or, `replayed`, earlier by the same redemption id). */
  | {
      readonly _tag: "Redeemed"
      readonly use: number
      readonly maxUses: number
      readonly at: number
      readonly replayed: boolean
    }
  /** The code was never issued. */
  | { readonly _tag: "NotFound" }
  /** Online: every use of the code is taken. */
  | {
      readonly _tag: "Exhausted"
      readonly maxUses: number
      readonly lastUse?: { readonly at: number; readonly doorId: string } | undefined
    }
  /** The code is past the expiry it was issued with (ms since the epoch). */
  | { readonly _tag: "Expired"; readonly expiresAt: number }
  /** The code was revoked in the ledger (ms since the epoch). */
  | { readonly _tag: "Revoked"; readonly revokedAt: number }
  /** Online: the client tried too many unknown codes in the window. */
  | { readonly _tag: "RateLimited"; readonly retryAfterMs: number }
  /** Offline: this scan nonce was already counted. */
  | { readonly _tag: "Duplicate" }
  /** Offline: the scan was recorded, but the code had no use left (a double use to report). */
  | { readonly _tag: "Conflict"; readonly maxUses: number }

/**
 * The storage service. A store's operations fail only with `LedgerUnavailable`, naming the store
 * (`"custom"` for one you write) and the operation. Provide one of `memoryStore()`, `postgresStore(...)` (from
 * `@microdrop/codes/postgres`) or `redisStore(...)` (from `@microdrop/codes/redis`) to `Ledger.layer`.
 *
 * @category services
 * @since 0.1.0
 */
export class LedgerStore extends Context.Service<
  LedgerStore,
  {
    /** Stores a new code with 0 uses; `false` if the code exists (nothing changes then). */
    readonly issue: (code: StoredCode) => Effect.Effect<boolean, LedgerUnavailable>
    /** One atomic redemption attempt (see `RedeemCommand`). */
    readonly redeem: (command: RedeemCommand) => Effect.Effect<RedeemOutcome, LedgerUnavailable>
    /** Marks a code revoked at `at` (the first revocation time is kept); `undefined` if it does not exist. */
    readonly revoke: (code: string, at: number) => Effect.Effect<StoredCode | undefined, LedgerUnavailable>
    /** The code's record, or `undefined`. */
    readonly status: (code: string) => Effect.Effect<StoredCode | undefined, LedgerUnavailable>
    /** Every attempt on the code, in the order the store recorded them. */
    readonly history: (code: string) => Effect.Effect<ReadonlyArray<Attempt>, LedgerUnavailable>
  }
>()("@microdrop/codes/LedgerStore") {}
