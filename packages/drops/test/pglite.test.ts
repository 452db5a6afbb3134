import { PGlite } from "@electric-sql/pglite"
import { Effect, Layer, ManagedRuntime } from "effect"
import { TestClock } from "effect/testing"
import { describe, it } from "vitest"
import { layerPostgres, pgliteClient } from "../src/DropStorePostgres.ts"
import { conformanceSuite } from "../src/testing.ts"
import { expectEntryRowsChecked } from "./support/entryRows.ts"

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

describe("pglite entry rows", () => {
  it("keeps an entry's lines as JSON, and a row that does not decode is StoreUnavailable, not a crash", async () => {
    const db = await PGlite.create("memory://")
    const runtime = ManagedRuntime.make(
      Layer.merge(layerPostgres({ client: pgliteClient(db), schema: "drops" }), TestClock.layer())
    )
    try {
      await expectEntryRowsChecked(runtime, (sql, params) => db.query(sql, params), "drops")
    } finally {
      await runtime.dispose()
      await db.close()
    }
  })
})
