// Runs one rush against a store: creates the drop, runs the clients in forked worker processes
// (against the shared server, or against this process for the embedded stores), then checks the
// invariants now and after every hold has lapsed.
import { type ChildProcess, fork } from "node:child_process"
import { join } from "node:path"
import { PGlite } from "@electric-sql/pglite"
import { Effect, Layer, ManagedRuntime } from "effect"
import { TestClock } from "effect/testing"
import { Redis } from "ioredis"
import pg from "pg"
import { layerPostgres, pgliteClient } from "../../src/DropStorePostgres.ts"
import type { DropSnapshot } from "../../src/Hold.ts"
import { DropStore } from "../../src/index.ts"
import { deletePrefix } from "../support/redis.ts"
import { embedded, type RushConfig, type RushReport, rushDrop, storeLayer } from "./clients.ts"
import { type RushFigures, rushFigures } from "./invariants.ts"
import { serveStore } from "./remote.ts"

export const workerPath = join(import.meta.dirname, "worker.ts")

export interface RushPlan {
  readonly store: RushConfig["store"]
  readonly url?: string
  readonly processes: number
  readonly clients: number
  readonly opsPerClient: number
  readonly holdMs: number
  readonly seed: number
  readonly stock?: number
}

export interface RushOutcome {
  readonly now: RushFigures
  readonly afterExpiry: RushFigures
  readonly reports: ReadonlyArray<RushReport>
  readonly claimsPerSec: number
  readonly opsPerSec: number
  readonly ms: number
}

const uid = () => globalThis.crypto.randomUUID().replaceAll("-", "").slice(0, 12)

/**
 * Forks a client process. For the embedded stores (memory, PGlite) pass the parent's runtime as
 * `host`: the child's clients then reach that one store over IPC.
 */
export const forkWorker = (
  cfg: RushConfig & { readonly hang?: boolean },
  onMessage?: (m: { type: string }, child: ChildProcess) => void,
  host?: ManagedRuntime.ManagedRuntime<DropStore, unknown>
): { child: ChildProcess; report: Promise<RushReport> } => {
  const child = fork(workerPath, [JSON.stringify(cfg)], {
    execArgv: [],
    stdio: ["ignore", "inherit", "inherit", "ipc"]
  })
  if (host !== undefined) serveStore(child, host)
  const report = new Promise<RushReport>((resolve, reject) => {
    child.on("message", (m: { type: string; report?: RushReport }) => {
      if (m.type === "report" && m.report !== undefined) resolve(m.report)
      else if (m.type !== "call") onMessage?.(m, child)
    })
    child.on("exit", (code, signal) =>
      reject(new Error(`rush worker ${cfg.worker} exited (${code ?? signal})`))
    )
  })
  return { child, report }
}

/** A namespace (schema or key prefix) with its cleanup. */
export const namespaceFor = (plan: Pick<RushPlan, "store" | "url">) => {
  const namespace = plan.store === "redis" ? `drops_rush_${uid()}:` : `drops_rush_${uid()}`
  const cleanup = async () => {
    if (plan.store === "postgres") {
      const pool = new pg.Pool({ connectionString: plan.url, max: 1 })
      await pool.query(`DROP SCHEMA IF EXISTS ${namespace} CASCADE`)
      await pool.end()
    } else if (plan.store === "redis") {
      const redis = new Redis(plan.url as string)
      await deletePrefix(redis, namespace)
      await redis.quit()
    }
  }
  return { namespace, cleanup }
}

/** The parent's own store runtime (PGlite is in-process, so the parent owns the database). */
export const parentRuntime = async (plan: Pick<RushPlan, "store" | "url">, namespace: string) => {
  if (plan.store === "pglite") {
    const layer = Layer.unwrap(
      Effect.acquireRelease(
        Effect.promise(() => PGlite.create("memory://")),
        (db) => Effect.promise(() => db.close())
      ).pipe(Effect.map((db) => layerPostgres({ client: pgliteClient(db), schema: namespace })))
    )
    return ManagedRuntime.make(layer as Layer.Layer<DropStore, unknown>)
  }
  return ManagedRuntime.make(
    storeLayer({ store: plan.store, namespace, ...(plan.url === undefined ? {} : { url: plan.url }) })
  )
}

export const snapshotAt = (
  runtime: ManagedRuntime.ManagedRuntime<DropStore, unknown>,
  dropId: string,
  at: number
): Promise<DropSnapshot> =>
  runtime.runPromise(
    Effect.gen(function* () {
      yield* TestClock.setTime(at)
      return yield* DropStore.use((s) => s.snapshot(dropId))
    }).pipe(Effect.provide(TestClock.layer()))
  )

export const runRush = async (plan: RushPlan): Promise<RushOutcome> => {
  const { namespace, cleanup } = namespaceFor(plan)
  const runtime = await parentRuntime(plan, namespace)
  try {
    const dropId = `rush-${uid()}`
    await runtime.runPromise(
      DropStore.use((s) => s.createDrop(rushDrop(dropId, plan.holdMs, plan.stock ?? 100)))
    )
    const base = {
      store: plan.store,
      namespace,
      dropId,
      seed: plan.seed,
      clients: plan.clients,
      opsPerClient: plan.opsPerClient,
      holdMs: plan.holdMs,
      ...(plan.url === undefined ? {} : { url: plan.url })
    }
    const started = Date.now()
    // watch availability during the rush: an oversell that later lapses would not show at the end
    let peakTaken = 0
    let watching = true
    const watcher = (async () => {
      while (watching) {
        const a = await runtime.runPromise(DropStore.use((s) => s.availability(dropId)))
        for (const i of a.items) peakTaken = Math.max(peakTaken, i.held + i.confirmed, i.stock - i.available)
        await new Promise((r) => setTimeout(r, 10))
      }
    })()
    // every store is raced from separate OS processes; the embedded ones are hosted by this one
    const host = embedded(plan.store) ? runtime : undefined
    const reports = await Promise.all(
      Array.from(
        { length: plan.processes },
        (_, worker) => forkWorker({ ...base, worker }, undefined, host).report
      )
    )
    const ms = Date.now() - started
    watching = false
    await watcher
    const negative = reports.reduce((n, r) => n + (r.counts["negativeAvailable"] ?? 0), 0)
    const peakOversold = Math.max(0, peakTaken - (plan.stock ?? 100)) + negative
    const end = rushFigures(await snapshotAt(runtime, dropId, Date.now()), reports)
    const now = { ...end, oversold: Math.max(end.oversold, peakOversold) }
    const afterExpiry = rushFigures(await snapshotAt(runtime, dropId, Date.now() + plan.holdMs + 1), reports)
    const claims = new Set(reports.flatMap((r) => r.claims.map((c) => c.holdId))).size
    const ops = reports.reduce((n, r) => n + r.ops, 0)
    return { now, afterExpiry, reports, claimsPerSec: (claims * 1000) / ms, opsPerSec: (ops * 1000) / ms, ms }
  } finally {
    await runtime.dispose()
    await cleanup()
  }
}
