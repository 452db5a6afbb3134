// Clock skew between app instances sharing one store: unfair, never unsafe. Two instances whose
// clocks are 20 minutes apart (holds of 10 minutes) work on one drop: the instance ahead expires
// the other's holds early, but nothing is oversold, stock comes back exactly once and confirmed
// claims stay confirmed. PGlite plays the shared database in-process (two stores on one PGlite),
// and the same runs on PostgreSQL and Redis when they are available.
import { PGlite } from "@electric-sql/pglite"
import { Effect, Layer, ManagedRuntime, Result } from "effect"
import { TestClock } from "effect/testing"
import fc from "fast-check"
import { Redis } from "ioredis"
import pg from "pg"
import { afterAll, describe, expect, it } from "vitest"
import { DropStore, type DropStoreShape } from "../src/DropStore.ts"
import { layerPostgres, pgliteClient, pgPoolClient } from "../src/DropStorePostgres.ts"
import { layerRedis } from "../src/DropStoreRedis.ts"
import type { Hold } from "../src/Hold.ts"
import { testDrop } from "../src/testing.ts"
import { randomName, requireEnv } from "./support/env.ts"
import { deletePrefix } from "./support/redis.ts"

const MINUTE = 60_000
const SKEW = 20 * MINUTE

type Instance = ManagedRuntime.ManagedRuntime<DropStore, unknown>

/** Two instances on one store: `behind` at `start`, `ahead` at `start + SKEW`. */
const pair = async (store: () => Layer.Layer<DropStore, unknown>, start: number) => {
  const behind: Instance = ManagedRuntime.make(Layer.merge(store(), TestClock.layer()))
  const ahead: Instance = ManagedRuntime.make(Layer.merge(store(), TestClock.layer()))
  await behind.runPromise(TestClock.setTime(start))
  await ahead.runPromise(TestClock.setTime(start + SKEW))
  return { behind, ahead, dispose: () => Promise.all([behind.dispose(), ahead.dispose()]) }
}

const skewSuite = (
  name: string,
  store: () => Layer.Layer<DropStore, unknown>,
  cleanup?: () => Promise<void>
) =>
  describe(`clock skew between instances: ${name}`, () => {
    if (cleanup !== undefined) afterAll(cleanup)
    it("an instance ahead expires the other's holds early, but stock returns once and claims stay", async () => {
      const { behind, ahead, dispose } = await pair(store, 1_000_000)
      try {
        const drop = testDrop({
          items: [{ sku: "TAPE", stock: 3 }],
          windows: [{ name: "All", opensAt: 0, closesAt: 8e12 }]
        })
        const use = <A, E>(i: Instance, f: (s: DropStoreShape) => Effect.Effect<A, E>) =>
          i.runPromise(DropStore.use(f))
        await use(behind, (s) => s.createDrop(drop))
        const line = [{ sku: "TAPE", quantity: 1 }]
        const a = await use(behind, (s) =>
          s.hold({ dropId: drop.id, customerId: "ann", lines: line, idempotencyKey: "ann" })
        )
        const b = await use(ahead, (s) =>
          s.hold({ dropId: drop.id, customerId: "bob", lines: line, idempotencyKey: "bob" })
        )
        // on the clock ahead, ann's hold is 20 minutes old: it lapsed at once
        expect((await use(ahead, (s) => s.availability(drop.id))).items[0]).toMatchObject({
          held: 1,
          available: 2
        })
        const late = await use(behind, (s) =>
          Effect.result(s.confirm({ dropId: drop.id, holdId: a.id, idempotencyKey: "ann-paid" }))
        )
        expect(Result.isFailure(late) && late.failure._tag).toBe("HoldAlreadyExpired")
        // bob's hold, on the clock behind, was made 20 minutes in the future: it can be confirmed
        const claim = await use(behind, (s) =>
          s.confirm({ dropId: drop.id, holdId: b.id, idempotencyKey: "bob-paid" })
        )
        expect(claim.status).toBe("confirmed")
        // long after, on both clocks: the claim stays, ann's unit came back exactly once
        await ahead.runPromise(TestClock.adjust(10 * SKEW))
        for (const i of [behind, ahead]) {
          const snap = await use(i, (s) => s.snapshot(drop.id))
          expect(snap.availability.items[0]).toMatchObject({ stock: 3, held: 0, confirmed: 1, available: 2 })
          expect(snap.holds.map((h) => [h.customerId, h.status]).sort()).toEqual([
            ["ann", "expired"],
            ["bob", "confirmed"]
          ])
        }
      } finally {
        await dispose()
      }
    })

    it("property: random operations from both instances never oversell and never lose a claim", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              ahead: fc.boolean(),
              kind: fc.constantFrom("hold", "hold", "confirm", "release", "wait"),
              quantity: fc.integer({ min: 1, max: 3 }),
              pick: fc.nat(),
              waitMinutes: fc.integer({ min: 1, max: 15 })
            }),
            { minLength: 5, maxLength: 25 }
          ),
          async (steps) => {
            const { behind, ahead, dispose } = await pair(store, 5_000_000)
            try {
              const drop = testDrop({
                items: [{ sku: "TAPE", stock: 4 }],
                windows: [{ name: "All", opensAt: 0, closesAt: 8e12 }]
              })
              await behind.runPromise(DropStore.use((s) => s.createDrop(drop)))
              const holds: Array<Hold> = []
              const confirmed = new Set<string>()
              for (const [n, step] of steps.entries()) {
                const i = step.ahead ? ahead : behind
                const target = holds[step.pick % Math.max(1, holds.length)]
                const out = await i.runPromise(
                  Effect.result(
                    DropStore.use((s): Effect.Effect<Hold | undefined, unknown> => {
                      if (step.kind === "wait")
                        return Effect.as(TestClock.adjust(step.waitMinutes * MINUTE), undefined)
                      if (step.kind === "hold" || target === undefined)
                        return s.hold({
                          dropId: drop.id,
                          customerId: `c${n % 3}`,
                          lines: [{ sku: "TAPE", quantity: step.quantity }],
                          idempotencyKey: `k${n}`
                        })
                      const act = { dropId: drop.id, holdId: target.id, idempotencyKey: `a${n}` }
                      return step.kind === "confirm" ? s.confirm(act) : s.release(act)
                    })
                  )
                )
                if (Result.isSuccess(out) && out.success !== undefined) {
                  const h = out.success
                  if (h.status === "held" && !holds.some((x) => x.id === h.id)) holds.push(h)
                  if (h.status === "confirmed") confirmed.add(h.id)
                }
              }
              for (const i of [behind, ahead]) {
                const snap = await i.runPromise(DropStore.use((s) => s.snapshot(drop.id)))
                const item = snap.availability.items[0]
                expect(item).toBeDefined()
                if (item === undefined) return
                expect(item.available).toBeGreaterThanOrEqual(0)
                expect(item.available + item.held + item.confirmed).toBe(item.stock)
                const byStatus = (status: Hold["status"]) =>
                  snap.holds
                    .filter((h) => h.status === status)
                    .reduce((units, h) => units + (h.lines[0]?.quantity ?? 0), 0)
                expect(byStatus("confirmed")).toBe(item.confirmed)
                expect(byStatus("held")).toBe(item.held)
                for (const id of confirmed)
                  expect(snap.holds.find((h) => h.id === id)?.status).toBe("confirmed")
              }
            } finally {
              await dispose()
            }
          }
        ),
        { numRuns: 12, seed: 42 }
      )
    })
  })

// PGlite: one in-process database shared by two stores, like two instances on one server
let pgliteDb: Promise<PGlite> | undefined
const pgliteShared = () =>
  Layer.unwrap(
    Effect.map(
      Effect.promise(() => {
        pgliteDb ??= PGlite.create("memory://")
        return pgliteDb
      }),
      (d) => layerPostgres({ client: pgliteClient(d), schema: "skew" })
    )
  )
skewSuite("pglite", pgliteShared, async () => {
  await (await pgliteDb)?.close()
})

const databaseUrl = requireEnv("DATABASE_URL")
if (databaseUrl !== undefined) {
  const schema = randomName("drops_skew")
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 })
  skewSuite(
    "postgres",
    () => layerPostgres({ client: pgPoolClient(pool), schema }),
    async () => {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await pool.end()
    }
  )
}

const redisUrl = requireEnv("REDIS_URL")
if (redisUrl !== undefined) {
  const prefix = `${randomName("drops_skew")}:`
  const redis = new Redis(redisUrl)
  skewSuite(
    "redis",
    () => layerRedis({ client: redis, prefix }),
    async () => {
      await deletePrefix(redis, prefix)
      await redis.quit()
    }
  )
}
