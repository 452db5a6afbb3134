/**
 * Group commit for stores that talk to a server. Calls for the same key (a drop, or one key for a
 * whole ledger) queue up while earlier batches run, and each batch takes what is waiting (up to
 * `maxBatch`). One macrotask passes before a batch starts, so callers whose previous call just
 * finished join it instead of starting a batch of one. Up to `inFlight` batches per key run at
 * once, so this process prepares the next batch while the server runs the previous one (each batch
 * is atomic on the server; their order is the order requests arrived in anyway).
 *
 * Every item is answered exactly once: with its own result (`{ ok: true, value }` resolves it,
 * `{ ok: false, error }` rejects it), with the batch's failure when `exec` rejects, with `tooFew`
 * when `exec` answers fewer results than items, or with `timeout` when `exec` has not settled
 * after `timeoutMs` (the slot is freed then, so a driver that never answers cannot stall the queue).
 */
import type { Result } from "./Result.ts"

/** Options of `makeBatcher`. Check them (see `batchOptionRule`) before calling. */
export interface BatcherOptions<T, R> {
  /** Most items in one batch. */
  readonly maxBatch: number
  /** Batches per key running at once. */
  readonly inFlight: number
  /** Bound of one batch in milliseconds. */
  readonly timeoutMs: number
  /** Runs one batch: one result per item, in order. */
  readonly exec: (key: string, items: ReadonlyArray<T>) => Promise<ReadonlyArray<Result<R, unknown>>>
  /** The error every item of a batch gets when it runs out of time. */
  readonly timeout: (key: string, items: number) => unknown
  /** The error an item gets when `exec` answered fewer results than items (a bug in `exec`). */
  readonly tooFew: (answered: number, items: number) => unknown
}

/** A keyed queue that runs items in batches. */
export interface Batcher<T, R> {
  /** Queues `item` under `key`; settles with its answer. */
  readonly submit: (key: string, item: T) => Promise<R>
}

interface Waiting<T, R> {
  readonly item: T
  readonly resolve: (r: R) => void
  readonly reject: (e: unknown) => void
}

interface Queue<T, R> {
  readonly pending: Array<Waiting<T, R>>
  running: number
  scheduled: boolean
}

/**
 * Why a `maxBatch` / `inFlight` value is not usable (a whole number from 1 to 10,000), or
 * `undefined` when it is.
 */
export const batchOptionRule = (value: unknown): string | undefined =>
  typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 10_000
    ? "must be a whole number from 1 to 10000"
    : undefined

/** Makes a keyed batcher. */
export const makeBatcher = <T, R>(options: BatcherOptions<T, R>): Batcher<T, R> => {
  const { maxBatch, inFlight, timeoutMs, exec, timeout, tooFew } = options
  const queues = new Map<string, Queue<T, R>>()
  const start = (key: string, q: Queue<T, R>, batch: ReadonlyArray<Waiting<T, R>>) => {
    q.running++
    let settled = false
    const done = () => {
      if (settled) return false
      settled = true
      clearTimeout(timer)
      q.running--
      pump(key, q)
      return true
    }
    const timer = setTimeout(() => {
      if (!done()) return
      const error = timeout(key, batch.length)
      for (const w of batch) w.reject(error)
    }, timeoutMs)
    let running: Promise<ReadonlyArray<Result<R, unknown>>>
    try {
      running = exec(
        key,
        batch.map((w) => w.item)
      )
    } catch (error) {
      running = Promise.reject(error)
    }
    running.then(
      (results) => {
        if (!done()) return
        for (const [i, w] of batch.entries()) {
          const r = results[i]
          if (r === undefined) w.reject(tooFew(results.length, batch.length))
          else if (r.ok) w.resolve(r.value)
          else w.reject(r.error)
        }
      },
      (error: unknown) => {
        if (!done()) return
        for (const w of batch) w.reject(error)
      }
    )
  }
  const pump = (key: string, q: Queue<T, R>): void => {
    if (q.pending.length === 0) {
      if (q.running === 0 && !q.scheduled) queues.delete(key)
      return
    }
    if (q.scheduled || q.running >= inFlight) return
    q.scheduled = true
    setImmediate(() => {
      q.scheduled = false
      // share what is waiting between the free slots, so the server always has the next batch
      while (q.running < inFlight && q.pending.length > 0) {
        const size = Math.min(maxBatch, Math.ceil(q.pending.length / (inFlight - q.running)))
        start(key, q, q.pending.splice(0, size))
      }
      if (q.running === 0 && q.pending.length === 0) queues.delete(key)
    })
  }
  return {
    submit: (key, item) =>
      new Promise<R>((resolve, reject) => {
        let q = queues.get(key)
        if (q === undefined) {
          q = { pending: [], running: 0, scheduled: false }
          queues.set(key, q)
        }
        q.pending.push({ item, resolve, reject })
        pump(key, q)
      })
  }
}
