import { PGlite } from "@electric-sql/pglite"
import { Effect, Layer } from "effect"
import { layerPostgres, pgliteClient } from "../src/postgres.ts"
import { conformanceSuite } from "../src/testing.ts"

await conformanceSuite(
  "pglite",
  () =>
    Layer.unwrap(
      Effect.acquireRelease(
        Effect.promise(() => PGlite.create("memory://")),
        (db) => Effect.promise(() => db.close())
      ).pipe(Effect.map((db) => layerPostgres({ client: pgliteClient(db), schema: "drops" })))
    ),
  { numRuns: 25 }
)
