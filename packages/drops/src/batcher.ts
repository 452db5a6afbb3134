/**
 * Group commit for stores that talk to a server: calls for the same key (a drop) queue up while
 * earlier batches run, and each batch takes everything waiting (up to `maxBatch`). One macrotask
 * passes before a batch starts, so callers whose previous call just finished can join it instead
 * of starting a batch of one. Up to `inFlight` batches per key run at once, so this process
 * prepares the next batch while the server works on the previous one (each batch is atomic on
 * the server; their order is the order requests arrived in anyway).
 *
 * @since 0.1.0
 */

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

/** A per-key queue that runs items in batches of at most `maxBatch`, `inFlight` batches at a time. */
export const makeBatcher = <T, R>(
  maxBatch: number,
  inFlight: number,
  exec: (key: string, items: ReadonlyArray<T>) => Promise<ReadonlyArray<R>>
): { readonly submit: (key: string, item: T) => Promise<R> } => {
  const queues = new Map<string, Queue<T, R>>()
  const start = (key: string, q: Queue<T, R>, batch: Array<Waiting<T, R>>) => {
    q.running++
    exec(
      key,
      batch.map((w) => w.item)
    )
      .then(
        (results) => {
          for (const [i, w] of batch.entries()) w.resolve(results[i] as R)
        },
        (error: unknown) => {
          for (const w of batch) w.reject(error)
        }
      )
      .finally(() => {
        q.running--
        pump(key, q)
      })
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
