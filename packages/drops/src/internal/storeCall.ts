/**
 * Every call a server store makes, bounded in time: a driver that never settles a command (ioredis
 * with `autoResendUnfulfilledCommands: false` after its connection is killed, a query on a
 * half-open socket) fails with the retryable {@link StoreUnavailable} after `timeoutMs` instead of
 * leaving the caller waiting for ever. Internal: not part of the public API.
 *
 * @since 0.1.0
 */
import { withDeadline } from "@microdrop/kit"
import { Effect } from "effect"
import { type StoreOperation, StoreUnavailable } from "../errors.ts"

/** What a call that ran out of time reports as its cause. */
export const noAnswer = (timeoutMs: number): string => `no answer within ${timeoutMs} ms`

/** The failure of one store call: a `StoreUnavailable` is kept as it is, anything else wrapped. */
export const storeFailure =
  (store: string, operation: StoreOperation) =>
  (cause: unknown): StoreUnavailable =>
    cause instanceof StoreUnavailable ? cause : new StoreUnavailable({ store, operation, cause })

/**
 * Makes the bounded call of one store.
 *
 * @param store - the store's name, for the error
 * @param timeoutMs - the bound of one call
 * @returns `call(operation, f)`: runs `f` and fails with `StoreUnavailable` naming `operation` if
 *   it rejects or does not settle within `timeoutMs`
 */
export const boundedCalls =
  (store: string, timeoutMs: number) =>
  <A>(operation: StoreOperation, f: () => Promise<A>): Effect.Effect<A, StoreUnavailable> =>
    Effect.tryPromise({
      try: () =>
        withDeadline(
          f(),
          timeoutMs,
          () => new StoreUnavailable({ store, operation, cause: noAnswer(timeoutMs) })
        ),
      catch: storeFailure(store, operation)
    })
