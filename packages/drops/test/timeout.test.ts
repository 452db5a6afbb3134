// Every store call is bounded by the store's `timeoutMs`: a driver that never settles a command
// surfaces as the retryable StoreUnavailable within the bound, never as a call that hangs. The
// Redis case is the real one: ioredis with `autoResendUnfulfilledCommands: false` drops the
// commands that were in flight when its connection died, without settling them.
import { PGlite } from "@electric-sql/pglite"
import { Cause, Effect, Exit, type Layer, ManagedRuntime } from "effect"
import { Redis } from "ioredis"
import { afterAll, describe, expect, it } from "vitest"
import { DropStore } from "../src/DropStore.ts"
import { layerPostgres, pgliteClient, type SqlClient } from "../src/DropStorePostgres.ts"
import { layerRedis } from "../src/DropStoreRedis.ts"
import type { StoreUnavailable } from "../src/errors.ts"
import type { HoldRequest } from "../src/Hold.ts"
import { testDrop } from "../src/testing.ts"
import { randomName, requireEnv } from "./support/env.ts"
import { deletePrefix } from "./support/redis.ts"

const BOUND_MS = 400
const drop = testDrop({ windows: [{ name: "Always", opensAt: 0, closesAt: 8_000_000_000_000 }] })
const req = (key: string): HoldRequest => ({
  dropId: drop.id,
  customerId: "ann",
  lines: [{ sku: "TAPE", quantity: 1 }],
  idempotencyKey: key
})

/** Runs `eff` and answers its failure (or throws if it succeeded), with how long it took. */
const timedFailure = async <E>(
  runtime: ManagedRuntime.ManagedRuntime<DropStore, unknown>,
  eff: Effect.Effect<unknown, E, DropStore>
) => {
  const started = performance.now()
  const failure = await runtime.runPromise(Effect.flip(eff))
  return { failure, ms: performance.now() - started }
}

/** What building a layer fails with. */
const startFailure = async (layer: Layer.Layer<DropStore, unknown>) => {
  const exit = await Effect.runPromiseExit(DropStore.use(() => Effect.void).pipe(Effect.provide(layer)))
  return Exit.isSuccess(exit) ? undefined : (Cause.squash(exit.cause) as { _tag: string; option?: string })
}

const never = <A>(): Promise<A> => new Promise<A>(() => undefined)

describe("timeoutMs option", () => {
  it("is refused unless it is a finite number of milliseconds from 1 to 2^31-1, naming timeoutMs", async () => {
    const db = await PGlite.create()
    try {
      for (const timeoutMs of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, "5s", 2 ** 31]) {
        const pgFailure = await startFailure(layerPostgres({ client: pgliteClient(db), timeoutMs } as never))
        expect(pgFailure).toMatchObject({ _tag: "InvalidStoreOptions", option: "timeoutMs" })
        const redisFailure = await startFailure(
          layerRedis({ client: { call: () => never() }, timeoutMs } as never)
        )
        expect(redisFailure).toMatchObject({ _tag: "InvalidStoreOptions", option: "timeoutMs" })
      }
    } finally {
      await db.close()
    }
  })
})

describe("PostgreSQL store: a client that never answers", () => {
  it("fails building the layer, and a hold, with the retryable StoreUnavailable within timeoutMs", async () => {
    const stuck: SqlClient = { query: () => never(), transaction: () => never() }
    const started = performance.now()
    const setup = (await startFailure(
      layerPostgres({ client: stuck, timeoutMs: BOUND_MS })
    )) as StoreUnavailable
    expect(setup).toMatchObject({ _tag: "StoreUnavailable", operation: "createTables" })
    expect(setup.isRetryable).toBe(true)
    expect(performance.now() - started).toBeLessThan(BOUND_MS + 2000)

    const db = await PGlite.create()
    const real = pgliteClient(db)
    let hang = false
    const client: SqlClient = {
      query: (text, params) => (hang ? never() : real.query(text, params)),
      transaction: (body) => (hang ? never() : real.transaction(body))
    }
    const runtime = ManagedRuntime.make(layerPostgres({ client, schema: "bounded", timeoutMs: BOUND_MS }))
    try {
      await runtime.runPromise(DropStore.use((s) => s.createDrop(drop)))
      hang = true
      const { failure, ms } = await timedFailure(
        runtime,
        DropStore.use((s) => s.hold(req("k1")))
      )
      expect(failure).toMatchObject({ _tag: "StoreUnavailable", store: "postgres", operation: "run" })
      expect((failure as StoreUnavailable).isRetryable).toBe(true)
      expect(ms).toBeGreaterThanOrEqual(BOUND_MS - 50)
      expect(ms).toBeLessThan(BOUND_MS + 2000)
      // the queue is free again: once the database answers, the retry with the same key holds once
      hang = false
      const hold = await runtime.runPromise(DropStore.use((s) => s.hold(req("k1"))))
      const again = await runtime.runPromise(DropStore.use((s) => s.hold(req("k1"))))
      expect(again.id).toBe(hold.id)
    } finally {
      await runtime.dispose()
      await db.close()
    }
  })
})

const url = requireEnv("REDIS_URL")
if (url !== undefined) {
  describe("Redis store: ioredis that drops in-flight commands when its connection is killed", () => {
    const prefix = `${randomName("bounded")}:`
    const admin = new Redis(url)
    afterAll(async () => {
      await deletePrefix(admin, prefix)
      await admin.quit()
    })

    it("a hold in flight on a killed connection rejects with the retryable StoreUnavailable within timeoutMs", async () => {
      const client = new Redis(url, { autoResendUnfulfilledCommands: false })
      const runtime = ManagedRuntime.make(layerRedis({ client, prefix, timeoutMs: BOUND_MS }))
      try {
        await runtime.runPromise(DropStore.use((s) => s.createDrop(drop)))
        const id = String(await client.call("CLIENT", "ID"))
        // a blocking command keeps the connection busy, so the hold's script waits behind it, in flight
        const blocker = client.call("BLPOP", `${prefix}never`, 5).catch(() => undefined)
        const holding = timedFailure(
          runtime,
          DropStore.use((s) => s.hold(req("k1")))
        )
        await new Promise((resolve) => setTimeout(resolve, 50))
        expect(Number(await admin.call("CLIENT", "KILL", "ID", id))).toBe(1)
        const { failure, ms } = await holding
        expect(failure).toMatchObject({ _tag: "StoreUnavailable", store: "redis", operation: "run" })
        expect((failure as StoreUnavailable).isRetryable).toBe(true)
        expect(failure.message).toContain(`no answer within ${BOUND_MS} ms`)
        expect(ms).toBeLessThan(BOUND_MS + 2000)
        void blocker
        // ioredis reconnects; the retry with the same key holds exactly once
        const hold = await runtime.runPromise(DropStore.use((s) => s.hold(req("k1"))))
        const snapshot = await runtime.runPromise(DropStore.use((s) => s.snapshot(drop.id)))
        expect(snapshot.holds.map((h) => h.id)).toEqual([hold.id])
      } finally {
        await runtime.dispose()
        client.disconnect()
      }
    })

    it("building the layer on a client that never answers fails within timeoutMs", async () => {
      const started = performance.now()
      const failure = await startFailure(
        layerRedis({ client: { call: () => never() }, prefix, timeoutMs: BOUND_MS })
      )
      expect(failure).toMatchObject({ _tag: "StoreUnavailable", operation: "loadScripts" })
      expect(performance.now() - started).toBeLessThan(BOUND_MS + 2000)
    })
  })
}
