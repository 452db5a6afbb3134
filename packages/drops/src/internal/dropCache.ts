/**
 * The drops one store instance has read, frozen: a drop never changes once created, so each is
 * read from the backend once and its rules are taken from this object afterwards. Internal: not
 * part of the public API.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { Drop } from "../Drop.ts"
import type { DropBackend } from "../DropBackend.ts"
import { DropAlreadyExists, DropNotFound, type InvalidDropInput, type StoreUnavailable } from "../errors.ts"
import { decodeInput } from "./decodeInput.ts"

/** The drops this instance knows, and how it creates and reads them. */
export interface DropCache {
  /** A drop this instance has already read, or undefined (no store call). */
  readonly known: (dropId: string) => Drop | undefined
  /** A drop, from this instance's copy or read once from the store. */
  readonly get: (dropId: string) => Effect.Effect<Drop, DropNotFound | StoreUnavailable>
  /**
   * Creates a drop (checked with the `Drop` schema first); creating an identical drop again
   * succeeds, a different one with the same id fails with `DropAlreadyExists`.
   */
  readonly create: (
    input: Drop
  ) => Effect.Effect<Drop, DropAlreadyExists | InvalidDropInput | StoreUnavailable>
}

const decodeDrop = decodeInput(Drop, "drop")

/** Freezes a decoded drop and everything in it: the store reads its rules from this object. */
const freezeDrop = (drop: Drop): Drop => {
  for (const item of drop.items) Object.freeze(item)
  for (const w of drop.windows) {
    if (w.passes !== undefined) Object.freeze(w.passes)
    Object.freeze(w)
  }
  Object.freeze(drop.items)
  Object.freeze(drop.windows)
  Object.freeze(drop.limits)
  return Object.freeze(drop)
}

/** Both drops come out of the `Drop` schema, so their fields are in the schema's order. */
const sameDrop = (a: Drop, b: Drop): boolean => JSON.stringify(a) === JSON.stringify(b)

/**
 * Makes the drop cache of one store instance.
 *
 * @param backend - the store's backend, to read and insert drops
 * @returns the cache
 */
export const makeDropCache = (backend: DropBackend): DropCache => {
  const drops = new Map<string, Drop>()
  const get = (dropId: string): Effect.Effect<Drop, DropNotFound | StoreUnavailable> => {
    const cached = drops.get(dropId)
    if (cached !== undefined) return Effect.succeed(cached)
    return Effect.flatMap(backend.loadDrop(dropId), (drop) => {
      if (drop === undefined) return Effect.fail(new DropNotFound({ dropId }))
      drops.set(dropId, freezeDrop(drop))
      return Effect.succeed(drop)
    })
  }
  const create = (input: Drop) =>
    Effect.flatMap(Effect.map(decodeDrop(input), freezeDrop), (drop) =>
      Effect.flatMap(backend.insertDrop(drop), (inserted) =>
        inserted
          ? Effect.sync(() => {
              drops.set(drop.id, drop)
              return drop
            })
          : Effect.flatMap(
              Effect.catchTag(get(drop.id), "DropNotFound", () => Effect.succeed(drop)),
              (existing) =>
                sameDrop(existing, drop)
                  ? Effect.succeed(existing)
                  : Effect.fail(new DropAlreadyExists({ dropId: drop.id }))
            )
      )
    )
  return { known: (dropId) => drops.get(dropId), get, create }
}
