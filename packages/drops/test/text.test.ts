// Text that reaches a store's storage comes back exactly in another instance of the store (which
// reads it from PostgreSQL, PGlite or Redis, not from the first one's memory): a drop's name and
// its windows' names may be any text, astral characters, combining marks, NUL and lone surrogates
// included. (Ids, SKUs, entries and events are covered on every store by the conformance suite.)
import { PGlite } from "@electric-sql/pglite"
import { Effect, type Layer, ManagedRuntime } from "effect"
import fc from "fast-check"
import { Redis } from "ioredis"
import pg from "pg"
import { describe, expect, it } from "vitest"
import { DropStore } from "../src/DropStore.ts"
import { layerPostgres, pgliteClient, pgPoolClient } from "../src/DropStorePostgres.ts"
import { layerRedis } from "../src/DropStoreRedis.ts"
import { testDrop } from "../src/testing.ts"
import { randomName, requireEnv } from "./support/env.ts"
import { deletePrefix } from "./support/redis.ts"

const nameArb = fc.oneof(
  fc.string({ unit: "binary", minLength: 1, maxLength: 40 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 10 }),
  fc.constantFrom(
    "Tür-Süd ☕scan",
    "北门",
    "e\u0301\u0302",
    "\u{1F3B5}\u{1F3B6}",
    "a\u0000b",
    "\uD800",
    "x\uDFFFy"
  )
)
const names = fc.sample(fc.tuple(nameArb, nameArb), { numRuns: 40, seed: 42 })

/** Writes drops with every name through instance A, reads each back through instance B. */
const roundTrip = async (a: Layer.Layer<DropStore, unknown>, b: Layer.Layer<DropStore, unknown>) => {
  const writer = ManagedRuntime.make(a)
  const reader = ManagedRuntime.make(b)
  try {
    const drops = names.map(([name, window]) =>
      testDrop({ name, windows: [{ name: window, opensAt: 0, closesAt: 1_000 }] })
    )
    await writer.runPromise(Effect.forEach(drops, (d) => DropStore.use((s) => s.createDrop(d))))
    const back = await reader.runPromise(Effect.forEach(drops, (d) => DropStore.use((s) => s.getDrop(d.id))))
    for (const [i, drop] of drops.entries()) {
      expect(back[i]?.name, JSON.stringify(drop.name)).toBe(drop.name)
      expect(back[i]?.windows[0]?.name, JSON.stringify(drop.windows[0]?.name)).toBe(drop.windows[0]?.name)
      expect(back[i]).toEqual(drop)
    }
  } finally {
    await reader.dispose()
    await writer.dispose()
  }
}

describe("names round-trip exactly through storage", () => {
  it("PGlite", async () => {
    const db = await PGlite.create("memory://")
    try {
      await roundTrip(
        layerPostgres({ client: pgliteClient(db), schema: "text_a" }),
        layerPostgres({ client: pgliteClient(db), schema: "text_a" })
      )
    } finally {
      await db.close()
    }
  })

  const databaseUrl = requireEnv("DATABASE_URL")
  if (databaseUrl !== undefined)
    it("PostgreSQL", async () => {
      const schema = randomName("drops_text")
      const [one, two] = [
        new pg.Pool({ connectionString: databaseUrl, max: 2 }),
        new pg.Pool({ connectionString: databaseUrl, max: 2 })
      ]
      try {
        await roundTrip(
          layerPostgres({ client: pgPoolClient(one), schema }),
          layerPostgres({ client: pgPoolClient(two), schema })
        )
      } finally {
        await one.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
        await one.end()
        await two.end()
      }
    })

  const redisUrl = requireEnv("REDIS_URL")
  if (redisUrl !== undefined)
    it("Redis", async () => {
      const prefix = `${randomName("drops_text")}:`
      const [one, two] = [new Redis(redisUrl), new Redis(redisUrl)]
      try {
        await roundTrip(layerRedis({ client: one, prefix }), layerRedis({ client: two, prefix }))
      } finally {
        await deletePrefix(one, prefix)
        await one.quit()
        await two.quit()
      }
    })
})
