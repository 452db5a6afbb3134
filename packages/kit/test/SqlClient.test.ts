// The pg Pool and PGlite adapters on real engines: transactions commit and roll back, a connection
// that dies (idle, or mid-transaction) never ends the process, and the next call works.
import { PGlite } from "@electric-sql/pglite"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { randomName, serviceUrl } from "../../../scripts/test-support/services.ts"
import { pgliteClient, pgPoolClient, type SqlClient } from "../src/SqlClient.ts"

const contract = (name: string, make: () => Promise<{ client: SqlClient; close: () => Promise<void> }>) =>
  describe(name, () => {
    let client: SqlClient
    let close: () => Promise<void>
    const table = randomName("kit_sql")
    beforeAll(async () => {
      ;({ client, close } = await make())
      await client.query(`CREATE TABLE ${table} (id text PRIMARY KEY, n int NOT NULL)`)
    })
    afterAll(async () => {
      await client.query(`DROP TABLE IF EXISTS ${table}`)
      await close()
    })

    it("commits a transaction whose body resolves, with parameters on the tx handle", async () => {
      const out = await client.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} (id, n) VALUES ($1, $2)`, ["Tür-Süd ☕", 1])
        return (await tx.query(`SELECT n FROM ${table} WHERE id = $1`, ["Tür-Süd ☕"])).rows
      })
      expect(out).toEqual([{ n: 1 }])
      expect((await client.query(`SELECT id FROM ${table}`)).rows).toEqual([{ id: "Tür-Süd ☕" }])
    })

    it("rolls back a transaction whose body rejects, and rejects with the body's error", async () => {
      await expect(
        client.transaction(async (tx) => {
          await tx.query(`INSERT INTO ${table} (id, n) VALUES ($1, $2)`, ["rolled", 2])
          throw new Error("body failed")
        })
      ).rejects.toThrow("body failed")
      expect((await client.query(`SELECT id FROM ${table} WHERE id = $1`, ["rolled"])).rows).toEqual([])
    })
  })

const url = serviceUrl("DATABASE_URL")

contract("pgliteClient on PGlite", async () => {
  const db = await PGlite.create()
  return { client: pgliteClient(db), close: () => db.close() }
})

describe.skipIf(url === undefined)("pgPoolClient on PostgreSQL", () => {
  contract("contract", async () => {
    const pool = new pg.Pool({ connectionString: url, max: 2 })
    return { client: pgPoolClient(pool), close: () => pool.end() }
  })

  it("survives an idle pooled connection being terminated, and the next query opens a new one", async () => {
    const app = randomName("kit_idle")
    const pool = new pg.Pool({ connectionString: url, max: 1, application_name: app })
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    try {
      const client = pgPoolClient(pool)
      await client.query("SELECT 1")
      const before = process.listenerCount("uncaughtException")
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
        [app]
      )
      await new Promise((r) => setTimeout(r, 200))
      // without the adapter's listener, pg's "error" on the pool would have ended this process
      expect(process.listenerCount("uncaughtException")).toBe(before)
      expect((await client.query("SELECT 2 AS n")).rows).toEqual([{ n: 2 }])
    } finally {
      await admin.end()
      await pool.end()
    }
  })

  it("rejects a transaction whose connection is terminated mid-way, discards that connection, and works after", async () => {
    const app = randomName("kit_tx")
    const pool = new pg.Pool({ connectionString: url, max: 1, application_name: app })
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    try {
      const client = pgPoolClient(pool)
      await expect(
        client.transaction(async (tx) => {
          await tx.query("SELECT 1")
          await admin.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
            [app]
          )
          await tx.query("SELECT 2")
        })
      ).rejects.toThrow()
      expect((await client.transaction((tx) => tx.query("SELECT 3 AS n"))).rows).toEqual([{ n: 3 }])
    } finally {
      await admin.end()
      await pool.end()
    }
  })
})
