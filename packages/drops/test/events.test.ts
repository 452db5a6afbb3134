// Cross-instance events: two store Layers ("instances") on one Redis or PostgreSQL server. Each
// instance has its own connections, as two app processes would.
import { fork } from "node:child_process"
import { join as joinPath } from "node:path"
import { Context, Effect, Fiber, Layer, type Scope, Stream } from "effect"
import { TestClock } from "effect/testing"
import { Redis } from "ioredis"
import pg from "pg"
import { describe, expect, it } from "vitest"
import type { DropEvent } from "../src/DropEvent.ts"
import { DropStore, type DropStoreShape } from "../src/DropStore.ts"
import { layerPostgres, pgPoolClient, type SqlClient } from "../src/DropStorePostgres.ts"
import { layerRedis } from "../src/DropStoreRedis.ts"
import type { EntryRequest } from "../src/Entry.ts"
import { type DropClient, makeDropClient } from "../src/promise.ts"
import { commitSeed } from "../src/raffle.ts"
import { testDrop } from "../src/testing.ts"
import { randomName, requireEnv } from "./support/env.ts"
import { dropNamespace, type Namespace, newNamespace, relayedInstance } from "./support/instances.ts"
import { deletePrefix } from "./support/redis.ts"

const drop = (stock = 3) =>
  testDrop({ items: [{ sku: "TAPE", stock }], windows: [{ name: "General", opensAt: 0, closesAt: 8e12 }] })

/** An event without its time (the instances' clocks are real). */
const shape = (e: DropEvent): string => {
  switch (e._tag) {
    case "StockChanged":
      return `StockChanged ${e.sku} ${e.available}`
    case "SoldOut":
      return `SoldOut ${e.sku}`
    case "HoldPlaced":
    case "HoldConfirmed":
    case "HoldReleased":
    case "HoldExpired":
      return `${e._tag} ${e.customerId}`
    default:
      return e._tag
  }
}

const sentinel = (customerId: string) => (e: DropEvent) =>
  e._tag === "HoldPlaced" && e.customerId === customerId

const collectUntil = (stream: Stream.Stream<DropEvent>, customerId: string) =>
  Effect.forkChild(stream.pipe(Stream.takeUntil(sentinel(customerId)), Stream.runCollect))

const join = (fiber: Fiber.Fiber<Array<DropEvent>>) =>
  Effect.map(Effect.timeout(Fiber.join(fiber), "10 seconds"), (events) => events.map(shape))

/**
 * A sells through A while B's page watches: B sees A's events in order, once each; A's own
 * subscribers see them once (not echoed back from the server), and B's sale reaches A.
 */
const scenario = (layerA: Layer.Layer<DropStore, unknown>, layerB: Layer.Layer<DropStore, unknown>) =>
  Effect.scoped(
    Effect.gen(function* () {
      const a: DropStoreShape = Context.get(yield* Layer.build(layerA), DropStore)
      const b: DropStoreShape = Context.get(yield* Layer.build(layerB), DropStore)
      const d = drop(4)
      yield* a.createDrop(d)
      const onB = yield* collectUntil(yield* b.subscribe(d.id), "zed")
      const onA = yield* collectUntil(yield* a.subscribe(d.id), "yan")
      const hold = (s: DropStoreShape, customerId: string, quantity: number) =>
        s.hold({
          dropId: d.id,
          customerId,
          lines: [{ sku: "TAPE", quantity }],
          idempotencyKey: `k-${customerId}`
        })
      const ann = yield* hold(a, "ann", 2)
      yield* a.confirm({ dropId: d.id, holdId: ann.id, idempotencyKey: "pay-ann" })
      // a replayed confirm changes nothing and publishes nothing
      yield* a.confirm({ dropId: d.id, holdId: ann.id, idempotencyKey: "pay-ann" })
      const bob = yield* hold(a, "bob", 1)
      yield* a.release({ dropId: d.id, holdId: bob.id, idempotencyKey: "leave-bob" })
      yield* hold(a, "zed", 1)
      const seenByB = yield* join(onB)
      // B sells the last unit once it has seen all of A's events
      yield* hold(b, "yan", 1)
      const seenByA = yield* join(onA)
      const fromA = [
        "HoldPlaced ann",
        "StockChanged TAPE 2",
        "HoldConfirmed ann",
        "StockChanged TAPE 2",
        "HoldPlaced bob",
        "StockChanged TAPE 1",
        "HoldReleased bob",
        "StockChanged TAPE 2",
        "HoldPlaced zed"
      ]
      expect(seenByB).toEqual(fromA)
      expect(seenByA).toEqual([...fromA, "StockChanged TAPE 1", "HoldPlaced yan"])
      // B's availability agrees (the events are hints; the store is the truth)
      expect((yield* b.availability(d.id)).items[0]).toMatchObject({ available: 0, confirmed: 2, held: 2 })
    })
  )

/** B's promise-entry iterator follows A's hold and confirm, in order (both stores run it). */
const iteratorFollows = async (a: DropClient, b: DropClient): Promise<void> => {
  const d = drop()
  await a.createDrop(d)
  const events = await b.events(d.id)
  const hold = await a.hold({
    dropId: d.id,
    customerId: "ann",
    lines: [{ sku: "TAPE", quantity: 3 }],
    idempotencyKey: "k1"
  })
  await a.confirm({ dropId: d.id, holdId: hold.id, idempotencyKey: "pay" })
  const seen: Array<string> = []
  for await (const e of events) {
    seen.push(shape(e))
    if (e._tag === "HoldConfirmed") break
  }
  expect(seen).toEqual(["HoldPlaced ann", "StockChanged TAPE 0", "SoldOut TAPE", "HoldConfirmed ann"])
}

const redisUrl = requireEnv("REDIS_URL")
if (redisUrl !== undefined) {
  describe("redis: events across instances (pub/sub)", () => {
    /** An instance: its own client and its own subscriber connection, closed with the scope. */
    const instance = (prefix: string) =>
      Layer.unwrap(
        Effect.acquireRelease(
          Effect.sync(() => {
            const client = new Redis(redisUrl)
            return { client, subscriber: client.duplicate() }
          }),
          ({ client, subscriber }) =>
            Effect.promise(async () => {
              await subscriber.quit()
              await client.quit()
            })
        ).pipe(Effect.map(({ client, subscriber }) => layerRedis({ client, subscriber, prefix })))
      )

    it("B's subscribers see A's hold, confirm and release, in order and once each", async () => {
      const prefix = `${randomName("drops_ev")}:`
      const admin = new Redis(redisUrl)
      try {
        await Effect.runPromise(scenario(instance(prefix), instance(prefix)))
      } finally {
        await deletePrefix(admin, prefix)
        await admin.quit()
      }
    })

    it("a waiting-list promotion made by A reaches B's page", async () => {
      const prefix = `${randomName("drops_ev")}:`
      const admin = new Redis(redisUrl)
      try {
        await Effect.runPromise(
          Effect.scoped(
            Effect.gen(function* () {
              const a = Context.get(yield* Layer.build(instance(prefix)), DropStore)
              const b = Context.get(yield* Layer.build(instance(prefix)), DropStore)
              yield* promotionReachesB(a, b)
            })
          )
        )
      } finally {
        await deletePrefix(admin, prefix)
        await admin.quit()
      }
    })

    it("without a subscriber connection, events stay in the instance", async () => {
      const prefix = `${randomName("drops_ev")}:`
      const client = new Redis(redisUrl)
      const watcher = client.duplicate()
      try {
        const heard: Array<string> = []
        watcher.on("pmessage", (_p: string, channel: string) => heard.push(channel))
        await watcher.psubscribe(`${prefix}*`)
        await Effect.runPromise(
          Effect.scoped(
            Effect.gen(function* () {
              const a = Context.get(yield* Layer.build(layerRedis({ client, prefix })), DropStore)
              const d = drop()
              yield* a.createDrop(d)
              const local = yield* collectUntil(yield* a.subscribe(d.id), "ann")
              yield* a.hold({
                dropId: d.id,
                customerId: "ann",
                lines: [{ sku: "TAPE", quantity: 1 }],
                idempotencyKey: "k1"
              })
              expect(yield* join(local)).toEqual(["HoldPlaced ann"])
            })
          )
        )
        // a round trip on the watcher's server after the hold: nothing was published
        await client.publish(`${prefix}probe`, "done")
        await new Promise<void>((resolve) => {
          const check = () => (heard.includes(`${prefix}probe`) ? resolve() : setTimeout(check, 5))
          check()
        })
        expect(heard).toEqual([`${prefix}probe`])
      } finally {
        await watcher.quit()
        await deletePrefix(client, prefix)
        await client.quit()
      }
    })

    it("a rush publishes one message per drop per batch, not one per claim", async () => {
      const prefix = `${randomName("drops_ev")}:`
      const client = new Redis(redisUrl)
      const subscriber = client.duplicate()
      const watcher = client.duplicate()
      try {
        let messages = 0
        let placed = 0
        let allPlaced: () => void = () => {}
        const done = new Promise<void>((resolve) => {
          allPlaced = resolve
        })
        watcher.on("pmessage", (_p: string, _c: string, message: string) => {
          messages++
          // the script's message: [instance, drop, availability, expired, "<kind><now>" per op, results]
          const [, , , , kinds, results] = JSON.parse(message) as [string, string, [], string, string, string]
          const lines = results.split("\n")
          placed += kinds.split(" ").filter((k, i) => k[0] === "h" && lines[i]?.[0] === "h").length
          if (placed === 200) allPlaced()
        })
        await watcher.psubscribe(`${prefix}events:*`)
        await Effect.runPromise(
          Effect.scoped(
            Effect.gen(function* () {
              const a = Context.get(yield* Layer.build(layerRedis({ client, subscriber, prefix })), DropStore)
              const d = drop(1000)
              yield* a.createDrop(d)
              yield* Effect.forEach(
                Array.from({ length: 200 }, (_, i) => i),
                (i) =>
                  a.hold({
                    dropId: d.id,
                    customerId: `c${i}`,
                    lines: [{ sku: "TAPE", quantity: 1 }],
                    idempotencyKey: `k${i}`
                  }),
                { concurrency: 50 }
              )
              yield* Effect.promise(() => done)
            })
          )
        )
        expect(placed).toBe(200)
        // 200 claims at concurrency 50 run as a handful of script batches (maxBatch 64)
        expect(messages).toBeLessThanOrEqual(20)
      } finally {
        await watcher.quit()
        await subscriber.quit()
        await deletePrefix(client, prefix)
        await client.quit()
      }
    })

    it("the promise entry's async iterator follows another instance's sales", async () => {
      const prefix = `${randomName("drops_ev")}:`
      const conns = [new Redis(redisUrl), new Redis(redisUrl)]
      const subs = conns.map((c) => c.duplicate())
      const [ca, cb] = conns as [Redis, Redis]
      const [sa, sb] = subs as [Redis, Redis]
      const a = makeDropClient(layerRedis({ client: ca, subscriber: sa, prefix }))
      const b = makeDropClient(layerRedis({ client: cb, subscriber: sb, prefix }))
      try {
        await iteratorFollows(a, b)
      } finally {
        await a.dispose()
        await b.dispose()
        await deletePrefix(ca, prefix)
        for (const c of [...subs, ...conns]) await c.quit()
      }
    })
  })
}

const pgUrl = requireEnv("DATABASE_URL")
if (pgUrl !== undefined) {
  describe("postgres: events across instances (NOTIFY / LISTEN)", () => {
    it("B's subscribers see A's hold, confirm and release, in order and once each", async () => {
      const schema = randomName("drops_ev")
      const admin = new pg.Pool({ connectionString: pgUrl, max: 1 })
      /** An instance: its own pool and its own listening connection, closed with the scope. */
      const instance = Layer.unwrap(
        Effect.acquireRelease(
          Effect.promise(async () => {
            const pool = new pg.Pool({ connectionString: pgUrl, max: 2 })
            const listener = new pg.Client({ connectionString: pgUrl })
            await listener.connect()
            return { pool, listener }
          }),
          ({ pool, listener }) =>
            Effect.promise(async () => {
              await listener.end()
              await pool.end()
            })
        ).pipe(
          Effect.map(({ pool, listener }) => layerPostgres({ client: pgPoolClient(pool), schema, listener }))
        )
      )
      try {
        await Effect.runPromise(scenario(instance, instance))
      } finally {
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
        await admin.end()
      }
    })
  })
}

/** A one-unit entry of a customer (the only place these tests build an entry request). */
const entry = (dropId: string, customerId: string): EntryRequest => ({
  dropId,
  customerId,
  lines: [{ sku: "TAPE", quantity: 1 }]
})

/** Runs `effect` with the clock at `at` (a fresh test clock: each instance reads its own). */
const at = <A, E, R>(time: number, effect: Effect.Effect<A, E, R>) =>
  Effect.provide(Effect.andThen(TestClock.setTime(time), effect), TestClock.layer())

/** Instances A and B on one namespace (removed afterwards), built one after the other. */
const withPair = <A, E>(
  ns: Namespace,
  body: (a: DropStoreShape, b: DropStoreShape) => Effect.Effect<A, E, Scope.Scope>,
  options: { readonly newIdA?: () => string } = {}
) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        yield* Effect.addFinalizer(() => Effect.promise(() => dropNamespace(ns)))
        const a = Context.get(
          yield* Layer.build(
            relayedInstance(ns, options.newIdA === undefined ? {} : { newId: options.newIdA })
          ),
          DropStore
        )
        const b = Context.get(yield* Layer.build(relayedInstance(ns)), DropStore)
        return yield* body(a, b)
      })
    )
  )

const holdOne = (s: DropStoreShape, dropId: string, customerId: string) =>
  s.hold({ dropId, customerId, lines: [{ sku: "TAPE", quantity: 1 }], idempotencyKey: `k-${customerId}` })

/** Bob waits on B's list; A's release promotes him; B's page sees it all, in order (both stores). */
const promotionReachesB = (a: DropStoreShape, b: DropStoreShape) =>
  Effect.gen(function* () {
    const d = drop(1)
    yield* a.createDrop(d)
    const onB = yield* Effect.forkChild(
      (yield* b.subscribe(d.id)).pipe(
        Stream.takeUntil((e) => e._tag === "WaitingListPromoted"),
        Stream.runCollect
      )
    )
    const ann = yield* holdOne(a, d.id, "ann")
    yield* b.joinWaitingList(entry(d.id, "bob"))
    yield* a.release({ dropId: d.id, holdId: ann.id, idempotencyKey: "leave-ann" })
    expect(yield* join(onB)).toEqual([
      "HoldPlaced ann",
      "StockChanged TAPE 0",
      "SoldOut TAPE",
      "HoldReleased ann",
      "StockChanged TAPE 1",
      "HoldPlaced bob",
      "StockChanged TAPE 0",
      "SoldOut TAPE",
      "WaitingListPromoted"
    ])
  })

const kits: ReadonlyArray<{ readonly store: "redis" | "postgres"; readonly url: string | undefined }> = [
  { store: "redis", url: redisUrl },
  { store: "postgres", url: pgUrl }
]

for (const { store, url } of kits) {
  if (url === undefined) continue
  describe(`${store}: events are sent as part of the commit`, () => {
    it("a hold reaches B even when A's process is killed right after the commit", async () => {
      const ns = newNamespace(store, url)
      await withPair(ns, (_a, b) =>
        Effect.gen(function* () {
          const d = drop(3)
          yield* b.createDrop(d)
          const onB = yield* collectUntil(yield* b.subscribe(d.id), "ann")
          const exit = yield* Effect.promise(
            () =>
              new Promise<{ code: number | null; signal: string | null }>((resolve, reject) => {
                const child = fork(
                  joinPath(import.meta.dirname, "support", "holdThenDie.ts"),
                  [JSON.stringify({ ns, dropId: d.id, customerId: "ann" })],
                  { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] }
                )
                child.on("error", reject)
                child.on("exit", (code, signal) => resolve({ code, signal }))
              })
          )
          // it died by its own SIGKILL, in the step the hold resolved in: no timer of it ran
          expect(exit).toEqual({ code: null, signal: "SIGKILL" })
          expect(yield* join(onB)).toEqual(["HoldPlaced ann"])
          expect((yield* b.availability(d.id)).items[0]).toMatchObject({ held: 1, available: 2 })
        })
      )
    })

    it("a lapsed hold that B expires reaches A's page as HoldExpired and StockChanged, once", async () => {
      const ns = newNamespace(store, url)
      await withPair(ns, (a, b) =>
        Effect.gen(function* () {
          const d = drop(3)
          const t0 = 1_000_000
          yield* a.createDrop(d)
          const onA = yield* collectUntil(yield* a.subscribe(d.id), "zed")
          const onB = yield* collectUntil(yield* b.subscribe(d.id), "zed")
          yield* at(t0, holdOne(a, d.id, "ann"))
          // not yet due: nothing happens
          yield* at(t0 + d.holdMs - 1, b.availability(d.id))
          // due: B's read expires it (once: the second read finds nothing to expire)
          expect((yield* at(t0 + d.holdMs, b.availability(d.id))).items[0]).toMatchObject({ available: 3 })
          yield* at(t0 + d.holdMs, b.availability(d.id))
          yield* at(t0 + d.holdMs + 1, holdOne(b, d.id, "zed"))
          const expected = [
            "HoldPlaced ann",
            "StockChanged TAPE 2",
            "HoldExpired ann",
            "StockChanged TAPE 3",
            "HoldPlaced zed"
          ]
          expect(yield* join(onA)).toEqual(expected)
          expect(yield* join(onB)).toEqual(expected)
        })
      )
    })

    it("raffle winners' holds drawn by A reach B's page", async () => {
      const ns = newNamespace(store, url)
      await withPair(ns, (a, b) =>
        Effect.gen(function* () {
          const seed = "5e3d6c1b9a7f4e2d8c0b1a9f8e7d6c5b"
          const d = testDrop({
            mode: "raffle",
            commitment: commitSeed(seed),
            items: [{ sku: "TAPE", stock: 2 }],
            windows: [{ name: "Entries", opensAt: 0, closesAt: 10_000 }]
          })
          yield* a.createDrop(d)
          const onB = yield* Effect.forkChild(
            (yield* b.subscribe(d.id)).pipe(
              Stream.takeUntil((e) => e._tag === "SoldOut"),
              Stream.runCollect
            )
          )
          for (const c of ["ann", "bob", "cy"]) yield* at(1_000, a.enterRaffle(entry(d.id, c)))
          const outcome = yield* at(20_000, a.drawRaffle({ dropId: d.id, seed }))
          expect(outcome.holds).toHaveLength(2)
          const [first, second] = outcome.holds.map((h) => h.customerId)
          expect(yield* join(onB)).toEqual([
            `HoldPlaced ${first}`,
            "StockChanged TAPE 1",
            `HoldPlaced ${second}`,
            "StockChanged TAPE 0",
            "SoldOut TAPE"
          ])
        })
      )
    })

    it("a rush through A reaches B with every event once, in commit order", async () => {
      const ns = newNamespace(store, url)
      let n = 0
      // hold ids that grow in the order the store creates them
      const newIdA = () => `h${String(++n).padStart(6, "0")}`
      await withPair(
        ns,
        (a, b) =>
          Effect.gen(function* () {
            const d = drop(1000)
            yield* a.createDrop(d)
            let placed = 0
            const onB = yield* Effect.forkChild(
              (yield* b.subscribe(d.id)).pipe(
                Stream.takeUntil((e) => {
                  if (e._tag === "HoldPlaced") placed++
                  return placed === 200
                }),
                Stream.runCollect
              )
            )
            yield* Effect.forEach(
              Array.from({ length: 200 }, (_, i) => i),
              (i) => holdOne(a, d.id, `c${i}`),
              { concurrency: 50 }
            )
            const seen = yield* Effect.timeout(Fiber.join(onB), "20 seconds")
            const holds = seen.flatMap((e) => (e._tag === "HoldPlaced" ? [e.holdId] : []))
            expect(holds).toHaveLength(200)
            expect(holds).toEqual([...new Set(holds)].sort())
            const stock = seen.flatMap((e) => (e._tag === "StockChanged" ? [e.available] : []))
            expect(stock).toEqual([...stock].sort((x, y) => y - x))
            expect(stock.at(-1)).toBe(800)
            expect(seen.filter((e) => e._tag !== "HoldPlaced" && e._tag !== "StockChanged")).toEqual([])
          }),
        { newIdA }
      )
    })
  })
}

if (redisUrl !== undefined) {
  describe("redis: what the script publishes", () => {
    it("a batch that changed nothing publishes nothing, and a foreign message on the channel is ignored", async () => {
      const ns = newNamespace("redis", redisUrl)
      const raw = new Redis(redisUrl)
      const watcher = raw.duplicate()
      try {
        const heard: Array<string> = []
        watcher.on("pmessage", (_p: string, _c: string, message: string) => heard.push(message))
        await watcher.psubscribe(`${ns.namespace}events:*`)
        await withPair(ns, (a, b) =>
          Effect.gen(function* () {
            const d = drop(1)
            yield* a.createDrop(d)
            const onB = yield* collectUntil(yield* b.subscribe(d.id), "zed")
            yield* holdOne(a, d.id, "ann")
            // refused (sold out) and replayed: nothing changed, nothing is published
            expect((yield* Effect.flip(holdOne(a, d.id, "bob")))._tag).toBe("OutOfStock")
            yield* holdOne(a, d.id, "ann")
            yield* Effect.promise(() => raw.publish(`${ns.namespace}events:${d.id}`, "not a batch"))
            yield* Effect.promise(() =>
              raw.publish(
                `${ns.namespace}events:${d.id}`,
                JSON.stringify(["x", d.id, [1, 0, 0], "", "h1", "hbroken"])
              )
            )
            yield* a.release({
              dropId: d.id,
              holdId: (yield* holdOne(a, d.id, "ann")).id,
              idempotencyKey: "r"
            })
            yield* holdOne(a, d.id, "zed")
            expect(yield* join(onB)).toEqual([
              "HoldPlaced ann",
              "StockChanged TAPE 0",
              "SoldOut TAPE",
              "HoldReleased ann",
              "StockChanged TAPE 1",
              "HoldPlaced zed"
            ])
          })
        )
        // ann's hold, the two foreign messages, ann's release, zed's hold
        expect(heard).toHaveLength(5)
      } finally {
        await watcher.quit()
        await raw.quit()
      }
    })
  })
}

if (pgUrl !== undefined) {
  describe("postgres: events across instances, as for Redis", () => {
    it("a waiting-list promotion made by A reaches B's page", async () => {
      const ns = newNamespace("postgres", pgUrl)
      await withPair(ns, (a, b) =>
        Effect.gen(function* () {
          yield* promotionReachesB(a, b)
        })
      )
    })

    it("a batch whose transaction rolls back after its pg_notify sends nothing; its retry sends once", async () => {
      const ns = newNamespace("postgres", pgUrl)
      let sabotage = 0
      const pool = new pg.Pool({ connectionString: pgUrl, max: 2 })
      const listener = new pg.Client({ connectionString: pgUrl })
      await listener.connect()
      const inner = pgPoolClient(pool)
      // fails the transaction after its statements (pg_notify included) ran, before COMMIT
      const client: SqlClient = {
        query: inner.query,
        transaction: (body) =>
          inner.transaction(async (tx) => {
            const out = await body(tx)
            if (sabotage > 0) {
              sabotage--
              throw new Error("sabotaged before COMMIT")
            }
            return out
          })
      }
      try {
        await withPair(ns, (_a, b) =>
          Effect.gen(function* () {
            const a = Context.get(
              yield* Layer.build(layerPostgres({ client, schema: ns.namespace, listener })),
              DropStore
            )
            const d = drop(3)
            yield* a.createDrop(d)
            const onB = yield* collectUntil(yield* b.subscribe(d.id), "zed")
            sabotage = 1
            expect((yield* Effect.flip(holdOne(a, d.id, "ann")))._tag).toBe("StoreUnavailable")
            yield* holdOne(a, d.id, "ann")
            yield* holdOne(b, d.id, "zed")
            expect(yield* join(onB)).toEqual(["HoldPlaced ann", "StockChanged TAPE 2", "HoldPlaced zed"])
          })
        )
      } finally {
        await listener.end()
        await pool.end()
      }
    })

    it("the promise entry's async iterator follows another instance's sales", async () => {
      const ns = newNamespace("postgres", pgUrl)
      const a = makeDropClient(relayedInstance(ns))
      const b = makeDropClient(relayedInstance(ns))
      try {
        await iteratorFollows(a, b)
      } finally {
        await a.dispose()
        await b.dispose()
        await dropNamespace(ns)
      }
    })
  })
}
