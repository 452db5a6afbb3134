// App instances for the cross-instance event tests: a store layer with its own connections and
// its relay connection (a Redis subscriber, a PostgreSQL listener), as one app process would have.
import { Effect, Layer } from "effect"
import { Redis } from "ioredis"
import pg from "pg"
import type { DropStore } from "../../src/DropStore.ts"
import { layerPostgres, pgPoolClient } from "../../src/DropStorePostgres.ts"
import { layerRedis } from "../../src/DropStoreRedis.ts"

/** The stores that carry events between instances. */
export type RelayStore = "redis" | "postgres"

/** Where an instance's store lives: a Redis key prefix or a PostgreSQL schema. */
export interface Namespace {
  readonly store: RelayStore
  readonly url: string
  readonly namespace: string
}

/** A fresh namespace (random) for a store. */
export const newNamespace = (store: RelayStore, url: string): Namespace => {
  const id = globalThis.crypto.randomUUID().replaceAll("-", "").slice(0, 12)
  return { store, url, namespace: store === "redis" ? `drops_ev_${id}:` : `drops_ev_${id}` }
}

/** One instance's store layer with a relay connection; its connections close with the layer. */
export const relayedInstance = (
  ns: Namespace,
  options: { readonly newId?: () => string } = {}
): Layer.Layer<DropStore, unknown> =>
  ns.store === "redis"
    ? Layer.unwrap(
        Effect.acquireRelease(
          Effect.sync(() => {
            const client = new Redis(ns.url)
            return { client, subscriber: client.duplicate() }
          }),
          ({ client, subscriber }) =>
            Effect.promise(async () => {
              await subscriber.quit()
              await client.quit()
            })
        ).pipe(
          Effect.map(({ client, subscriber }) =>
            layerRedis({ client, subscriber, prefix: ns.namespace, ...options })
          )
        )
      )
    : Layer.unwrap(
        Effect.acquireRelease(
          Effect.promise(async () => {
            const pool = new pg.Pool({ connectionString: ns.url, max: 2 })
            const listener = new pg.Client({ connectionString: ns.url })
            await listener.connect()
            return { pool, listener }
          }),
          ({ pool, listener }) =>
            Effect.promise(async () => {
              await listener.end()
              await pool.end()
            })
        ).pipe(
          Effect.map(({ pool, listener }) =>
            layerPostgres({ client: pgPoolClient(pool), schema: ns.namespace, listener, ...options })
          )
        )
      )

/** Deletes what the tests stored under a namespace (only that). */
export const dropNamespace = async (ns: Namespace): Promise<void> => {
  if (ns.store === "postgres") {
    const admin = new pg.Client({ connectionString: ns.url })
    await admin.connect()
    await admin.query(`DROP SCHEMA IF EXISTS ${ns.namespace} CASCADE`)
    await admin.end()
    return
  }
  const redis = new Redis(ns.url)
  let cursor = "0"
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${ns.namespace}*`, "COUNT", 500)
    if (keys.length > 0) await redis.del(...keys)
    cursor = next
  } while (cursor !== "0")
  await redis.quit()
}
