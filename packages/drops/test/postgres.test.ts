import { Effect, Layer, ManagedRuntime } from "effect"
import { TestClock } from "effect/testing"
import pg from "pg"
import { describe, expect, it } from "vitest"
import { DropStore } from "../src/DropStore.ts"
import { layerPostgres, pgPoolClient } from "../src/DropStorePostgres.ts"
import { conformanceSuite, testDrop } from "../src/testing.ts"
import { expectEntryRowsChecked } from "./support/entryRows.ts"
import { randomName, requireEnv } from "./support/env.ts"

const url = requireEnv("DATABASE_URL")
if (url !== undefined) {
  const schema = randomName("drops_test")
  await conformanceSuite(
    "postgres",
    () =>
      Layer.unwrap(
        Effect.acquireRelease(
          Effect.sync(() => new pg.Pool({ connectionString: url, max: 4 })),
          (pool) =>
            Effect.promise(async () => {
              await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
              await pool.end()
            })
        ).pipe(Effect.map((pool) => layerPostgres({ client: pgPoolClient(pool), schema })))
      ),
    { numRuns: 25 }
  )
}

if (url !== undefined) {
  describe("postgres entry rows", () => {
    it("keeps an entry's lines as JSON, and a row that does not decode is StoreUnavailable, not a crash", async () => {
      const schema = randomName("drops_entries")
      const pool = new pg.Pool({ connectionString: url, max: 2 })
      const runtime = ManagedRuntime.make(
        Layer.merge(layerPostgres({ client: pgPoolClient(pool), schema }), TestClock.layer())
      )
      try {
        await expectEntryRowsChecked(runtime, (sql, params) => pool.query(sql, params), schema)
      } finally {
        await runtime.dispose()
        await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
        await pool.end()
      }
    })
  })
}

if (url !== undefined) {
  describe("postgres start-up", () => {
    it("six app instances starting at once on a fresh schema all start (tables created once, under a lock)", async () => {
      const pool = new pg.Pool({ connectionString: url, max: 12 })
      try {
        for (let round = 0; round < 3; round++) {
          const schema = randomName("drops_boot")
          try {
            const exits = await Promise.all(
              Array.from({ length: 6 }, () =>
                Effect.runPromiseExit(
                  DropStore.use((s) => Effect.succeed(s.name)).pipe(
                    Effect.provide(layerPostgres({ client: pgPoolClient(pool), schema }))
                  )
                )
              )
            )
            expect(exits.map((e) => (e._tag === "Success" ? "started" : String(e.cause)))).toEqual(
              Array.from({ length: 6 }, () => "started")
            )
          } finally {
            await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
          }
        }
      } finally {
        await pool.end()
      }
    })
  })
}

if (url !== undefined) {
  describe("postgres idle connections", () => {
    it("survives the database ending the listener connection (no crash); the store keeps working", async () => {
      const app = randomName("drops_lis")
      const schema = randomName("drops_lis")
      const pool = new pg.Pool({ connectionString: url, max: 2 })
      const listener = new pg.Client({ connectionString: url, application_name: app })
      await listener.connect()
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      const runtime = ManagedRuntime.make(layerPostgres({ client: pgPoolClient(pool), listener, schema }))
      try {
        const drop = testDrop({ windows: [{ name: "All", opensAt: 0, closesAt: 8e12 }] })
        await runtime.runPromise(DropStore.use((s) => s.createDrop(drop)))
        expect(listener.listenerCount("error")).toBe(1)
        const ended = new Promise<void>((resolve) => listener.once("end", () => resolve()))
        await admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
          [app]
        )
        await ended
        const h = await runtime.runPromise(
          DropStore.use((s) =>
            s.hold({
              dropId: drop.id,
              customerId: "ann",
              lines: [{ sku: "TAPE", quantity: 1 }],
              idempotencyKey: "a"
            })
          )
        )
        expect(h.status).toBe("held")
      } finally {
        await runtime.dispose()
        expect(listener.listenerCount("error")).toBe(0)
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
        await admin.end()
        await pool.end()
      }
    })

    it("survives the database ending the pool's idle connections (no crash), and the next call works", async () => {
      const app = randomName("drops_idle")
      const schema = randomName("drops_idle")
      const pool = new pg.Pool({ connectionString: url, max: 2, application_name: app })
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      const runtime = ManagedRuntime.make(layerPostgres({ client: pgPoolClient(pool), schema }))
      pgPoolClient(pool) // a second store on the same pool adds no second listener
      try {
        const drop = testDrop({ windows: [{ name: "All", opensAt: 0, closesAt: 8e12 }] })
        await runtime.runPromise(DropStore.use((s) => s.createDrop(drop)))
        expect(pool.listenerCount("error")).toBe(1)
        // the pool removes a connection when it dies (listening to "error" here would hide a crash)
        const idle = new Promise<void>((resolve) => pool.once("remove", () => resolve()))
        // what a database restart does to the pool's idle connections
        await admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
          [app]
        )
        await idle
        const a = await runtime.runPromise(DropStore.use((s) => s.availability(drop.id)))
        expect(a.items[0]).toMatchObject({ sku: "TAPE", available: 10 })
      } finally {
        await runtime.dispose()
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
        await admin.end()
        await pool.end()
      }
    })
  })
}
