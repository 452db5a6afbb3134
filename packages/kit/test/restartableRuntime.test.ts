// A promise client's runtime must start again after a failed start (a database unreachable at the
// first call): a plain ManagedRuntime keeps the first failure for good.
import { Context, Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { restartableRuntime } from "../src/restartableRuntime.ts"

class Store extends Context.Service<Store, { readonly attempt: number }>()("test/Store") {}

/** A store layer whose first `failures` builds fail; counts builds and releases. */
const flakyLayer = (failures: number) => {
  const counts = { builds: 0, released: 0 }
  const layer = Layer.effect(
    Store,
    Effect.acquireRelease(
      Effect.suspend(() => {
        counts.builds++
        return counts.builds <= failures
          ? Effect.fail(`down (attempt ${counts.builds})`)
          : Effect.succeed({ attempt: counts.builds })
      }),
      () => Effect.sync(() => counts.released++)
    )
  )
  return { layer, counts }
}

const attempt = Store.use((s) => Effect.succeed(s.attempt))

describe("restartableRuntime", () => {
  it("rejects the call whose start fails with the layer's error, and starts again at the next call", async () => {
    const { layer, counts } = flakyLayer(2)
    const runtime = restartableRuntime(layer)
    await expect(runtime.runPromise(attempt)).rejects.toThrow("down (attempt 1)")
    await expect(runtime.runPromise(attempt)).rejects.toThrow("down (attempt 2)")
    expect(await runtime.runPromise(attempt)).toBe(3)
    expect(counts.builds).toBe(3)
    await runtime.dispose()
    expect(counts.released).toBe(1)
  })

  it("builds a healthy layer once, shared by every call (also calls made while it starts)", async () => {
    const { layer, counts } = flakyLayer(0)
    const runtime = restartableRuntime(layer)
    const answers = await Promise.all(Array.from({ length: 20 }, () => runtime.runPromise(attempt)))
    expect(answers).toEqual(Array.from({ length: 20 }, () => 1))
    await runtime.start()
    expect(await runtime.runPromise(attempt)).toBe(1)
    expect(counts.builds).toBe(1)
    await runtime.dispose()
    expect(counts.released).toBe(1)
  })

  it("calls waiting on one failed start all reject with it; the next call starts once more", async () => {
    const { layer, counts } = flakyLayer(1)
    const runtime = restartableRuntime(layer)
    const first = await Promise.allSettled([runtime.runPromise(attempt), runtime.runPromise(attempt)])
    expect(first.map((r) => r.status)).toEqual(["rejected", "rejected"])
    expect(counts.builds).toBe(1)
    expect(await runtime.runPromise(attempt)).toBe(2)
    await runtime.dispose()
  })
})
