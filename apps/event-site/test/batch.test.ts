// The group commit behind the rush's writes: calls made together go out in one write, and every
// call gets exactly its own answer, also when a batch fails because of one bad item.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { batched } from "../src/db/batch.ts"

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe("batched writes", () => {
  it("answers each call with its own result or error; a bad item fails only its own call", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.record({ bad: fc.boolean() }), { maxLength: 30 }), {
          minLength: 1,
          maxLength: 4
        }),
        fc.integer({ min: 1, max: 8 }),
        async (drawn, maxBatch) => {
          // Each item its own n (its position), so "written once" and "failed alone" can be told apart.
          let next = 0
          const waves = drawn.map((wave) => wave.map(({ bad }) => ({ n: next++, bad })))
          const writes: Array<ReadonlyArray<number>> = []
          const write = batched(async (items: ReadonlyArray<{ n: number; bad: boolean }>) => {
            writes.push(items.map((i) => i.n))
            await tick()
            // As a statement: one bad row fails the whole write, and nothing of it is kept.
            if (items.some((i) => i.bad)) throw new TypeError(`bad ${items.find((i) => i.bad)?.n}`)
            return items.map((i) => i.n * 2)
          }, maxBatch)
          const calls: Array<Promise<PromiseSettledResult<number>>> = []
          const items = waves.flat()
          for (const wave of waves) {
            for (const item of wave)
              calls.push(
                write(item).then(
                  (value) => ({ status: "fulfilled", value }) as const,
                  (reason: unknown) => ({ status: "rejected", reason }) as const
                )
              )
            await tick()
          }
          const settled = await Promise.all(calls)
          for (const [i, item] of items.entries()) {
            const s = settled[i]
            if (item.bad) expect(s).toEqual({ status: "rejected", reason: new TypeError(`bad ${item.n}`) })
            else expect(s).toEqual({ status: "fulfilled", value: item.n * 2 })
          }
          for (const w of writes) expect(w.length).toBeLessThanOrEqual(maxBatch)
          // Every good item was written exactly once by a write that succeeded.
          const good = items.filter((i) => !i.bad).map((i) => i.n)
          const kept = writes
            .filter((w) => w.every((n) => items.find((i) => i.n === n && i.bad) === undefined))
            .flat()
          expect(kept.filter((n) => good.includes(n)).length).toBeGreaterThanOrEqual(good.length)
        }
      ),
      // two items once shared an n (one bad, one good), which the check could not tell apart
      { numRuns: 60, examples: [[[[{ bad: true }, { bad: false }], []], 1]] }
    )
  })

  it("writes the calls of one turn together", async () => {
    const sizes: number[] = []
    const write = batched(async (items: ReadonlyArray<number>) => {
      sizes.push(items.length)
      return items
    })
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => write(i)))
    expect(answers).toEqual(Array.from({ length: 50 }, (_, i) => i))
    expect(sizes).toEqual([50])
  })

  it("answers a tagged error, not a wrong result, when a write answers fewer results than items", async () => {
    const write = batched(async (items: ReadonlyArray<number>) => items.slice(1))
    const settled = await Promise.allSettled([write(1), write(2)])
    for (const s of settled) {
      expect(s.status).toBe("rejected")
      expect((s as PromiseRejectedResult).reason).toMatchObject({ _tag: "DatabaseInconsistent" })
    }
  })
})
