/**
 * The contract a store engine implements: a {@link DropBackend} runs a batch of operations
 * atomically for one drop and keeps entries; an {@link EventRelay} hears other instances' events.
 * `makeDropStore` (in `DropStore.ts`) turns a backend into the `DropStore` service; the memory,
 * PostgreSQL and Redis stores are backends.
 *
 * @since 0.1.0
 */
import type { Effect, Scope } from "effect"
import type { Drop } from "./Drop.ts"
import type { DropEvent } from "./DropEvent.ts"
import type { StoredEntry } from "./Entry.ts"
import type { StoreUnavailable } from "./errors.ts"
import type { DropSnapshot, Hold, SkuAvailability } from "./Hold.ts"
import type { Op, OpResult } from "./internal/engine.ts"

/**
 * What one batch of operations did.
 *
 * @category backends
 * @since 0.1.0
 */
export interface BatchOutcome {
  /** One result per operation, in order. */
  readonly results: ReadonlyArray<OpResult>
  /** Availability after the batch. */
  readonly availability: ReadonlyArray<SkuAvailability>
  /** Holds that lapsed and returned to stock during the batch. */
  readonly expired: ReadonlyArray<Hold>
}

/**
 * The part of a store that differs per engine. `run` must apply the operations atomically with
 * respect to every other `run` on the same drop, in every process: first expire lapsed holds
 * (`expiresAt <= now`), then apply each operation with the rules of `DropState`.
 *
 * @category backends
 * @since 0.1.0
 */
export interface DropBackend {
  /** Name used in error messages ("memory", "postgres", "redis"). */
  readonly name: string
  /** Makes unique ids (hold ids, entry tokens); injectable through each store's options. */
  readonly newId: () => string
  /** True if `run` can never overlap itself for a drop in this process (no in-flight tracking needed). */
  readonly synchronous: boolean
  /** Stores a new drop; returns false if a drop with this id exists. */
  readonly insertDrop: (drop: Drop) => Effect.Effect<boolean, StoreUnavailable>
  /** Reads a drop, or undefined. */
  readonly loadDrop: (dropId: string) => Effect.Effect<Drop | undefined, StoreUnavailable>
  /** Applies operations atomically (see above). */
  readonly run: (
    drop: Drop,
    ops: ReadonlyArray<Op>,
    now: number
  ) => Effect.Effect<BatchOutcome, StoreUnavailable>
  /**
   * One operation as a plain call, for backends that never wait (the memory store's fast path).
   * Availability is computed only when asked (someone listens to events).
   */
  readonly runSync?: (
    drop: Drop,
    op: Op,
    now: number
  ) => {
    readonly result: OpResult
    readonly expired: ReadonlyArray<Hold>
    readonly availability: () => ReadonlyArray<SkuAvailability>
  }
  /** Everything stored for a drop, after expiring lapsed holds. */
  readonly snapshot: (drop: Drop, now: number) => Effect.Effect<DropSnapshot, StoreUnavailable>
  /** Appends an entry to a raffle or waiting list; false if the customer already has one there. */
  readonly addEntry: (
    drop: Drop,
    list: EntryList,
    entry: StoredEntry
  ) => Effect.Effect<boolean, StoreUnavailable>
  /** The entries of a list, in the order they were added. */
  readonly listEntries: (
    drop: Drop,
    list: EntryList
  ) => Effect.Effect<ReadonlyArray<StoredEntry>, StoreUnavailable>
  /** Removes a customer's entry from a list (no-op if absent). */
  readonly removeEntry: (
    drop: Drop,
    list: EntryList,
    customerId: string
  ) => Effect.Effect<void, StoreUnavailable>
}

/**
 * Hears the events other app instances committed on a shared store (Redis pub/sub, PostgreSQL
 * `LISTEN`). Sending is not the relay's job: a backend configured for it sends a batch's events
 * as part of the batch's commit (`PUBLISH` inside the Redis script, `pg_notify` inside the
 * PostgreSQL transaction), so they are sent if and only if the batch committed, in commit order.
 * Optional: without it, an instance's subscribers see only its own operations.
 *
 * @category backends
 * @since 0.1.0
 */
export interface EventRelay {
  /**
   * Starts listening for the other instances' events (not this instance's own) and hands them to
   * `deliver`, in commit order per drop; stops with the scope. `known` returns the drops this
   * instance has loaded (every drop it has subscribers for): messages about other drops may be
   * skipped.
   */
  readonly listen: (
    known: (dropId: string) => Drop | undefined,
    deliver: (events: ReadonlyArray<DropEvent>) => void
  ) => Effect.Effect<void, StoreUnavailable, Scope.Scope>
}

/**
 * The two kinds of entry lists a drop keeps.
 *
 * @category backends
 * @since 0.1.0
 */
export type EntryList = "raffle" | "waiting"
