/**
 * `@microdrop/codes/promise`: the redemption ledger for code that does not use Effect. Every method
 * returns a Promise that rejects with the same tagged errors as the Effect API (`e._tag`).
 *
 * @since 0.2.0
 */
import { Layer, ManagedRuntime } from "effect"
import type {
  CodeAlreadyIssued,
  CodeNotFound,
  InvalidLedgerInput,
  LedgerUnavailable,
  RedeemError
} from "./errors.js"
import { Ledger, type LedgerConfig } from "./Ledger.js"
import { memoryStore } from "./LedgerMemory.js"
import type {
  Attempt,
  CodeStatus,
  IssueRequest,
  RedeemRequest,
  Redemption,
  SyncReport
} from "./LedgerSchemas.js"
import type { LedgerStore } from "./LedgerStore.js"

export { memoryStore } from "./LedgerMemory.js"

/**
 * Options of `createLedger`.
 *
 * @category models
 * @since 0.2.0
 */
export interface CreateLedgerOptions extends LedgerConfig {
  /** The store layer: `memoryStore()` (default), `postgresStore(...)` or `redisStore(...)`. */
  readonly store?: Layer.Layer<LedgerStore, unknown> | undefined
}

/**
 * The ledger with promise-returning methods. Rejections are the tagged errors named on each method.
 *
 * @category models
 * @since 0.2.0
 */
export interface PromiseLedger {
  /** Issues a code; rejects with `CodeAlreadyIssued` or `InvalidLedgerInput`. */
  readonly issue: (request: IssueRequest) => Promise<CodeStatus>
  /** Redeems one use; rejects with `CodeNotFound`, `CodeAlreadyRedeemed`, `CodeExpired`, `CodeRevoked`, `RateLimited`, `InvalidLedgerInput`. */
  readonly redeem: (request: RedeemRequest) => Promise<Redemption>
  /** Revokes a code; rejects with `CodeNotFound`. */
  readonly revoke: (code: string) => Promise<CodeStatus>
  /** A code's status; rejects with `CodeNotFound`. */
  readonly status: (code: string) => Promise<CodeStatus>
  /** Every attempt on a code. */
  readonly history: (code: string) => Promise<ReadonlyArray<Attempt>>
  /** Uploads a door's offline scans; rejects with `InvalidLedgerInput` for a malformed upload. */
  readonly sync: (doorId: string, scans: unknown) => Promise<SyncReport>
  /** Closes the store (connections, pools) and frees the runtime. */
  readonly dispose: () => Promise<void>
}

/** The errors a promise ledger can reject with, for `catch (e: LedgerError)`. */
export type LedgerError =
  | RedeemError
  | CodeAlreadyIssued
  | CodeNotFound
  | InvalidLedgerInput
  | LedgerUnavailable

/**
 * Creates a ledger backed by a managed Effect runtime: the store is built once, on first use, and
 * shared by every call until `dispose()`.
 *
 * @param options - `store` (default `memoryStore()`), `maxFailures`, `windowMs`.
 * @returns The ledger's methods as promises.
 * @example
 * ```ts
 * import { createLedger, memoryStore } from "@microdrop/codes/promise"
 * const ledger = createLedger({ store: memoryStore() })
 * await ledger.issue({ code: "T0000042" })
 * await ledger.redeem({ code: "T0000042", redemptionId: "scan-1", doorId: "north" })  // => { use: 1, remaining: 0, … }
 * await ledger.redeem({ code: "T0000042", redemptionId: "scan-2", doorId: "north" })  // rejects: CodeAlreadyRedeemed
 * await ledger.dispose()
 * ```
 * @since 0.2.0
 */
export const createLedger = (options: CreateLedgerOptions = {}): PromiseLedger => {
  const runtime = ManagedRuntime.make(
    Ledger.layer({ maxFailures: options.maxFailures, windowMs: options.windowMs }).pipe(
      Layer.provide(options.store ?? memoryStore())
    )
  )
  return {
    issue: (request) => runtime.runPromise(Ledger.use((l) => l.issue(request))),
    redeem: (request) => runtime.runPromise(Ledger.use((l) => l.redeem(request))),
    revoke: (code) => runtime.runPromise(Ledger.use((l) => l.revoke(code))),
    status: (code) => runtime.runPromise(Ledger.use((l) => l.status(code))),
    history: (code) => runtime.runPromise(Ledger.use((l) => l.history(code))),
    sync: (doorId, scans) => runtime.runPromise(Ledger.use((l) => l.sync(doorId, scans))),
    dispose: () => runtime.dispose()
  }
}
