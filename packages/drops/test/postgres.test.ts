import { Effect, Layer } from "effect"
import pg from "pg"
import { layerPostgres, pgPoolClient } from "../src/postgres.ts"
import { conformanceSuite } from "../src/testing.ts"
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
