/**
 * The memory store: the embedded default. All state lives in this process; every operation runs
 * synchronously on JavaScript's single thread, so each one is atomic without locks.
 *
 * @since 0.1.0
 */
import { Effect, Layer } from "effect"
import type { Drop } from "./Drop.ts"
import type { BatchOutcome, DropBackend, EntryList } from "./DropBackend.ts"
import { DropStore, makeDropStore } from "./DropStore.ts"
import type { StoredEntry } from "./Entry.ts"
import type { InvalidStoreOptions } from "./errors.ts"
import type { DropSnapshot } from "./Hold.ts"
import { DropState, type Op, type OpResult } from "./internal/engine.ts"
import { compositeKey } from "./internal/keys.ts"
import { checkedNewId, checkStoreOptions, isFunction } from "./internal/storeOptions.ts"

/**
 * Options of the memory store.
 *
 * @category models
 * @since 0.1.0
 */
export interface MemoryStoreOptions {
  /** Makes hold ids (default: `H1`, `H2`, … per store). */
  readonly newId?: () => string
}

/**
 * The memory backend (for {@link makeDropStore}).
 *
 * @param options - see {@link MemoryStoreOptions}
 * @returns the backend
 * @throws {@link InvalidStoreOptions} for an option it cannot use (an unknown key, a `newId`
 *   that is not a function); a hold whose `newId` returns an invalid id dies with it.
 * @category constructors
 * @since 0.1.0
 */
export const memoryBackend = (options: MemoryStoreOptions = {}): DropBackend => {
  const invalid = checkMemoryOptions(options)
  if (invalid !== undefined) throw invalid
  const drops = new Map<string, DropState>()
  const lists = new Map<string, Map<string, StoredEntry>>()
  const listOf = (drop: Drop, list: EntryList): Map<string, StoredEntry> => {
    const k = compositeKey(list, drop.id)
    let m = lists.get(k)
    if (m === undefined) {
      m = new Map()
      lists.set(k, m)
    }
    return m
  }
  let counter = 0
  const newId = options.newId === undefined ? () => `H${++counter}` : checkedNewId("memory", options.newId)
  const stateOf = (drop: Drop): DropState => drops.get(drop.id) as DropState
  const runBatch = (drop: Drop, ops: ReadonlyArray<Op>, now: number): BatchOutcome => {
    const state = stateOf(drop)
    const expired = state.expireDue(now)
    const results: Array<OpResult> = []
    for (const op of ops) results.push(state.apply(op, now, newId))
    return { results, availability: state.availability(), expired }
  }
  const runSync = (drop: Drop, op: Op, now: number) => {
    const state = stateOf(drop)
    const expired = state.expireDue(now)
    const result = state.apply(op, now, newId)
    return { result, expired, availability: () => state.availability() }
  }
  return {
    name: "memory",
    newId,
    synchronous: true,
    insertDrop: (drop) =>
      Effect.sync(() => {
        if (drops.has(drop.id)) return false
        drops.set(drop.id, new DropState(drop, false))
        return true
      }),
    loadDrop: (dropId) => Effect.sync(() => drops.get(dropId)?.drop),
    run: (drop, ops, now) => Effect.sync(() => runBatch(drop, ops, now)),
    runSync,
    addEntry: (drop, list, entry) =>
      Effect.sync(() => {
        const m = listOf(drop, list)
        if (m.has(entry.customerId)) return false
        m.set(entry.customerId, entry)
        return true
      }),
    listEntries: (drop, list) => Effect.sync(() => Array.from(listOf(drop, list).values())),
    removeEntry: (drop, list, customerId) =>
      Effect.sync(() => {
        listOf(drop, list).delete(customerId)
      }),
    snapshot: (drop, now) =>
      Effect.sync((): DropSnapshot => {
        const state = stateOf(drop)
        state.expireDue(now)
        const holdKeys: Array<{ key: string; holdId: string }> = []
        for (const [key, rec] of state.idem)
          if (rec.fingerprint.startsWith("hold|")) holdKeys.push({ key, holdId: rec.result.id })
        return {
          availability: { dropId: drop.id, at: now, items: state.availability() },
          holds: Array.from(state.holds.values()),
          holdKeys
        }
      })
  }
}

/**
 * A memory `DropStore` layer: a fresh, empty store each time the layer is built. Building it
 * fails with `InvalidStoreOptions` for an option it cannot use (an unknown key, a `newId` that is
 * not a function).
 *
 * @category layers
 * @since 0.1.0
 */
export const layerMemory = (options: MemoryStoreOptions = {}): Layer.Layer<DropStore, InvalidStoreOptions> =>
  Layer.effect(
    DropStore,
    Effect.suspend(() => {
      const invalid = checkMemoryOptions(options)
      return invalid === undefined
        ? Effect.map(makeDropStore(memoryBackend(options)), DropStore.of)
        : Effect.fail(invalid)
    })
  )

const checkMemoryOptions = (options: unknown): InvalidStoreOptions | undefined =>
  checkStoreOptions("memory", options, { newId: isFunction })
