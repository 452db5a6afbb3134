import { PGlite } from "@electric-sql/pglite"
import { Effect, Exit, type Layer } from "effect"
import { Redis } from "ioredis"
import { describe, expect, it } from "vitest"
import { DropStore } from "../../src/DropStore.ts"
import { badBatchOption } from "../../src/internal/batchOptions.ts"
import { layerPostgres, pgliteClient } from "../../src/postgres.ts"
import { layerRedis } from "../../src/redis.ts"
import { randomName, requireEnv } from "../support/env.ts"

describe("badBatchOption", () => {
  it("accepts whole numbers of at least 1, and absent options", () => {
    expect(badBatchOption({})).toBeUndefined()
    expect(badBatchOption({ maxBatch: 1, inFlight: 64 })).toBeUndefined()
  })

  it("names the first option that is not a whole number of at least 1", () => {
    for (const [options, name] of [
      [{ maxBatch: 0 }, "maxBatch"],
      [{ maxBatch: -1 }, "maxBatch"],
      [{ maxBatch: 1.5 }, "maxBatch"],
      [{ maxBatch: Number.NaN }, "maxBatch"],
      [{ inFlight: 0 }, "inFlight"],
      [{ maxBatch: 2, inFlight: Number.POSITIVE_INFINITY }, "inFlight"]
    ] as const)
      expect(badBatchOption(options)).toContain(`option ${name} must be a whole number of at least 1`)
  })
})

const startError = async (layer: Layer.Layer<DropStore, unknown>) => {
  const exit = await Effect.runPromiseExit(
    DropStore.use((s) => Effect.succeed(s.name)).pipe(Effect.provide(layer))
  )
  return Exit.isFailure(exit) ? String(exit.cause) : "started"
}

describe("server stores refuse batching options that would hang or crash", () => {
  it("PostgreSQL (PGlite): maxBatch 0 and inFlight 0 fail the layer with a message naming the option", async () => {
    const db = await PGlite.create("memory://")
    try {
      expect(await startError(layerPostgres({ client: pgliteClient(db), maxBatch: 0 }))).toContain(
        "cannot start (option maxBatch must be a whole number of at least 1, got 0): fix its options"
      )
      expect(await startError(layerPostgres({ client: pgliteClient(db), inFlight: 0 }))).toContain(
        "option inFlight must be"
      )
    } finally {
      await db.close()
    }
  })

  const url = requireEnv("REDIS_URL")
  if (url !== undefined)
    it("Redis: maxBatch 0 fails the layer instead of crashing the process at the first hold", async () => {
      const redis = new Redis(url)
      try {
        const prefix = `${randomName("drops_opts")}:`
        expect(await startError(layerRedis({ client: redis, prefix, maxBatch: 0 }))).toContain(
          "option maxBatch must be a whole number of at least 1, got 0"
        )
      } finally {
        await redis.quit()
      }
    })
})
