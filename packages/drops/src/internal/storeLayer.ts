/**
 * The one wiring of a server store's layer: build the backend from the options, then the store
 * with the relay that hears other instances (built from the same options, so this instance's own
 * messages are skipped). Internal: not part of the public API.
 *
 * @since 0.1.0
 */
import { Effect, Layer } from "effect"
import type { DropBackend, EventRelay } from "../DropBackend.ts"
import { DropStore, makeRelayedDropStore } from "../DropStore.ts"
import type { StoreUnavailable } from "../errors.ts"

/**
 * A `DropStore` layer over a backend and its relay, both made from `options`.
 *
 * @param options - the store's options, as the caller passed them
 * @param makeBackend - builds the backend (checks the options, reaches the server)
 * @param makeRelay - the listening side of the store's events, or undefined without one
 * @returns the layer; building it fails as `makeBackend` does, or when the relay cannot listen
 */
export const storeLayer = <O, E>(
  options: O,
  makeBackend: (options: O) => Effect.Effect<DropBackend, E>,
  makeRelay: (options: O) => EventRelay | undefined
): Layer.Layer<DropStore, E | StoreUnavailable> =>
  Layer.effect(
    DropStore,
    Effect.flatMap(makeBackend(options), (backend) =>
      Effect.map(makeRelayedDropStore(backend, makeRelay(options)), DropStore.of)
    )
  )
