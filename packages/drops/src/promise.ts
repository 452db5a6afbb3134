/**
 * `@microdrop/drops/promise`: the drop store for code that does not use Effect. Every method
 * returns a Promise that rejects with the same tagged errors (`OutOfStock`, `WindowNotOpen` …), and
 * `events` gives an async iterator.
 *
 * ```ts
 * import { makeDropClient } from "@microdrop/drops/promise"
 * const drops = makeDropClient()            // memory store; pass layerPostgres(...) or layerRedis(...)
 * await drops.createDrop(drop)
 * const hold = await drops.hold({ dropId, customerId, lines: [{ sku: "TAPE", quantity: 1 }], idempotencyKey })
 * await drops.confirm({ dropId, holdId: hold.id, idempotencyKey: `${idempotencyKey}-pay` })
 * await drops.dispose()
 * ```
 *
 * @since 0.1.0
 */
import { describeValue, restartableRuntime } from "@microdrop/kit"
import { Effect, Exit, Layer, Scope, Stream } from "effect"
import { Drop } from "./Drop.ts"
import type { DropEvent } from "./DropEvent.ts"
import { DropStore, type DropStoreShape } from "./DropStore.ts"
import { layerMemory } from "./DropStoreMemory.ts"
import { EntryRequest, type RaffleOutcome, type StoredEntry } from "./Entry.ts"
import { DropClientDisposed, InvalidDropArgument } from "./errors.ts"
import { type Availability, type DropSnapshot, type Hold, HoldAction, HoldRequest } from "./Hold.ts"
import { decodeInput } from "./internal/decodeInput.ts"

/**
 * What {@link DropClient.createDrop} takes: a {@link Drop} as plain JSON-safe data (the schema's
 * encoded form: times in epoch milliseconds).
 *
 * @category models
 * @since 0.1.0
 */
export type DropInput = typeof Drop.Encoded

/**
 * What {@link DropClient.hold} takes: a {@link HoldRequest} as plain data.
 *
 * @category models
 * @since 0.1.0
 */
export type HoldRequestInput = typeof HoldRequest.Encoded

/**
 * What {@link DropClient.confirm} and {@link DropClient.release} take: a {@link HoldAction} as plain
 * data.
 *
 * @category models
 * @since 0.1.0
 */
export type HoldActionInput = typeof HoldAction.Encoded

/**
 * What {@link DropClient.enterRaffle} and {@link DropClient.joinWaitingList} take: an
 * {@link EntryRequest} as plain data.
 *
 * @category models
 * @since 0.1.0
 */
export type EntryRequestInput = typeof EntryRequest.Encoded

/**
 * The promise API of a drop store.
 *
 * @category models
 * @since 0.1.0
 */
export interface DropClient {
  /**
   * Creates a drop (decoded first: a bad field, or a key the `Drop` schema does not have, rejects
   * with a `InvalidDropInput` naming it).
   */
  readonly createDrop: (drop: DropInput) => Promise<Drop>
  /** Reads a drop. */
  readonly getDrop: (dropId: string) => Promise<Drop>
  /**
   * Reserves stock; rejects with `OutOfStock`, `WindowNotOpen`, `LimitExceeded` …, and with a
   * `InvalidDropInput` naming a bad field or an unknown key (a typo such as `customerID`).
   */
  readonly hold: (request: HoldRequestInput) => Promise<Hold>
  /** Confirms a hold into a claim (an unknown key rejects with a `InvalidDropInput` naming it). */
  readonly confirm: (request: HoldActionInput) => Promise<Hold>
  /** Releases a hold (an unknown key rejects with a `InvalidDropInput` naming it). */
  readonly release: (request: HoldActionInput) => Promise<Hold>
  /** Availability now. */
  readonly availability: (dropId: string) => Promise<Availability>
  /** Everything stored for a drop. */
  readonly snapshot: (dropId: string) => Promise<DropSnapshot>
  /**
   * Subscribes to a drop's events. The subscription exists when the promise resolves; stop with
   * `break` in a `for await` loop (or `return()`).
   *
   * **Gotcha:** an iterator nobody reads and nobody stops keeps every event in memory until
   * `dispose()`; when a page goes away (e.g. an SSE stream's `onAbort`), call `return()`.
   */
  readonly events: (dropId: string) => Promise<AsyncIterableIterator<DropEvent>>
  /** Enters a raffle drop (one entry per customer). */
  readonly enterRaffle: (request: EntryRequestInput) => Promise<StoredEntry>
  /** Draws a raffle with the revealed seed (after entries closed). */
  readonly drawRaffle: (dropId: string, seed: string) => Promise<RaffleOutcome>
  /** Joins a drop's waiting list. */
  readonly joinWaitingList: (request: EntryRequestInput) => Promise<StoredEntry>
  /** The waiting list, in order. */
  readonly waitingList: (dropId: string) => Promise<ReadonlyArray<StoredEntry>>
  /**
   * Offers free units to the waiting list now (also done after every release or expiry the store
   * sees); call it from a timer so a quiet drop promotes lapsed holds on its own. The holds given.
   */
  readonly promoteWaitingList: (dropId: string) => Promise<ReadonlyArray<Hold>>
  /**
   * Closes the store (connections, subscriptions): open event iterators end (a `for await` loop
   * over them finishes), and later calls reject with `DropClientDisposed`.
   */
  readonly dispose: () => Promise<void>
}

// The store checks every request itself (Drop, HoldRequest, HoldAction and EntryRequest schemas,
// failing with an InvalidDropInput naming the field). What it does not refuse is a key its schema does
// not have (the Effect API is typed; here a typo would be dropped silently), so the client checks
// for those first: a plain key walk on the hot path (hold, confirm, release), and the schema with
// `onExcessProperty: "error"` to name the key when the walk finds one (or for the other requests).
// The store checks drop ids and seeds itself too (an InvalidDropInput).
const strict = { onExcessProperty: "error" } as const
const decodeDropStrict = decodeInput(Drop, "drop", strict)
const decodeHoldStrict = decodeInput(HoldRequest, "holdRequest", strict)
const decodeActionStrict = decodeInput(HoldAction, "holdAction", strict)
const decodeEntryStrict = decodeInput(EntryRequest, "entryRequest", strict)

const HOLD_KEYS = new Set(["dropId", "customerId", "lines", "passes", "idempotencyKey"])
const LINE_KEYS = new Set(["sku", "quantity"])
const ACTION_KEYS = new Set(["dropId", "holdId", "idempotencyKey"])
const onlyKeys = (v: unknown, keys: ReadonlySet<string>): boolean => {
  if (typeof v !== "object" || v === null) return true
  for (const key in v) if (!keys.has(key)) return false
  return true
}
/** No key outside the `HoldRequest` schema (anything else the store's own check refuses). */
const plainHold = (v: unknown): boolean => {
  if (typeof v !== "object" || v === null) return true
  if (!onlyKeys(v, HOLD_KEYS)) return false
  const lines = (v as { lines?: unknown }).lines
  return !Array.isArray(lines) || lines.every((line) => onlyKeys(line, LINE_KEYS))
}

/**
 * Makes a promise client over a store layer (default: a fresh memory store). The store starts at
 * the first call; if it cannot start (its database is unreachable), that call rejects with the
 * layer's error (`StoreUnavailable`) and the next call tries to start it again. Every argument is
 * checked first: a request or a `dropId` that breaks its schema rejects with a `InvalidDropInput`
 * naming the field, and so does a request with a key its schema does not have (a typo such as
 * `idempotencykey` is refused, never dropped). The request types are the schemas' encoded types,
 * so an editor completes them.
 *
 * @param layer - The store: `layerMemory()`, `layerPostgres(...)` or `layerRedis(...)`.
 * @returns The client; call `dispose()` when done.
 * @throws {@link InvalidDropArgument} when `layer` is not a layer.
 * @category constructors
 * @since 0.1.0
 */
export const makeDropClient = (layer: Layer.Layer<DropStore, unknown> = layerMemory()): DropClient => {
  if (!Layer.isLayer(layer))
    throw new InvalidDropArgument({
      function: "makeDropClient",
      argument: "layer",
      rule: `must be a store layer (layerMemory(), layerPostgres(...), layerRedis(...)) or absent, got ${describeValue(layer)}`
    })
  // a store that failed to start (its database unreachable at the first call) is started again
  // on the next call
  const runtime = restartableRuntime(layer)
  let disposed = false
  const start = (operation: string): Promise<void> =>
    disposed ? Promise.reject(new DropClientDisposed({ operation })) : runtime.start()
  const run = <A, E>(operation: string, eff: Effect.Effect<A, E, DropStore>): Promise<A> =>
    disposed ? Promise.reject(new DropClientDisposed({ operation })) : runtime.runPromise(eff)
  const forDrop = <A, E>(
    operation: string,
    dropId: string,
    f: (store: DropStoreShape, dropId: string) => Effect.Effect<A, E>
  ): Promise<A> =>
    run(
      operation,
      DropStore.use((s) => f(s, dropId))
    )
  // the event iterators still open, each with the function that ends it
  const open = new Set<() => Promise<void>>()
  return {
    createDrop: (drop) =>
      run(
        "createDrop",
        Effect.flatMap(decodeDropStrict(drop), (valid) => DropStore.use((s) => s.createDrop(valid)))
      ),
    getDrop: (dropId) => forDrop("getDrop", dropId, (s, id) => s.getDrop(id)),
    hold: (request) =>
      run(
        "hold",
        plainHold(request)
          ? DropStore.use((s) => s.hold(request as HoldRequest))
          : Effect.flatMap(decodeHoldStrict(request), (valid) => DropStore.use((s) => s.hold(valid)))
      ),
    confirm: (request) =>
      run(
        "confirm",
        onlyKeys(request, ACTION_KEYS)
          ? DropStore.use((s) => s.confirm(request as HoldAction))
          : Effect.flatMap(decodeActionStrict(request), (valid) => DropStore.use((s) => s.confirm(valid)))
      ),
    release: (request) =>
      run(
        "release",
        onlyKeys(request, ACTION_KEYS)
          ? DropStore.use((s) => s.release(request as HoldAction))
          : Effect.flatMap(decodeActionStrict(request), (valid) => DropStore.use((s) => s.release(valid)))
      ),
    availability: (dropId) => forDrop("availability", dropId, (s, id) => s.availability(id)),
    snapshot: (dropId) => forDrop("snapshot", dropId, (s, id) => s.snapshot(id)),
    enterRaffle: (request) =>
      run(
        "enterRaffle",
        Effect.flatMap(decodeEntryStrict(request), (valid) => DropStore.use((s) => s.enterRaffle(valid)))
      ),
    drawRaffle: (dropId, seed) =>
      run(
        "drawRaffle",
        DropStore.use((s) => s.drawRaffle({ dropId, seed }))
      ),
    joinWaitingList: (request) =>
      run(
        "joinWaitingList",
        Effect.flatMap(decodeEntryStrict(request), (valid) => DropStore.use((s) => s.joinWaitingList(valid)))
      ),
    waitingList: (dropId) => forDrop("waitingList", dropId, (s, id) => s.waitingList(id)),
    promoteWaitingList: (dropId) =>
      forDrop("promoteWaitingList", dropId, (s, id) => s.promoteWaitingList(id)),
    events: async (dropId) => {
      await start("events")
      const scope = await runtime.runPromise(Scope.make())
      const close = () => runtime.runPromise(Scope.close(scope, Exit.void))
      const stream = await forDrop("events", dropId, (s, id) => Scope.provide(s.subscribe(id), scope)).catch(
        async (error: unknown) => {
          await close()
          throw error
        }
      )
      const inner = Stream.toAsyncIterable(stream)[Symbol.asyncIterator]()
      // ending the iterator (return(), or dispose()) also settles a next() that is waiting, so a
      // `for await` loop ends instead of waiting for an event that never comes
      let stop = (): void => undefined
      const stopped = new Promise<IteratorResult<DropEvent>>((resolve) => {
        stop = () => resolve({ done: true, value: undefined })
      })
      let ending: Promise<void> | undefined
      const end = (): Promise<void> => {
        ending ??= (async () => {
          open.delete(end)
          stop()
          await inner.return?.()
          await close()
        })()
        return ending
      }
      open.add(end)
      const iterator: AsyncIterableIterator<DropEvent> = {
        next: () => (ending === undefined ? Promise.race([inner.next(), stopped]) : stopped),
        return: async () => {
          await end()
          return { done: true, value: undefined }
        },
        [Symbol.asyncIterator]() {
          return iterator
        }
      }
      return iterator
    },
    dispose: async () => {
      if (disposed) return
      disposed = true
      await Promise.all(Array.from(open, (end) => end()))
      await runtime.dispose()
    }
  }
}
