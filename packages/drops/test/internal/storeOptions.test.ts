// Every store refuses an option it cannot use with InvalidStoreOptions naming the option (never
// StoreUnavailable with a bare Error, never a crash or a hang at the first hold), and a `newId`
// whose ids a store cannot keep is refused at the hold that would use it, with nothing written.
import { PGlite } from "@electric-sql/pglite"
import { Cause, Effect, Exit, type Layer } from "effect"
import fc from "fast-check"
import { Redis } from "ioredis"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { DropStore } from "../../src/DropStore.ts"
import { layerMemory, memoryBackend } from "../../src/DropStoreMemory.ts"
import { layerPostgres, pgliteClient, type SqlClient } from "../../src/DropStorePostgres.ts"
import { layerRedis, type RedisLike } from "../../src/DropStoreRedis.ts"
import { InvalidStoreOptions } from "../../src/errors.ts"
import { testDrop } from "../../src/testing.ts"
import { randomName, requireEnv } from "../support/env.ts"

/** What building a layer fails with: the error's tag and option, or "started". */
const startError = async (layer: Layer.Layer<DropStore, unknown>) => {
  const exit = await Effect.runPromiseExit(
    DropStore.use((s) => Effect.succeed(s.name)).pipe(Effect.provide(layer))
  )
  if (Exit.isSuccess(exit)) return "started"
  const error = Cause.squash(exit.cause) as { _tag?: string; option?: string; message: string }
  return `${error._tag}:${error.option}:${error.message}`
}

/** Bad options every store shares: [options to add, the option named, text of the rule]. */
const shared: ReadonlyArray<readonly [Record<string, unknown>, string, string]> = [
  [{ maxBatch: 0 }, "maxBatch", "must be a whole number of at least 1, got 0"],
  [{ maxBatch: -1 }, "maxBatch", "got -1"],
  [{ maxBatch: 1.5 }, "maxBatch", "got 1.5"],
  [{ maxBatch: Number.NaN }, "maxBatch", "got NaN"],
  [{ maxBatch: "8" }, "maxBatch", 'got the string "8"'],
  [{ inFlight: 0 }, "inFlight", "must be a whole number of at least 1"],
  [{ inFlight: Number.POSITIVE_INFINITY }, "inFlight", "got Infinity"],
  [{ newId: "H1" }, "newId", 'must be a function, got the string "H1"'],
  [{ instanceId: 42 }, "instanceId", "must be a non-empty string, got 42"],
  [{ instanceId: "" }, "instanceId", "must be a non-empty string"],
  [{ maxbatch: 8 }, "maxbatch", "is not an option of this store"]
]

describe("memory store options", () => {
  it("refuses what it cannot use, naming the option", async () => {
    for (const [options, option, rule] of [
      [{ newId: "H1" }, "newId", "must be a function"],
      [{ newID: () => "x" }, "newID", "is not an option of this store (it knows newId)"]
    ] as const) {
      const got = await startError(layerMemory(options as never))
      expect(got).toContain(`InvalidStoreOptions:${option}:Option ${option} of the memory drop store`)
      expect(got).toContain(rule)
      expect(() => memoryBackend(options as never)).toThrow(InvalidStoreOptions)
    }
    for (const options of [null, 42, "fast", []])
      expect(await startError(layerMemory(options as never))).toContain("InvalidStoreOptions:options:")
  })
})

describe("PostgreSQL store options (PGlite)", () => {
  let db: PGlite
  beforeAll(async () => {
    db = await PGlite.create("memory://")
  })
  afterAll(async () => {
    await db.close()
  })
  it("refuses what it cannot use, naming the option, before touching the database", async () => {
    const client = pgliteClient(db)
    const table: ReadonlyArray<readonly [Record<string, unknown>, string, string]> = [
      ...shared.filter(([o]) => !("maxbatch" in o)),
      [{ client: undefined }, "client", "is required"],
      [{ client: null }, "client", "must be a SqlClient (pgPoolClient(pool) or pgliteClient(db)), got null"],
      [{ client: {} }, "client", "it has no method query, transaction"],
      [{ client: { query: client.query } }, "client", "it has no method transaction"],
      [{ schema: "Drops" }, "schema", "must be 1-63 lower-case letters"],
      [{ schema: "drops; DROP TABLE x" }, "schema", "must be 1-63 lower-case letters"],
      [{ schema: 7 }, "schema", "got 7"],
      [{ listener: {} }, "listener", "it has no method query, on, off"],
      [{ prefix: "x:" }, "prefix", "is not an option of this store"]
    ]
    for (const [extra, option, rule] of table) {
      const got = await startError(layerPostgres({ client, schema: randomName("opts"), ...extra } as never))
      expect(got, Object.keys(extra).join()).toContain(`InvalidStoreOptions:${option}:`)
      expect(got, Object.keys(extra).join()).toContain(rule)
    }
    for (const options of [undefined, null, 42])
      expect(await startError(layerPostgres(options as never))).toContain("InvalidStoreOptions:options:")
    // nothing was created for a refused schema
    const schemas = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name LIKE 'opts_%'"
    )
    expect(schemas.rows[0]?.n).toBe(0)
  })
})

const url = requireEnv("REDIS_URL")
if (url !== undefined)
  describe("Redis store options", () => {
    let redis: Redis
    beforeAll(() => {
      redis = new Redis(url)
    })
    afterAll(async () => {
      await redis.quit()
    })
    it("refuses what it cannot use, naming the option", async () => {
      const table: ReadonlyArray<readonly [Record<string, unknown>, string, string]> = [
        ...shared,
        [{ client: undefined }, "client", "is required"],
        [
          { client: "redis://localhost" },
          "client",
          "must be an ioredis client (new Redis(url)), got the string"
        ],
        [{ client: { get: () => null } }, "client", "it has no method call"],
        [{ prefix: 1 }, "prefix", "must be a string, got 1"],
        [{ subscriber: redis.duplicate }, "subscriber", "got a function"],
        [{ schema: "x" }, "schema", "is not an option of this store"]
      ]
      for (const [extra, option, rule] of table) {
        const got = await startError(
          layerRedis({ client: redis, prefix: `${randomName("opts")}:`, ...extra } as never)
        )
        expect(got, Object.keys(extra).join()).toContain(
          `InvalidStoreOptions:${option}:Option ${option} of the redis drop store`
        )
        expect(got, Object.keys(extra).join()).toContain(rule)
      }
    })
  })

/** The stores under test for `newId`, each built with the `newId` given. */
const stores: Array<
  readonly [
    string,
    (newId: () => string) => Promise<{ layer: Layer.Layer<DropStore, unknown>; close: () => Promise<void> }>
  ]
> = [
  ["memory", async (newId) => ({ layer: layerMemory({ newId }), close: async () => undefined })],
  [
    "pglite",
    async (newId) => {
      const db = await PGlite.create("memory://")
      return {
        layer: layerPostgres({ client: pgliteClient(db) as SqlClient, newId }),
        close: () => db.close()
      }
    }
  ]
]
if (url !== undefined)
  stores.push([
    "redis",
    async (newId) => {
      const redis = new Redis(url)
      return {
        layer: layerRedis({ client: redis as RedisLike, prefix: `${randomName("newid")}:`, newId }),
        close: async () => {
          await redis.quit()
        }
      }
    }
  ])

describe("newId must make ids every store can keep", () => {
  // anything but 1-122 printable ASCII characters without spaces: spaces, Unicode, empty, too long
  const badId = fc.oneof(
    fc.string({ unit: "binary", minLength: 1, maxLength: 8 }).filter((s) => !/^[!-~]+$/.test(s)),
    fc.constant(""),
    fc.constant("x".repeat(123))
  )
  for (const [name, make] of stores)
    it(`${name}: a hold whose new id is bad is refused with InvalidStoreOptions naming newId, and holds nothing`, async () => {
      const ids = fc.sample(badId, { numRuns: 12, seed: 11 })
      let next = ""
      const { layer, close } = await make(() => next)
      try {
        const now = Date.now()
        const drop = testDrop({
          windows: [{ name: "Now", opensAt: now - 60_000, closesAt: now + 3_600_000 }]
        })
        const program = Effect.gen(function* () {
          const store = yield* DropStore
          yield* store.createDrop(drop)
          for (const [i, id] of ids.entries()) {
            next = id
            const exit = yield* Effect.exit(
              store.hold({
                dropId: drop.id,
                customerId: "ann",
                lines: [{ sku: "TAPE", quantity: 1 }],
                idempotencyKey: `k${i}`
              })
            )
            expect(Exit.isFailure(exit), JSON.stringify(id)).toBe(true)
            const error = Exit.isFailure(exit) ? (Cause.squash(exit.cause) as InvalidStoreOptions) : undefined
            expect(error).toBeInstanceOf(InvalidStoreOptions)
            expect(error?.option).toBe("newId")
            expect(error?.message).toContain(
              "must return ids of 1 to 122 printable ASCII characters without spaces"
            )
          }
          next = "H-good"
          const good = yield* store.hold({
            dropId: drop.id,
            customerId: "ann",
            lines: [{ sku: "TAPE", quantity: 1 }],
            idempotencyKey: "ok"
          })
          expect(good.id).toBe("H-good")
          const a = yield* store.availability(drop.id)
          expect(a.items[0]).toMatchObject({ sku: "TAPE", held: 1, available: 9 })
        })
        await Effect.runPromise(Effect.provide(program, layer))
      } finally {
        await close()
      }
    })
})
