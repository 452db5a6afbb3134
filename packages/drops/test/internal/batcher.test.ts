// The stores' group commit, as drops uses the kit's batcher: one batch per drop for the calls
// made together, bounded batches, and a failed batch that does not stop the queue.
import { makeBatcher as kitBatcher, ok } from "@microdrop/kit"
import { describe, expect, it } from "vitest"

/** The kit's batcher, every item answered with what `exec` returns for it. */
const makeBatcher = <T, R>(
  maxBatch: number,
  inFlight: number,
  exec: (key: string, items: ReadonlyArray<T>) => Promise<ReadonlyArray<R>>
) =>
  kitBatcher<T, R>({
    maxBatch,
    inFlight,
    timeoutMs: 10_000,
    exec: async (key, items) => (await exec(key, items)).map(ok),
    timeout: (key, n) => `timeout ${key} ${n}`,
    tooFew: (answered, n) => `${answered} of ${n}`
  })

describe("makeBatcher", () => {
  it("runs calls made together as one batch per key, in order, and answers each", async () => {
    const seen: Array<[string, ReadonlyArray<number>]> = []
    const b = makeBatcher<number, number>(64, 1, async (key, items) => {
      seen.push([key, items])
      return items.map((i) => i * 10)
    })
    const out = await Promise.all([b.submit("a", 1), b.submit("a", 2), b.submit("b", 3), b.submit("a", 4)])
    expect(out).toEqual([10, 20, 30, 40])
    expect(seen).toEqual([
      ["a", [1, 2, 4]],
      ["b", [3]]
    ])
  })

  it("never runs more than inFlight batches of a key at once, nor more than maxBatch items", async () => {
    let running = 0
    let peak = 0
    const sizes: Array<number> = []
    const b = makeBatcher<number, number>(3, 2, async (_, items) => {
      running++
      peak = Math.max(peak, running)
      sizes.push(items.length)
      await new Promise((r) => setImmediate(r))
      running--
      return items
    })
    const out = await Promise.all(Array.from({ length: 10 }, (_, i) => b.submit("k", i)))
    expect(out).toEqual(Array.from({ length: 10 }, (_, i) => i))
    expect(peak).toBe(2)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3)
    expect(sizes.reduce((a, n) => a + n, 0)).toBe(10)
  })

  it("rejects every call of a failed batch and keeps serving later ones", async () => {
    let fail = true
    const b = makeBatcher<number, number>(64, 1, async (_, items) => {
      if (fail) {
        fail = false
        throw new Error("connection lost")
      }
      return items
    })
    const first = await Promise.allSettled([b.submit("k", 1), b.submit("k", 2)])
    expect(first.map((r) => r.status)).toEqual(["rejected", "rejected"])
    expect(await b.submit("k", 3)).toBe(3)
  })
})
