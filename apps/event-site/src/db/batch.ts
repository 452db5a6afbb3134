/**
 * Group commit for the app's own writes. In a rush, PGlite spends most of each statement on its
 * fixed cost (parse, plan, commit to its files), so the writes of requests arriving together are
 * made by one statement: calls made in the same turn of the event loop, or while the previous
 * batch of the same kind runs, go out together (at most `maxBatch`).
 *
 * Every call is answered exactly once with its own result. When a batch's statement fails, its
 * items are tried one by one, so one bad row fails only its own call (each statement is atomic,
 * so a failed batch wrote nothing).
 */
import { DatabaseInconsistent } from "../errors.ts"

/** Writes a batch: one result per item, in the items' order. */
export type BatchWrite<T, R> = (items: ReadonlyArray<T>) => Promise<ReadonlyArray<R>>

interface Waiting<T, R> {
  readonly item: T
  readonly resolve: (r: R) => void
  readonly reject: (e: unknown) => void
}

/**
 * Makes a batched writer: one call per item, one `write` per batch.
 *
 * @param write - Writes a batch, answering one result per item in order.
 * @param maxBatch - Most items in one batch.
 * @returns The function a request calls with its own item.
 */
export const batched = <T, R>(write: BatchWrite<T, R>, maxBatch = 200): ((item: T) => Promise<R>) => {
  const pending: Array<Waiting<T, R>> = []
  let busy = false
  const answer = async (batch: ReadonlyArray<Waiting<T, R>>) => {
    const results = await write(batch.map((w) => w.item))
    if (results.length !== batch.length)
      throw new DatabaseInconsistent({
        what: `${batch.length - results.length} of ${batch.length} batched writes`
      })
    for (const [i, w] of batch.entries()) w.resolve(results[i] as R)
  }
  const run = async () => {
    const batch = pending.splice(0, maxBatch)
    try {
      await answer(batch)
    } catch (error) {
      if (batch.length === 1) batch[0]?.reject(error)
      else await Promise.all(batch.map((w) => answer([w]).catch(w.reject)))
    }
    busy = false
    next()
  }
  const next = () => {
    if (busy || pending.length === 0) return
    busy = true
    // One turn passes first, so every request that reached this point in this turn joins.
    setImmediate(() => void run())
  }
  return (item) =>
    new Promise<R>((resolve, reject) => {
      pending.push({ item, resolve, reject })
      next()
    })
}
