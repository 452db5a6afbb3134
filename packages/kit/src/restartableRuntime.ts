/**
 * A `ManagedRuntime` that starts again after a failed start. A managed runtime builds its layer
 * once and keeps the outcome for good, failures included: a promise client whose database was
 * unreachable at its first call would reject every later call with that first error. This one
 * starts the layer at the first call, shares it with every call after, and when the start fails
 * rejects that call with the layer's error, disposes the failed runtime and starts a fresh one at
 * the next call, so retrying after `StoreUnavailable` can succeed.
 */
import { Effect, type Layer, ManagedRuntime } from "effect"

/**
 * A runtime over one layer that starts again after a failed start.
 *
 * @category models
 * @since 0.1.0
 */
export interface RestartableRuntime<R> {
  /**
   * Starts the layer (once: calls while it starts share the start). Rejects with the layer's
   * error when it fails; the next call then starts a fresh runtime.
   */
  readonly start: () => Promise<void>
  /** Starts the layer if needed, then runs `effect` on it. */
  readonly runPromise: <A, E>(effect: Effect.Effect<A, E, R>) => Promise<A>
  /** Disposes the current runtime (closes what the layer opened). */
  readonly dispose: () => Promise<void>
}

/**
 * Makes a runtime over `layer` that starts again after a failed start.
 *
 * @param layer - The layer the runtime provides (a store layer).
 * @returns The runtime; `dispose()` it when done.
 * @example
 * ```ts
 * const runtime = restartableRuntime(layerPostgres({ pool }))
 * await runtime.runPromise(DropStore.use((s) => s.getDrop("d1")))  // rejects: StoreUnavailable (down)
 * await runtime.runPromise(DropStore.use((s) => s.getDrop("d1")))  // starts again: the drop
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const restartableRuntime = <R, E>(layer: Layer.Layer<R, E>): RestartableRuntime<R> => {
  let runtime = ManagedRuntime.make(layer)
  let started: Promise<void> | undefined
  const start = (): Promise<void> => {
    started ??= runtime.runPromise(Effect.void).catch(async (error: unknown) => {
      const failed = runtime
      runtime = ManagedRuntime.make(layer)
      started = undefined
      await failed.dispose().catch(() => undefined)
      throw error
    })
    return started
  }
  return {
    start,
    runPromise: (effect) => start().then(() => runtime.runPromise(effect)),
    dispose: () => runtime.dispose()
  }
}
