// Fault tests: a client process killed mid-claim (every store; the embedded ones are hosted by
// this process and reached over IPC), and a database connection dropped or a transaction failing
// in the middle. The invariants hold, and the abandoned holds lapse back to stock.
import { PGlite } from "@electric-sql/pglite"
import { Effect, Fiber, ManagedRuntime, Result } from "effect"
import { TestClock } from "effect/testing"
import { Redis } from "ioredis"
import pg from "pg"
import { afterAll, describe, expect, it } from "vitest"
import {
  layerPostgres,
  pgliteClient,
  pgPoolClient,
  type SqlClient,
  type SqlQueryable
} from "../src/DropStorePostgres.ts"
import { layerRedis } from "../src/DropStoreRedis.ts"
import type { HoldRequest } from "../src/Hold.ts"
import { DropStore } from "../src/index.ts"
import { embedded, type RushConfig, rushDrop } from "./rush/clients.ts"
import { forkWorker, namespaceFor, parentRuntime, snapshotAt } from "./rush/harness.ts"
import { rushFigures } from "./rush/invariants.ts"
import { randomName, requireEnv } from "./support/env.ts"

const HOLD_MS = 60_000

const killMidClaim = async (store: RushConfig["store"], url?: string) => {
  const where = url === undefined ? { store } : { store, url }
  const { namespace, cleanup } = namespaceFor(where)
  const runtime = await parentRuntime(where, namespace)
  try {
    const dropId = randomName("fault")
    await runtime.runPromise(DropStore.use((s) => s.createDrop(rushDrop(dropId, HOLD_MS))))
    const cfg = {
      ...where,
      namespace,
      dropId,
      seed: 7,
      worker: 0,
      clients: 50,
      opsPerClient: 50,
      holdMs: HOLD_MS
    }
    const killed = new Promise<void>((resolve) => {
      const { child, report } = forkWorker(
        { ...cfg, hang: true },
        (m, c) => {
          if (m.type === "holding") c.kill("SIGKILL")
        },
        embedded(store) ? runtime : undefined
      )
      report.catch(() => resolve())
      child.on("exit", () => resolve())
    })
    await killed
    const now = Date.now()
    const during = rushFigures(await snapshotAt(runtime, dropId, now), [])
    expect(during).toMatchObject({ oversold: 0, leaked: 0, doubleClaimKeys: 0 })
    expect(during.held).toBeGreaterThan(0)
    const after = rushFigures(await snapshotAt(runtime, dropId, now + HOLD_MS), [])
    expect(after).toMatchObject({ held: 0, available: 100 - after.confirmed, oversold: 0, leaked: 0 })
  } finally {
    await runtime.dispose()
    await cleanup()
  }
}

const req = (dropId: string, key: string, quantity = 2): HoldRequest => ({
  dropId,
  customerId: `cust-${key}`,
  lines: [{ sku: "TAPE", quantity }],
  idempotencyKey: key
})

/**
 * The mid-transaction scenario every SQL store runs: once armed, the next batch's write statement
 * runs and then `die` kills its transaction before COMMIT. Nothing half-written stays, a retry
 * with the same key claims once, and the hold that survived lapses back to stock.
 */
const diesMidTransaction = async (
  inner: SqlClient,
  schema: string,
  die: (tx: SqlQueryable) => Promise<void>
): Promise<void> => {
  let armed = 0
  const client: SqlClient = {
    query: inner.query,
    transaction: (body) =>
      inner.transaction((tx) =>
        body({
          query: async (text, params) => {
            const out = await tx.query(text, params)
            if (armed > 0 && text.trimStart().startsWith("WITH i AS")) {
              armed--
              await die(tx)
            }
            return out
          }
        })
      )
  }
  const arm = () => {
    armed = 1
  }
  const runtime = ManagedRuntime.make(layerPostgres({ client, schema }))
  try {
    await runtime.runPromise(scenario(arm))
  } finally {
    await runtime.dispose()
  }
}

const scenario = (arm: () => void) =>
  Effect.gen(function* () {
    const store = yield* DropStore
    const dropId = randomName("fault")
    yield* store.createDrop(rushDrop(dropId, HOLD_MS))
    arm()
    const first = yield* Effect.flip(store.hold(req(dropId, "k1")))
    expect(first._tag).toBe("StoreUnavailable")
    expect(first.message).toContain("retry with the same idempotency key")
    expect((yield* store.availability(dropId)).items[0]).toMatchObject({ held: 0, available: 100 })
    expect((yield* store.snapshot(dropId)).holds).toEqual([])
    const retried = yield* store.hold(req(dropId, "k1"))
    expect(yield* store.hold(req(dropId, "k1"))).toEqual(retried)
    const kept = yield* store.hold(req(dropId, "k2", 3))
    arm()
    expect((yield* Effect.flip(store.confirm({ dropId, holdId: kept.id, idempotencyKey: "c2" })))._tag).toBe(
      "StoreUnavailable"
    )
    expect((yield* store.availability(dropId)).items[0]).toMatchObject({ held: 5, confirmed: 0 })
    expect((yield* store.confirm({ dropId, holdId: kept.id, idempotencyKey: "c2" })).status).toBe("confirmed")
    expect((yield* store.availability(dropId)).items[0]).toMatchObject({
      held: 2,
      confirmed: 3,
      available: 95
    })
    yield* TestClock.adjust(HOLD_MS)
    expect((yield* store.availability(dropId)).items[0]).toMatchObject({
      held: 0,
      confirmed: 3,
      available: 97
    })
  }).pipe(Effect.provide(TestClock.layer()))

describe("embedded store faults", () => {
  it("memory: a client process killed mid-claim leaves no trace but holds that lapse back to stock", () =>
    killMidClaim("memory"))
  it("pglite: a client process killed mid-claim leaves no trace but holds that lapse back to stock", () =>
    killMidClaim("pglite"))

  it("pglite: a transaction dying between its write and COMMIT changes nothing; the retry claims once", async () => {
    const db = await PGlite.create("memory://")
    try {
      await diesMidTransaction(pgliteClient(db), "drops_fault", async () => {
        throw new Error("the process lost its database mid-transaction")
      })
    } finally {
      await db.close()
    }
  })
})

const db = requireEnv("DATABASE_URL")
if (db !== undefined) {
  describe("postgres faults", () => {
    const schema = randomName("drops_fault")
    const admin = new pg.Pool({ connectionString: db, max: 1 })
    afterAll(async () => {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await admin.end()
    })

    it("a client process killed mid-claim leaves no trace but holds that lapse back to stock", () =>
      killMidClaim("postgres", db))

    it("a connection terminated mid-transaction (pg_terminate_backend) changes nothing; the retry claims once", async () => {
      const pool = new pg.Pool({ connectionString: db, max: 2 })
      pool.on("error", () => undefined)
      try {
        await diesMidTransaction(pgPoolClient(pool), schema, async (tx) => {
          const pid = ((await tx.query("SELECT pg_backend_pid() AS pid")).rows[0] as { pid: number }).pid
          await admin.query("SELECT pg_terminate_backend($1)", [pid])
        })
      } finally {
        await pool.end()
      }
    })
  })
}

const redisUrl = requireEnv("REDIS_URL")
if (redisUrl !== undefined) {
  describe("redis faults", () => {
    it("a client process killed mid-claim leaves no trace but holds that lapse back to stock", () =>
      killMidClaim("redis", redisUrl))

    it("a connection killed during a burst (CLIENT KILL) never claims twice; retries return first results", async () => {
      const { namespace, cleanup } = namespaceFor({ store: "redis", url: redisUrl })
      const redis = new Redis(redisUrl, { maxRetriesPerRequest: 5 })
      const admin = new Redis(redisUrl)
      redis.on("error", () => undefined) // the killed connection reports ECONNRESET, then reconnects
      const runtime = ManagedRuntime.make(layerRedis({ client: redis, prefix: namespace }))
      try {
        const dropId = randomName("fault")
        const myId = (await redis.client("ID")) as number
        const outcome = await runtime.runPromise(
          Effect.gen(function* () {
            const store = yield* DropStore
            yield* store.createDrop(rushDrop(dropId, HOLD_MS))
            const keys = Array.from({ length: 60 }, (_, i) => `k${i}`)
            const burst = yield* Effect.forkChild(
              Effect.forEach(keys, (k) => Effect.result(store.hold(req(dropId, k, 1))), {
                concurrency: "unbounded"
              })
            )
            yield* Effect.promise(() => admin.client("KILL", "ID", String(myId)))
            const first = yield* Fiber.join(burst)
            // every request is retried with its key until it has an answer
            const answers = yield* Effect.forEach(keys, (k) =>
              Effect.retry(store.hold(req(dropId, k, 1)), { times: 10 })
            )
            first.forEach((r, i) => {
              if (Result.isSuccess(r)) expect(answers[i]?.id).toBe(r.success.id)
            })
            return { answers, snap: yield* store.snapshot(dropId) }
          })
        )
        const figures = rushFigures(outcome.snap, [])
        expect(figures).toMatchObject({ oversold: 0, leaked: 0, doubleClaimKeys: 0, held: 60 })
        expect(new Set(outcome.answers.map((h) => h.id)).size).toBe(60)
      } finally {
        await runtime.dispose()
        await redis.quit()
        await admin.quit()
        await cleanup()
      }
    })
  })
}
