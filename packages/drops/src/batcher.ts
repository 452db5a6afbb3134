/**
 * Group commit for stores that talk to a server: calls for the same key (a drop) queue up while
 * one batch runs, and the next batch takes them all at once. One macrotask passes before each
 * batch, so callers whose previous call just finished can join it instead of starting a batch
 * of one.
 *
 * @since 0.1.0
 */

interface Waiting<T, R> {
  readonly item: T
  readonly resolve: (r: R) => void
  readonly reject: (e: unknown) => void
}

/** A per-key queue that runs items in batches of at most `maxBatch`, one batch per key at a time. */
export const makeBatcher = <T, R>(
  maxBatch: number,
  exec: (key: string, items: ReadonlyArray<T>) => Promise<ReadonlyArray<R>>
): { readonly submit: (key: string, item: T) => Promise<R> } => {
  const queues = new Map<string, { pending: Array<Waiting<T, R>>; running: boolean }>()
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve))
  const drain = async (key: string, q: { pending: Array<Waiting<T, R>>; running: boolean }) => {
    q.running = true
    try {
      while (q.pending.length > 0) {
        await tick()
        const batch = q.pending.splice(0, maxBatch)
        try {
          const results = await exec(
            key,
            batch.map((w) => w.item)
          )
          for (const [i, w] of batch.entries()) w.resolve(results[i] as R)
        } catch (error) {
          for (const w of batch) w.reject(error)
        }
      }
    } finally {
      q.running = false
      if (q.pending.length === 0) queues.delete(key)
    }
  }
  return {
    submit: (key, item) =>
      new Promise<R>((resolve, reject) => {
        let q = queues.get(key)
        if (q === undefined) {
          q = { pending: [], running: false }
          queues.set(key, q)
        }
        q.pending.push({ item, resolve, reject })
        if (!q.running) void drain(key, q)
      })
  }
}
