import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type BatcherOptions, batchOptionRule, makeBatcher } from "../src/batcher.ts"
import { err, ok, type Result } from "../src/Result.ts"

const base = {
  timeoutMs: 1_000,
  timeout: (key: string, n: number) => new Error(`timeout ${key} ${n}`),
  tooFew: (a: number, n: number) => new Error(`too few ${a}/${n}`)
}

const make = <T, R>(
  o: Partial<BatcherOptions<T, R>> & Pick<BatcherOptions<T, R>, "exec" | "maxBatch" | "inFlight">
) => makeBatcher<T, R>({ ...base, ...o })

describe("makeBatcher", () => {
  it("answers each item with its own result, resolving ok and rejecting failures", async () => {
    const b = make<number, number>({
      maxBatch: 10,
      inFlight: 1,
      exec: async (_k, items) =>
        items.map((i): Result<number, unknown> => (i % 2 === 0 ? ok(i * 10) : err(`odd ${i}`)))
    })
    const out = await Promise.allSettled([1, 2, 3, 4].map((i) => b.submit("k", i)))
    expect(out).toEqual([
      { status: "rejected", reason: "odd 1" },
      { status: "fulfilled", value: 20 },
      { status: "rejected", reason: "odd 3" },
      { status: "fulfilled", value: 40 }
    ])
  })

  it("rejects every item of a batch whose exec rejects or throws", async () => {
    const rejecting = make<number, number>({
      maxBatch: 10,
      inFlight: 1,
      exec: () => Promise.reject(new Error("down"))
    })
    const throwing = make<number, number>({
      maxBatch: 10,
      inFlight: 1,
      exec: () => {
        throw new Error("sync")
      }
    })
    await expect(Promise.all([rejecting.submit("k", 1), rejecting.submit("k", 2)])).rejects.toThrow("down")
    await expect(throwing.submit("k", 1)).rejects.toThrow("sync")
  })

  it("rejects items exec left unanswered with tooFew", async () => {
    const b = make<number, number>({ maxBatch: 10, inFlight: 1, exec: async () => [ok(1)] })
    const out = await Promise.allSettled([b.submit("k", 1), b.submit("k", 2)])
    expect(out[0]).toEqual({ status: "fulfilled", value: 1 })
    expect(out[1]).toMatchObject({ status: "rejected", reason: new Error("too few 1/2") })
  })

  it("rejects a batch that never settles with the timeout error, and later batches still run", async () => {
    let calls = 0
    const b = make<number, number>({
      maxBatch: 10,
      inFlight: 1,
      timeoutMs: 50,
      exec: async (_k, items) => {
        calls++
        if (calls === 1) return new Promise(() => undefined)
        return items.map((i) => ok(i))
      }
    })
    await expect(b.submit("drop", 1)).rejects.toThrow("timeout drop 1")
    await expect(b.submit("drop", 2)).resolves.toBe(2)
  })

  it("ignores a late answer after the timeout (each item is answered once)", async () => {
    let release: (r: ReadonlyArray<Result<number, unknown>>) => void = () => undefined
    const b = make<number, number>({
      maxBatch: 10,
      inFlight: 1,
      timeoutMs: 20,
      exec: () =>
        new Promise((r) => {
          release = r
        })
    })
    const p = b.submit("k", 1)
    await expect(p).rejects.toThrow("timeout")
    release([ok(1)])
    await expect(p).rejects.toThrow("timeout")
  })

  it("refuses batch options that are not whole numbers from 1 to 10000", () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "2", undefined, 10_001])
      expect(batchOptionRule(bad)).toBe("must be a whole number from 1 to 10000")
    expect(batchOptionRule(1)).toBeUndefined()
    expect(batchOptionRule(64)).toBeUndefined()
  })

  describe("properties", () => {
    it("every item is answered once with its own value; batches ≤ maxBatch; ≤ inFlight batches per key run at once; order is kept per key", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 8 }),
          fc.integer({ min: 1, max: 4 }),
          fc.array(fc.tuple(fc.constantFrom("a", "b", "c"), fc.integer()), { maxLength: 60 }),
          async (maxBatch, inFlight, items) => {
            const running = new Map<string, number>()
            const seen = new Map<string, Array<number>>()
            let overBatch = false
            let overFlight = false
            const b = make<number, number>({
              maxBatch,
              inFlight,
              exec: async (key, batch) => {
                if (batch.length > maxBatch) overBatch = true
                const r = (running.get(key) ?? 0) + 1
                running.set(key, r)
                if (r > inFlight) overFlight = true
                seen.set(key, [...(seen.get(key) ?? []), ...batch])
                await new Promise((res) => setTimeout(res, 1))
                running.set(key, (running.get(key) ?? 1) - 1)
                return batch.map((i) => ok(i * 2))
              }
            })
            const answers = await Promise.all(items.map(([k, i]) => b.submit(k, i)))
            expect(answers).toEqual(items.map(([, i]) => i * 2))
            expect(overBatch).toBe(false)
            expect(overFlight).toBe(false)
            for (const k of ["a", "b", "c"])
              expect(seen.get(k) ?? []).toEqual(items.filter(([key]) => key === k).map(([, i]) => i))
          }
        ),
        { numRuns: 60 }
      )
    })
  })
})
