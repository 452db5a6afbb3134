/**
 * Group commit for a store that talks to a server: calls queue up while earlier batches run, and each
 * batch takes what is waiting (up to `maxBatch`). One macrotask passes before a batch starts, so
 * callers whose previous call just finished join it instead of starting a batch of one. Up to
 * `inFlight` batches run at once, so the next batch is ready while the server runs the previous one.
 *
 * `exec` answers one result per item, in order: an `Error` result rejects that item only; a rejected
 * `exec` rejects every item of its batch. No item is ever left unanswered.
 */

interface Waiting<T, R> {
  readonly item: T
  readonly resolve: (r: R) => void
  readonly reject: (e: unknown) => void
}

/** A queue that runs items in batches of at most `maxBatch`, `inFlight` batches at a time. */
export const makeBatcher = <T, R>(
  maxBatch: number,
  inFlight: number,
  exec: (items: ReadonlyArray<T>) => Promise<ReadonlyArray<R | Error>>
): { readonly submit: (item: T) => Promise<R> } => {
  const pending: Array<Waiting<T, R>> = []
  let running = 0
  let scheduled = false
  const start = (batch: ReadonlyArray<Waiting<T, R>>) => {
    running++
    exec(batch.map((w) => w.item))
      .then(
        (results) => {
          for (const [i, w] of batch.entries()) {
            const r = results[i]
            if (r instanceof Error) w.reject(r)
            else if (i >= results.length)
              w.reject(new Error(`the batch answered ${results.length} of ${batch.length}`))
            else w.resolve(r as R)
          }
        },
        (error: unknown) => {
          for (const w of batch) w.reject(error)
        }
      )
      .finally(() => {
        running--
        pump()
      })
  }
  const pump = (): void => {
    if (pending.length === 0 || scheduled || running >= inFlight) return
    scheduled = true
    setImmediate(() => {
      scheduled = false
      // share what is waiting between the free slots, so the server always has the next batch
      while (running < inFlight && pending.length > 0) {
        start(pending.splice(0, Math.min(maxBatch, Math.ceil(pending.length / (inFlight - running)))))
      }
    })
  }
  return {
    submit: (item) =>
      new Promise<R>((resolve, reject) => {
        pending.push({ item, resolve, reject })
        pump()
      })
  }
}
