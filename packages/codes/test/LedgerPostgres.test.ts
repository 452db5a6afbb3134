import { fork } from "node:child_process"
import { join } from "node:path"
import { PGlite } from "@electric-sql/pglite"
import { Effect, Layer } from "effect"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Ledger, type LedgerStore, LedgerUnavailable } from "../src/index.ts"
import { fromPGlite, fromPgPool, type PgClient, postgresStore } from "../src/postgres.ts"
import { createLedger } from "../src/promise.ts"
import { expectExactlyOnceAcrossProcesses, redeemFromProcesses } from "./crossProcess.ts"
import { ledgerSuite } from "./ledgerSuite.ts"
import { randomName, serviceUrl } from "./services.ts"

const url = serviceUrl("DATABASE_URL")

describe.runIf(url !== undefined)("on a real PostgreSQL server (pg Pool)", () => {
  const pool = new pg.Pool({ connectionString: url, max: 8 })
  const client = fromPgPool(pool)
  const schemas: string[] = []
  const makeStore = (): Layer.Layer<LedgerStore, unknown> => {
    const schema = randomName("md_codes")
    schemas.push(schema)
    return postgresStore({ client, schema })
  }

  afterAll(async () => {
    for (const s of schemas) await pool.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`)
    await pool.end()
  })

  ledgerSuite("PostgreSQL", makeStore)

  it("keeps exactly 5 uses of one code redeemed 120 times at once from 3 OS processes, with every attempt in the history", async () => {
    const schema = randomName("md_codes")
    schemas.push(schema)
    const ledger = createLedger({ store: postgresStore({ client, schema }) })
    await ledger.issue({ code: "RUSH", maxUses: 5 })
    const results = await redeemFromProcesses("postgres", url as string, schema, "RUSH", 3, 40)
    expect(results).toHaveLength(120)
    await expectExactlyOnceAcrossProcesses(ledger, "RUSH", 5, results)
    await ledger.dispose()
  })

  it("creates its tables once when several ledger instances start at the same time", async () => {
    const schema = randomName("md_codes")
    schemas.push(schema)
    const layers = Array.from({ length: 4 }, () =>
      Ledger.layer().pipe(Layer.provide(postgresStore({ client, schema })))
    )
    const started = await Promise.allSettled(
      layers.map((l) => Effect.runPromise(Effect.provide(Effect.void, l)))
    )
    expect(started.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled"])
    const tables = await pool.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
      [schema]
    )
    expect(tables.rows.map((r) => (r as { table_name: string }).table_name)).toEqual([
      "attempts",
      "codes",
      "failures",
      "unknown_scans"
    ])
    const functions = await pool.query(
      "SELECT count(*)::int AS n FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 AND p.proname = 'redeem'",
      [schema]
    )
    expect(functions.rows[0]).toEqual({ n: 1 })
    // every instance works on the same tables: a code issued through one is seen by the others
    const ledgers = Array.from({ length: 2 }, () =>
      createLedger({ store: postgresStore({ client, schema }) })
    )
    await ledgers[0]?.issue({ code: "SHARED" })
    await expect(ledgers[1]?.status("SHARED")).resolves.toMatchObject({ code: "SHARED", uses: 0 })
    for (const l of ledgers) await l.dispose()
  })

  it("keeps the process alive when PostgreSQL ends its idle connection, and the next call works or is retryable", async () => {
    const schema = randomName("md_codes")
    schemas.push(schema)
    const applicationName = randomName("md_codes_terminated")
    const child = fork(
      join(import.meta.dirname, "fixtures", "terminatedWorker.mjs"),
      [url as string, schema, applicationName],
      { stdio: ["ignore", "inherit", "inherit", "ipc"] }
    )
    const answers: Array<unknown> = []
    const exited = new Promise<number | null>((resolve, reject) => {
      child.on("error", reject)
      child.on("exit", (code) => resolve(code))
    })
    child.on("message", async (m) => {
      if (m !== "ready") return void answers.push(m)
      const ended = await pool.query(
        "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = $1",
        [applicationName]
      )
      expect(ended.rows).toEqual([{ ended: true }])
      child.send("terminated")
    })
    try {
      expect(await exited).toBe(0)
    } finally {
      child.kill()
    }
    expect(answers).toHaveLength(1)
    const { first, second, dropped } = answers[0] as {
      first: { ok: boolean; tag?: string; retryable?: boolean }
      second: { ok: boolean; code?: string }
      dropped: boolean
    }
    expect(dropped).toBe(true)
    if (!first.ok) expect(first).toMatchObject({ tag: "LedgerUnavailable", retryable: true })
    expect(second).toEqual({ ok: true, code: "T1" })
  })

  it("fails with LedgerUnavailable when the database cannot be reached, and for a bad schema name", async () => {
    const dead = new pg.Pool({
      connectionString: "postgres://postgres@127.0.0.1:1/none",
      connectionTimeoutMillis: 2000
    })
    const ledger = createLedger({ store: postgresStore({ client: fromPgPool(dead) }) })
    await expect(ledger.status("X")).rejects.toBeInstanceOf(LedgerUnavailable)
    // the store could not create its tables: retryable, and the driver's error reaches the caller
    await expect(ledger.status("X")).rejects.toMatchObject({
      store: "postgres",
      operation: "migrate",
      isRetryable: true,
      cause: expect.any(Error)
    })
    await ledger.dispose()
    await dead.end()
    const bad = createLedger({ store: postgresStore({ client, schema: "Robert'); DROP" }) })
    await expect(bad.status("X")).rejects.toMatchObject({
      _tag: "LedgerUnavailable",
      store: "postgres",
      operation: "configure",
      isRetryable: false
    })
    await bad.dispose()
  })
})

describe("on PGlite (PostgreSQL in-process)", () => {
  let db: PGlite
  let client: PgClient
  beforeAll(async () => {
    db = await PGlite.create()
    client = fromPGlite(db)
  })
  afterAll(() => db.close())

  ledgerSuite("PGlite", () => postgresStore({ client, schema: randomName("md_codes") }))

  it("rolls a failed transaction back without deadlocking the database", async () => {
    await expect(
      client.transaction(async (tx) => {
        await tx.query("CREATE TABLE rollback_probe (id int)")
        throw new Error("abort")
      })
    ).rejects.toThrow("abort")
    const r = await client.query("SELECT to_regclass('rollback_probe') AS t")
    expect(r.rows[0]).toEqual({ t: null })
  })
})
