/**
 * What the pieces of one drop store share (see DropStore.ts, which wires them): the backend, the
 * drops this instance has read and its live events. Internal: not part of the public API.
 *
 * @since 0.1.0
 */
import type { DropBackend } from "../DropBackend.ts"
import type { DropCache } from "./dropCache.ts"
import type { LocalEvents } from "./events.ts"

/** The backend, drop cache and event hub of one store instance. */
export interface StoreParts {
  readonly backend: DropBackend
  readonly drops: DropCache
  readonly events: LocalEvents
}
