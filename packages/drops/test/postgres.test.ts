import { Effect, Layer, ManagedRuntime } from "effect"
import { TestClock } from "effect/testing"
import pg from "pg"
import { describe, it } from "vitest"
import { layerPostgres, pgPoolClient } from "../src/postgres.ts"
import { conformanceSuite } from "../src/testing.ts"
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
