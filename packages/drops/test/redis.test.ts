import { Effect, Layer, ManagedRuntime } from "effect"
import { TestClock } from "effect/testing"
import { Redis } from "ioredis"
import { describe, expect, it } from "vitest"
import { layerRedis, redisBackend } from "../src/DropStoreRedis.ts"
import { DropStore } from "../src/index.ts"
import { fingerprint, type Op } from "../src/internal/engine.ts"
import { conformanceSuite, testDrop } from "../src/testing.ts"
import { randomName, requireEnv } from "./support/env.ts"
import { deletePrefix } from "./support/redis.ts"

const url = requireEnv("REDIS_URL")
if (url !== undefined) {
  const prefix = `${randomName("drops_test")}:`
  await conformanceSuite(
    "redis",
    () =>
      Layer.unwrap(
        Effect.acquireRelease(
          Effect.sync(() => new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 })),
          (redis) =>
            Effect.promise(async () => {
              await deletePrefix(redis, prefix)
              await redis.quit()
            })
        ).pipe(Effect.map((redis) => layerRedis({ client: redis, prefix })))
      ),
    { numRuns: 25 }
  )
}

if (url !== undefined) {
  describe("redis expiry (lazy, in the script: no TTL, no sweeper)", () => {
    it("keys carry no TTL, and a hold lapses with no process running: a new instance sees the stock back", async () => {
      const prefix = `${randomName("drops_ttl")}:`
      const redis = new Redis(url)
      try {
        const dropId = "ttl-drop"
        const drop = { ...testDrop({ id: dropId }), holdMs: 60_000 }
        const first = ManagedRuntime.make(layerRedis({ client: redis, prefix }))
        await first.runPromise(
          Effect.gen(function* () {
            const store = yield* DropStore
            yield* store.createDrop(drop)
            yield* store.hold({
              dropId,
              customerId: "ann",
              lines: [{ sku: "ZINE", quantity: 5 }],
              idempotencyKey: "k1"
            })
          }).pipe(Effect.provide(TestClock.layer()))
        )
        await first.dispose()
        const keys = await redis.keys(`${prefix}*`)
        expect(keys.length).toBeGreaterThan(0)
        for (const k of keys) expect(await redis.pttl(k)).toBe(-1)
        // a fresh instance (no memory of the hold), an hour later on the test clock
        const second = ManagedRuntime.make(layerRedis({ client: redis, prefix }))
        const zine = await second.runPromise(
          Effect.gen(function* () {
            yield* TestClock.setTime(60 * 60_000)
            const a = yield* DropStore.use((s) => s.availability(dropId))
            return a.items.find((i) => i.sku === "ZINE")
          }).pipe(Effect.provide(TestClock.layer()))
        )
        expect(zine).toMatchObject({ held: 0, available: 5 })
        await second.dispose()
      } finally {
        await deletePrefix(redis, prefix)
        await redis.quit()
      }
    })
  })

  describe("redis due queue", () => {
    it("a hold created out of time order (clock skew between instances) still lapses exactly at its time", async () => {
      const prefix = `${randomName("drops_skew")}:`
      const redis = new Redis(url)
      const ahead = ManagedRuntime.make(Layer.merge(layerRedis({ client: redis, prefix }), TestClock.layer()))
      const behind = ManagedRuntime.make(
        Layer.merge(layerRedis({ client: redis, prefix }), TestClock.layer())
      )
      try {
        const drop = { ...testDrop({ items: [{ sku: "TAPE", stock: 10 }] }), holdMs: 60_000 }
        const hold = (runtime: typeof ahead, at: number, customerId: string) =>
          runtime.runPromise(
            Effect.gen(function* () {
              yield* TestClock.setTime(at)
              return yield* DropStore.use((s) =>
                s.hold({
                  dropId: drop.id,
                  customerId,
                  lines: [{ sku: "TAPE", quantity: 1 }],
                  idempotencyKey: `k-${customerId}`
                })
              )
            })
          )
        const heldAt = (runtime: typeof ahead, at: number) =>
          runtime.runPromise(
            Effect.gen(function* () {
              yield* TestClock.setTime(at)
              return (yield* DropStore.use((s) => s.availability(drop.id))).items[0]?.held
            })
          )
        await ahead.runPromise(DropStore.use((s) => s.createDrop(drop)))
        // the queue's tail is at 10s; a hold made at 5s by a clock behind goes to the sorted set
        await hold(ahead, 10_000, "ann")
        await hold(behind, 5_000, "bob")
        expect(await heldAt(behind, 64_999)).toBe(2)
        expect(await heldAt(behind, 65_000)).toBe(1) // bob's hold lapsed, ann's has not
        expect(await heldAt(ahead, 69_999)).toBe(1)
        expect(await heldAt(ahead, 70_000)).toBe(0)
        expect(await redis.llen(`${prefix}{${drop.id}}:queue`)).toBe(0)
        expect(await redis.zcard(`${prefix}{${drop.id}}:due`)).toBe(0)
      } finally {
        await ahead.dispose()
        await behind.dispose()
        await deletePrefix(redis, prefix)
        await redis.quit()
      }
    })

    it("refuses an id with whitespace (an InvalidDropInput naming the field) instead of mis-splitting it", async () => {
      const prefix = `${randomName("drops_ids")}:`
      const redis = new Redis(url)
      const runtime = ManagedRuntime.make(layerRedis({ client: redis, prefix }))
      try {
        const drop = testDrop()
        const error = await runtime.runPromise(
          Effect.gen(function* () {
            const store = yield* DropStore
            yield* store.createDrop(drop)
            return yield* Effect.flip(
              store.hold({
                dropId: drop.id,
                customerId: "ann smith",
                lines: [{ sku: "TAPE", quantity: 1 }],
                idempotencyKey: "k1"
              })
            )
          })
        )
        expect(error._tag).toBe("InvalidDropInput")
        expect(error.message).toContain("customerId: ")
      } finally {
        await runtime.dispose()
        await deletePrefix(redis, prefix)
        await redis.quit()
      }
    })
  })

  describe("redis batch", () => {
    it("operations of one script call see each other: hold, its replay, a confirm and a reused key", async () => {
      const prefix = `${randomName("drops_batch")}:`
      const redis = new Redis(url)
      try {
        let n = 0
        const backend = await Effect.runPromise(
          redisBackend({ client: redis, prefix, newId: () => `H${++n}` })
        )
        const drop = testDrop({ items: [{ sku: "TAPE", stock: 3 }] })
        expect(await Effect.runPromise(backend.insertDrop(drop))).toBe(true)
        const request = {
          dropId: drop.id,
          customerId: "ann",
          lines: [
            { sku: "TAPE", quantity: 1 },
            { sku: "TAPE", quantity: 1 }
          ],
          idempotencyKey: "k1"
        }
        const other = { ...request, customerId: "bob" }
        const confirm = { dropId: drop.id, holdId: "H1", idempotencyKey: "k2" }
        const ops: Array<Op> = [
          { _tag: "hold", request, fingerprint: fingerprint("hold", request) },
          { _tag: "hold", request, fingerprint: fingerprint("hold", request) },
          { _tag: "confirm", request: confirm, fingerprint: fingerprint("confirm", confirm) },
          { _tag: "hold", request: other, fingerprint: fingerprint("hold", other) }
        ]
        const out = await Effect.runPromise(backend.run(drop, ops, 1_000))
        const [first, replay, confirmed, reused] = out.results
        expect(first).toMatchObject({ ok: true, replayed: false, hold: { id: "H1", status: "held" } })
        expect(first?.ok === true && first.hold.lines).toEqual([{ sku: "TAPE", quantity: 2 }])
        expect(replay).toMatchObject({ ok: true, replayed: true, hold: { id: "H1", status: "held" } })
        expect(confirmed).toMatchObject({
          ok: true,
          replayed: false,
          hold: {
            id: "H1",
            status: "confirmed",
            customerId: "ann",
            createdAt: 1_000,
            expiresAt: 1_000 + drop.holdMs
          }
        })
        expect(reused).toMatchObject({ ok: false, error: { _tag: "IdempotencyKeyReused" } })
        expect(out.availability[0]).toMatchObject({ sku: "TAPE", held: 0, confirmed: 2, available: 1 })
        // the next call reads what this one wrote
        const again = await Effect.runPromise(backend.run(drop, [ops[2] as Op], 2_000))
        expect(again.results[0]).toMatchObject({
          ok: true,
          replayed: true,
          hold: { id: "H1", status: "confirmed" }
        })
      } finally {
        await deletePrefix(redis, prefix)
        await redis.quit()
      }
    })
  })

  describe("redis mass expiry", () => {
    it("thousands of holds lapsing at once all return to stock in one script call", async () => {
      const prefix = `${randomName("drops_mass")}:`
      const redis = new Redis(url)
      const runtime = ManagedRuntime.make(layerRedis({ client: redis, prefix, maxBatch: 500 }))
      try {
        const n = 9000
        const drop = { ...testDrop({ items: [{ sku: "TAPE", stock: n }] }), holdMs: 60_000 }
        const after = await runtime.runPromise(
          Effect.gen(function* () {
            const store = yield* DropStore
            yield* store.createDrop(drop)
            yield* Effect.forEach(
              Array.from({ length: n }, (_, i) => i),
              (i) =>
                store.hold({
                  dropId: drop.id,
                  customerId: `c${i}`,
                  lines: [{ sku: "TAPE", quantity: 1 }],
                  idempotencyKey: `k${i}`
                }),
              { concurrency: 500, discard: true }
            )
            const before = (yield* store.availability(drop.id)).items[0]
            expect(before).toMatchObject({ held: n, available: 0 })
            yield* TestClock.adjust(60_000)
            return (yield* store.availability(drop.id)).items[0]
          }).pipe(Effect.provide(TestClock.layer()))
        )
        expect(after).toMatchObject({ held: 0, available: n })
      } finally {
        await runtime.dispose()
        await deletePrefix(redis, prefix)
        await redis.quit()
      }
    })
  })
}

if (url !== undefined) {
  describe("redis entry encoding", () => {
    it("keeps an entry's lines, and a stored entry that does not decode is StoreUnavailable, not a crash", async () => {
      const prefix = `${randomName("drops_entries")}:`
      const redis = new Redis(url)
      const runtime = ManagedRuntime.make(
        Layer.merge(layerRedis({ client: redis, prefix }), TestClock.layer())
      )
      try {
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
        const data = `${prefix}{${drop.id}}:waiting:data`
        expect(await redis.hget(data, "ann")).toMatch(/^TAPE\*2,ZINE\*1 entry-/)
        for (const bad of ["3 entry-x", "TAPE*0 entry-x", "TAPE*1,TAPE*1 entry-x", "TAPE*1"]) {
          await redis.hset(data, "ann", bad)
          const failure = await runtime.runPromise(Effect.flip(DropStore.use((s) => s.waitingList(drop.id))))
          expect(failure._tag).toBe("StoreUnavailable")
          expect(failure.message).toContain("decodeEntry (the waiting entry of customer ann")
        }
      } finally {
        await runtime.dispose()
        await deletePrefix(redis, prefix)
        await redis.quit()
      }
    })
  })
}
