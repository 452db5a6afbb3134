/**
 * Bounded waits for calls to a database or cache: a driver that never settles a command (ioredis with
 * `autoResendUnfulfilledCommands: false` after its connection is killed, a pg query on a half-open
 * socket) must surface as the store's retryable error, never as a call that hangs for ever.
 */

/** The default bound of one store call, in milliseconds. */
export const DEFAULT_STORE_TIMEOUT_MS = 10_000

/**
 * Settles like `promise`, or rejects with `onTimeout()` once `ms` milliseconds pass first. The
 * work behind `promise` is not cancelled (a driver offers no way to): callers retry with an
 * idempotency key, so work that lands late is not done twice.
 */
export const withDeadline = <A>(promise: Promise<A>, ms: number, onTimeout: () => unknown): Promise<A> =>
  new Promise<A>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms)
    timer.unref?.()
    promise.then(
      (a) => {
        clearTimeout(timer)
        resolve(a)
      },
      (e: unknown) => {
        clearTimeout(timer)
        reject(e)
      }
    )
  })

/**
 * Why `value` is not a usable timeout option (a finite number of milliseconds, at least 1 and at most
 * 2³¹−1, the largest delay Node's timers keep), or `undefined` when it is.
 */
export const timeoutRule = (value: unknown): string | undefined =>
  typeof value !== "number" || !Number.isFinite(value)
    ? "must be a finite number of milliseconds"
    : value < 1 || value > 2_147_483_647
      ? "must be from 1 to 2147483647 milliseconds"
      : undefined
