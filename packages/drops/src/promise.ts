/**
 * `@microdrop/drops/promise`: the drop store for code that does not use Effect. Every method
 * returns a Promise that rejects with the same tagged errors (`SoldOut`, `WindowClosed` …), and
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
import { Effect, Exit, type Layer, ManagedRuntime, Schema, Scope, Stream } from "effect"
import { DropStore } from "./DropStore.ts"
import { layerMemory } from "./memory.ts"
import {
  type Availability,
  Drop,
  type DropEvent,
  type DropSnapshot,
  EntryRequest,
  type Hold,
  HoldAction,
  HoldRequest,
  type RaffleOutcome,
  type StoredEntry
} from "./model.ts"

/**
 * The promise API of a drop store.
 *
 * @category models
 * @since 0.1.0
 */
export interface DropClient {
  /** Creates a drop (decoded first: a bad field rejects with a `SchemaError`). */
  readonly createDrop: (drop: unknown) => Promise<Drop>
  /** Reads a drop. */
  readonly getDrop: (dropId: string) => Promise<Drop>
  /** Reserves stock; rejects with `SoldOut`, `WindowClosed`, `LimitExceeded` … */
  readonly hold: (request: unknown) => Promise<Hold>
  /** Confirms a hold into a claim. */
  readonly confirm: (request: unknown) => Promise<Hold>
  /** Releases a hold. */
  readonly release: (request: unknown) => Promise<Hold>
  /** Availability now. */
  readonly availability: (dropId: string) => Promise<Availability>
  /** Everything stored for a drop. */
  readonly snapshot: (dropId: string) => Promise<DropSnapshot>
  /**
   * Subscribes to a drop's events. The subscription exists when the promise resolves; stop with
   * `break` in a `for await` loop (or `return()`).
   */
  readonly events: (dropId: string) => Promise<AsyncIterableIterator<DropEvent>>
  /** Enters a raffle drop (one entry per customer). */
  readonly enterRaffle: (request: unknown) => Promise<StoredEntry>
  /** Draws a raffle with the revealed seed (after entries closed). */
  readonly drawRaffle: (dropId: string, seed: string) => Promise<RaffleOutcome>
  /** Joins a drop's waiting list. */
  readonly joinWaitingList: (request: unknown) => Promise<StoredEntry>
  /** The waiting list, in order. */
  readonly waitingList: (dropId: string) => Promise<ReadonlyArray<StoredEntry>>
  /**
   * Offers free units to the waiting list now (also done after every release or expiry the store
   * sees); call it from a timer so a quiet drop promotes lapsed holds on its own. The holds given.
   */
  readonly promoteWaitingList: (dropId: string) => Promise<ReadonlyArray<Hold>>
  /** Closes the store (connections, subscriptions). */
  readonly dispose: () => Promise<void>
}

const decodeDrop = Schema.decodeUnknownEffect(Drop)
const decodeHold = Schema.decodeUnknownEffect(HoldRequest)
const decodeAction = Schema.decodeUnknownEffect(HoldAction)
const decodeEntry = Schema.decodeUnknownEffect(EntryRequest)

/**
 * Makes a promise client over a store layer (default: a fresh memory store).
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeDropClient = (layer: Layer.Layer<DropStore, unknown> = layerMemory()): DropClient => {
  const runtime = ManagedRuntime.make(layer)
  const run = <A, E>(eff: Effect.Effect<A, E, DropStore>): Promise<A> => runtime.runPromise(eff)
  return {
    createDrop: (drop) => run(Effect.flatMap(decodeDrop(drop), (d) => DropStore.use((s) => s.createDrop(d)))),
    getDrop: (dropId) => run(DropStore.use((s) => s.getDrop(dropId))),
    hold: (request) => run(Effect.flatMap(decodeHold(request), (r) => DropStore.use((s) => s.hold(r)))),
    confirm: (request) =>
      run(Effect.flatMap(decodeAction(request), (r) => DropStore.use((s) => s.confirm(r)))),
    release: (request) =>
      run(Effect.flatMap(decodeAction(request), (r) => DropStore.use((s) => s.release(r)))),
    availability: (dropId) => run(DropStore.use((s) => s.availability(dropId))),
    snapshot: (dropId) => run(DropStore.use((s) => s.snapshot(dropId))),
    enterRaffle: (request) =>
      run(Effect.flatMap(decodeEntry(request), (r) => DropStore.use((s) => s.enterRaffle(r)))),
    drawRaffle: (dropId, seed) => run(DropStore.use((s) => s.drawRaffle({ dropId, seed }))),
    joinWaitingList: (request) =>
      run(Effect.flatMap(decodeEntry(request), (r) => DropStore.use((s) => s.joinWaitingList(r)))),
    waitingList: (dropId) => run(DropStore.use((s) => s.waitingList(dropId))),
    promoteWaitingList: (dropId) => run(DropStore.use((s) => s.promoteWaitingList(dropId))),
    events: async (dropId) => {
      const scope = await runtime.runPromise(Scope.make())
      const close = () => runtime.runPromise(Scope.close(scope, Exit.void))
      const stream = await run(
        Scope.provide(
          DropStore.use((s) => s.subscribe(dropId)),
          scope
        )
      ).catch(async (error: unknown) => {
        await close()
        throw error
      })
      const inner = Stream.toAsyncIterable(stream)[Symbol.asyncIterator]()
      const iterator: AsyncIterableIterator<DropEvent> = {
        next: () => inner.next(),
        return: async () => {
          await inner.return?.()
          await close()
          return { done: true, value: undefined }
        },
        [Symbol.asyncIterator]() {
          return iterator
        }
      }
      return iterator
    },
    dispose: () => runtime.dispose()
  }
}
