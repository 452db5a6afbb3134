// Shared by the PostgreSQL and PGlite tests: entries keep their lines in `drop_entries.lines`
// (JSON text), and a row that does not decode fails as StoreUnavailable instead of crashing.
import { Effect, type ManagedRuntime } from "effect"
import { expect } from "vitest"
import { DropStore } from "../../src/DropStore.ts"
import { testDrop } from "../../src/testing.ts"

export const expectEntryRowsChecked = async (
  runtime: ManagedRuntime.ManagedRuntime<DropStore, unknown>,
  query: (sql: string, params: Array<unknown>) => Promise<unknown>,
  schema: string
): Promise<void> => {
  // one TAPE: the entry's group of two never fits, so it stays on the list
  const drop = testDrop({
    items: [
      { sku: "TAPE", stock: 1 },
      { sku: "ZINE", stock: 5 }
    ]
  })
  const lines = [
    { sku: "TAPE", quantity: 2 },
    { sku: "ZINE", quantity: 1 }
  ]
  const listed = await runtime.runPromise(
    Effect.gen(function* () {
      const store = yield* DropStore
      yield* store.createDrop(drop)
      yield* store.joinWaitingList({ dropId: drop.id, customerId: "ann", lines })
      return yield* store.waitingList(drop.id)
    })
  )
  expect(listed).toMatchObject([{ customerId: "ann", lines }])
  for (const bad of ["3", "not json", '[{"sku":"TAPE","quantity":0}]', "[]"]) {
    await query(`UPDATE ${schema}.drop_entries SET lines = $1 WHERE drop_id = $2 AND customer_id = 'ann'`, [
      bad,
      drop.id
    ])
    const failure = await runtime.runPromise(Effect.flip(DropStore.use((s) => s.waitingList(drop.id))))
    expect(failure._tag).toBe("StoreUnavailable")
    expect(failure.message).toContain("decodeEntry (the waiting entry of customer ann")
  }
}
