// The rush: many clients race for one drop with retries, duplicate idempotency keys, releases and
// holds left to expire. Runs inside forked worker processes (against the server for PostgreSQL and
// Redis, against the parent process hosting memory or PGlite); every client records what the
// store told it, for the invariant check.
import { Effect, Layer, type ManagedRuntime, Result } from "effect"
import { Redis } from "ioredis"
import pg from "pg"
import type { Drop } from "../../src/Drop.ts"
import { layerPostgres, pgPoolClient } from "../../src/DropStorePostgres.ts"
import { layerRedis } from "../../src/DropStoreRedis.ts"
import type { Hold, HoldRequest } from "../../src/Hold.ts"
import { DropStore, layerMemory } from "../../src/index.ts"

export interface RushConfig {
  readonly store: "memory" | "pglite" | "postgres" | "redis"
  readonly url?: string
  /** PostgreSQL schema or Redis key prefix. */
  readonly namespace: string
  readonly dropId: string
  readonly seed: number
  readonly worker: number
  readonly clients: number
  readonly opsPerClient: number
  readonly holdMs: number
}

/** What the clients saw. */
export interface RushReport {
  readonly worker: number
  /** Confirmed claims, as the store answered them. */
  readonly claims: ReadonlyArray<{ readonly holdId: string; readonly key: string; readonly quantity: number }>
  /** Every hold id each idempotency key was answered with. */
  readonly keyHolds: ReadonlyArray<readonly [string, ReadonlyArray<string>]>
  readonly counts: Record<string, number>
  readonly ops: number
  readonly ms: number
}

/** mulberry32: a tiny seeded PRNG, so a CI rush is reproducible in what the clients try. */
export const prng = (seed: number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const rushDrop = (dropId: string, holdMs: number, stock = 100): Drop => ({
  id: dropId,
  name: "Rush",
  items: [{ sku: "TAPE", stock }],
  windows: [{ name: "General", opensAt: 0, closesAt: 8_000_000_000_000 }],
  limits: { perOrder: 3 },
  holdMs,
  mode: "fcfs",
  lateConfirm: "reject"
})

/** Memory and PGlite live in one process: client processes reach them through that process. */
export const embedded = (store: RushConfig["store"]): boolean => store === "memory" || store === "pglite"

/** Builds a store layer for a worker (the caller disposes the runtime). */
export const storeLayer = (
  cfg: Pick<RushConfig, "store" | "url" | "namespace">
): Layer.Layer<DropStore, unknown> => {
  switch (cfg.store) {
    case "memory":
      return layerMemory()
    case "postgres":
      return Layer.unwrap(
        Effect.acquireRelease(
          Effect.sync(() => new pg.Pool({ connectionString: cfg.url, max: 4 })),
          (pool) => Effect.promise(() => pool.end())
        ).pipe(Effect.map((pool) => layerPostgres({ client: pgPoolClient(pool), schema: cfg.namespace })))
      )
    case "redis":
      return Layer.unwrap(
        Effect.acquireRelease(
          Effect.sync(() => new Redis(cfg.url as string, { maxRetriesPerRequest: 3 })),
          (redis) => Effect.promise(() => redis.quit())
        ).pipe(Effect.map((redis) => layerRedis({ client: redis, prefix: cfg.namespace })))
      )
    case "pglite":
      throw new Error("PGlite is in-process only: pass its runtime to runClients")
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Runs the clients against a store runtime and reports what they saw. */
export const runClients = async (
  runtime: ManagedRuntime.ManagedRuntime<DropStore, unknown>,
  cfg: RushConfig,
  onFirstHold?: () => void
): Promise<RushReport> => {
  const claims: Array<{ holdId: string; key: string; quantity: number }> = []
  const keyHolds = new Map<string, Set<string>>()
  const counts: Record<string, number> = {}
  const count = (k: string) => {
    counts[k] = (counts[k] ?? 0) + 1
  }
  let ops = 0
  const call = async <A>(eff: Effect.Effect<A, { readonly _tag: string }, DropStore>) => {
    // Retries on a store failure or an in-flight duplicate, with the same key: must stay safe.
    for (let attempt = 0; ; attempt++) {
      ops++
      const r = await runtime.runPromise(Effect.result(eff))
      if (Result.isSuccess(r)) return r
      count(r.failure._tag)
      // a OutOfStock that reports negative availability is an oversell caught in the act
      const f = r.failure as { readonly _tag: string; readonly available?: number }
      if (f._tag === "OutOfStock" && (f.available ?? 0) < 0) count("negativeAvailable")
      if ((r.failure._tag === "StoreUnavailable" || r.failure._tag === "RequestInFlight") && attempt < 8) {
        await sleep(5 + attempt * 5)
        continue
      }
      return r
    }
  }
  const seen = (key: string, hold: Hold) => {
    const s = keyHolds.get(key) ?? new Set<string>()
    s.add(hold.id)
    keyHolds.set(key, s)
  }
  const started = Date.now()
  await Promise.all(
    Array.from({ length: cfg.clients }, async (_, c) => {
      const rand = prng(cfg.seed * 7919 + cfg.worker * 1000 + c)
      for (let i = 0; i < cfg.opsPerClient; i++) {
        const key = `w${cfg.worker}-c${c}-o${i}`
        const req: HoldRequest = {
          dropId: cfg.dropId,
          customerId: `w${cfg.worker}c${c}`,
          lines: [{ sku: "TAPE", quantity: 1 + Math.floor(rand() * 3) }],
          idempotencyKey: key
        }
        const dup = rand() < 0.3
        const holdOnce = DropStore.use((s) => s.hold(req))
        const [r, d] = await Promise.all([call(holdOnce), dup ? call(holdOnce) : Promise.resolve(undefined)])
        if (d !== undefined && Result.isSuccess(d)) seen(key, d.success)
        if (!Result.isSuccess(r)) continue
        seen(key, r.success)
        onFirstHold?.()
        count("held")
        const choice = rand()
        const action = { dropId: cfg.dropId, holdId: r.success.id, idempotencyKey: `${key}-next` }
        if (choice < 0.6) {
          const wait = rand() * cfg.holdMs * 1.3
          if (wait > 1) await sleep(wait)
          const conf = DropStore.use((s) => s.confirm(action))
          const [c1, c2] = await Promise.all([
            call(conf),
            rand() < 0.3 ? call(conf) : Promise.resolve(undefined)
          ])
          for (const x of [c1, c2])
            if (x !== undefined && Result.isSuccess(x) && x.success.status === "confirmed") {
              claims.push({ holdId: x.success.id, key, quantity: x.success.lines[0]?.quantity ?? 0 })
              count("confirmed")
            }
        } else if (choice < 0.8) {
          await call(DropStore.use((s) => s.release(action)))
          count("released")
        } else count("abandoned")
      }
    })
  )
  return {
    worker: cfg.worker,
    claims,
    keyHolds: Array.from(keyHolds, ([k, v]) => [k, [...v]] as const),
    counts,
    ops,
    ms: Date.now() - started
  }
}
