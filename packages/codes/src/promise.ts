/**
 * `@microdrop/codes/promise`: the redemption ledger for code that does not use Effect. Every method
 * returns a Promise that rejects with the same tagged errors as the Effect API (`e._tag`).
 *
 * @since 0.1.0
 */
import { restartableRuntime } from "@microdrop/kit"
import { type Effect, Layer } from "effect"
import {
  type CodeAlreadyIssued,
  type CodeNotFound,
  type InvalidLedgerInput,
  LedgerDisposed,
  type LedgerMethod,
  type LedgerUnavailable,
  type RedeemError
} from "./errors.ts"
import { optionsObject, refuse } from "./internal/options.ts"
import { Ledger, type LedgerApi, type LedgerConfig } from "./Ledger.ts"
import { memoryStore } from "./LedgerMemory.ts"
import type {
  Attempt,
  CodeStatus,
  IssueRequest,
  RedeemRequest,
  Redemption,
  SyncReport
} from "./LedgerSchemas.ts"
import type { LedgerStore } from "./LedgerStore.ts"

export { memoryStore } from "./LedgerMemory.ts"

/**
 * Options of `createLedger`.
 *
 * @category models
 * @since 0.1.0
 */
export interface CreateLedgerOptions extends LedgerConfig {
  /** The store layer: `memoryStore()` (default), `postgresStore(...)` or `redisStore(...)`. */
  readonly store?: Layer.Layer<LedgerStore, unknown> | undefined
}

/**
 * The ledger with promise-returning methods. Rejections are the tagged errors named on each method.
 *
 * @category models
 * @since 0.1.0
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
  /** Closes the store (connections, pools) and frees the runtime; later calls reject with `LedgerDisposed`. */
  readonly dispose: () => Promise<void>
}

/**
 * The errors a promise ledger can reject with, for `catch (e: LedgerError)`.
 *
 * @category errors
 * @since 0.1.0
 */
export type LedgerError =
  | RedeemError
  | CodeAlreadyIssued
  | CodeNotFound
  | InvalidLedgerInput
  | LedgerUnavailable
  | LedgerDisposed

/**
 * Creates a ledger backed by a managed Effect runtime: the store is built once, on first use, and
 * shared by every call until `dispose()`. A store that fails to start (its database unreachable) is
 * started again on the next call, so retrying after `LedgerUnavailable` can succeed.
 *
 * @param options - `store` (default `memoryStore()`), `maxFailures`, `windowMs`.
 * @returns The ledger's methods as promises; after `dispose()` they reject with `LedgerDisposed`.
 * @throws InvalidCodeOptions when an option is wrong (`store` not a layer, `windowMs` not whole ms ≥ 1 …).
 * @example
 * ```ts
 * import { createLedger, memoryStore } from "@microdrop/codes/promise"
 * const ledger = createLedger({ store: memoryStore() })
 * await ledger.issue({ code: "T0000042" })
 * await ledger.redeem({ code: "T0000042", redemptionId: "scan-1", doorId: "north" })  // => { use: 1, remaining: 0, … }
 * await ledger.redeem({ code: "T0000042", redemptionId: "scan-2", doorId: "north" })  // rejects: CodeAlreadyRedeemed
 * await ledger.dispose()
 * ```
 * @since 0.1.0
 */
export const createLedger = (options: CreateLedgerOptions = {}): PromiseLedger => {
  const o = optionsObject(options, "options")
  if (o.store !== undefined && !Layer.isLayer(o.store)) {
    refuse("store", "must be a store layer: memoryStore(), postgresStore(...) or redisStore(...)", o.store)
  }
  const layer = Ledger.layer({ maxFailures: o.maxFailures, windowMs: o.windowMs }).pipe(
    Layer.provide(o.store ?? memoryStore())
  )
  // a store that fails to start (its database unreachable) is started again at the next call
  const runtime = restartableRuntime(layer)
  let disposed = false
  const run = <A, E>(operation: LedgerMethod, f: (ledger: LedgerApi) => Effect.Effect<A, E>): Promise<A> => {
    if (disposed) return Promise.reject(new LedgerDisposed({ operation }))
    return runtime.runPromise(Ledger.use(f)).catch((error: unknown) => {
      // a call cut short by dispose() rejects with the runtime's own reason: say what happened
      throw disposed && !(error instanceof Error && "_tag" in error)
        ? new LedgerDisposed({ operation })
        : error
    })
  }
  return {
    issue: (request) => run("issue", (l) => l.issue(request)),
    redeem: (request) => run("redeem", (l) => l.redeem(request)),
    revoke: (code) => run("revoke", (l) => l.revoke(code)),
    status: (code) => run("status", (l) => l.status(code)),
    history: (code) => run("history", (l) => l.history(code)),
    sync: (doorId, scans) => run("sync", (l) => l.sync(doorId, scans)),
    dispose: () => {
      disposed = true
      return runtime.dispose()
    }
  }
}
