// @microdrop/drops: each store beside the engine's own ceiling, measured in the same run.
// - memory: hold+confirm pairs/s through the DropStore service vs the bare rules (DropState) with
//   no Effect around them.
// - Redis: hold (one atomic claim) at concurrency 50 vs a bare Lua script that only decrements a
//   counter, same server, same client settings.
// - PostgreSQL: hold at concurrency 8 and 32 on one hot drop vs a bare conditional single-row
//   UPDATE (`... SET n = n - 1 WHERE id = $1 AND n > 0`) with one pooled connection per client.
// - rush: the rush harness (packages/drops/test/rush) with its invariant figures.
// Store rows are skipped, with a notice, when DATABASE_URL / REDIS_URL are not set.
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type Drop, DropStore, type HoldRequest, layerMemory } from "@microdrop/drops"
import { layerPostgres, pgPoolClient } from "@microdrop/drops/postgres"
import { layerRedis } from "@microdrop/drops/redis"
import { Effect, ManagedRuntime } from "effect"
import { Redis } from "ioredis"
import pg from "pg"
// the bare rules are engine internals (not public API): the baseline reads them from the source
import { DropState, fingerprint } from "../packages/drops/src/internal/engine.ts"
import { type Row, writeResults } from "./lib/suite.ts"

const rows: Array<Row> = []
// DROPS_BENCH=memory,redis to run some parts only (default: all)
const parts = (process.env["DROPS_BENCH"] ?? "memory,redis,postgres,rush").split(",")
const want = (part: string) => parts.includes(part)
const uid = () => globalThis.crypto.randomUUID().replaceAll("-", "").slice(0, 12)
const drop = (id: string): Drop => ({
  id,
  name: "Bench",
  items: [{ sku: "TAPE", stock: 2_000_000_000 }],
  windows: [{ name: "Always", opensAt: 0, closesAt: 8_000_000_000_000 }],
  limits: {},
  holdMs: 600_000,
  mode: "fcfs",
  lateConfirm: "reject"
})
const req = (dropId: string, i: number): HoldRequest => ({
  dropId,
  customerId: `c${i % 1000}`,
  lines: [{ sku: "TAPE", quantity: 1 }],
  idempotencyKey: `k${i}`
})

const p99 = (xs: Array<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  return Number((s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] ?? 0).toPrecision(3))
}

/** Runs `op` from `concurrency` loops for `ms` and returns ops/s and p99 latency. */
const closedLoop = async (concurrency: number, ms: number, op: (i: number) => Promise<unknown>) => {
  let next = 0
  const latencies: Array<number> = []
  const end = performance.now() + ms
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now()
        await op(next++)
        latencies.push(performance.now() - t)
      }
    })
  )
  const elapsed = performance.now() - started
  return { opsPerSec: Math.round((latencies.length * 1000) / elapsed), p99Ms: p99(latencies) }
}

/**
 * Measures cases in alternating rounds (the machine is shared, so load shifts over time) and
 * keeps each case's median round; p99 is over every latency of the case.
 */
const alternate = async (
  rounds: number,
  ms: number,
  ...cases: ReadonlyArray<{ readonly concurrency: number; readonly op: (i: number) => Promise<unknown> }>
) => {
  const runs: Array<Array<{ opsPerSec: number; p99Ms: number }>> = cases.map(() => [])
  for (let r = 0; r < rounds; r++)
    for (const [k, c] of cases.entries())
      (runs[k] as Array<{ opsPerSec: number; p99Ms: number }>).push(await closedLoop(c.concurrency, ms, c.op))
  const median = (xs: Array<{ opsPerSec: number; p99Ms: number }>) => {
    const sorted = [...xs].sort((x, y) => x.opsPerSec - y.opsPerSec)
    const mid = sorted[Math.floor(sorted.length / 2)] as { opsPerSec: number; p99Ms: number }
    return { opsPerSec: mid.opsPerSec, p99Ms: Math.max(...xs.map((x) => x.p99Ms)) }
  }
  return runs.map(median)
}
type Measured = { opsPerSec: number; p99Ms: number }

const push = (name: string, m: { opsPerSec: number; p99Ms?: number }, baseline?: string) => {
  const base = baseline === undefined ? undefined : rows.find((r) => r.name === baseline)
  rows.push({
    name,
    opsPerSec: m.opsPerSec,
    ...(m.p99Ms === undefined ? {} : { p99Ms: m.p99Ms }),
    ...(base === undefined
      ? {}
      : { baseline: base.name, ratio: Number((m.opsPerSec / base.opsPerSec).toFixed(3)) })
  })
  console.log(rows[rows.length - 1])
}

// --- memory ---------------------------------------------------------------------------------
// A drop's confirmed pairs are bounded by its stock, so each round is a fresh drop of 10,000
// units sold out by 10,000 hold+confirm pairs. The last row is one drop of 2 billion units taking
// 120,000 pairs, to show the cost of a store that keeps every key and hold of a huge drop.
if (want("memory")) {
  const UNITS = 10_000
  const ROUNDS = 20
  const pairsBare = (dropId: string, count: number, state: DropState) => {
    for (let n = 0; n < count; n++) {
      const request = req(dropId, n)
      const h = state.hold(request, fingerprint("hold", request), 1, () => `H${n}`)
      if (!h.ok) throw new Error("bench hold failed")
      const a = { dropId, holdId: h.hold.id, idempotencyKey: `c${n}` }
      state.confirm(a, fingerprint("confirm", a), 1)
    }
  }
  const timeIt = (f: () => void, pairs: number) => {
    const t = performance.now()
    f()
    return { opsPerSec: Math.round((pairs * 1000) / (performance.now() - t)) }
  }
  const small = (id: string): Drop => ({ ...drop(id), items: [{ sku: "TAPE", stock: UNITS }] })
  pairsBare("warm", UNITS, new DropState(small("warm"), false))
  push(
    "memory: bare rules (DropState) hold+confirm pairs, 10k-unit drops",
    timeIt(() => {
      for (let r = 0; r < ROUNDS; r++) pairsBare(`b${r}`, UNITS, new DropState(small(`b${r}`), false))
    }, ROUNDS * UNITS)
  )

  const runtime = ManagedRuntime.make(layerMemory())
  const store = await runtime.runPromise(DropStore.useSync((s) => s))
  const sellOut = (d: Drop, count: number) =>
    Effect.gen(function* () {
      yield* store.createDrop(d)
      for (let m = 0; m < count; m++) {
        const h = yield* store.hold(req(d.id, m))
        yield* store.confirm({ dropId: d.id, holdId: h.id, idempotencyKey: `c${m}` })
      }
    })
  runtime.runSync(sellOut(small(`warm-${uid()}`), UNITS))
  push(
    "memory: DropStore hold+confirm pairs (Effect API, one core), 10k-unit drops",
    timeIt(() => {
      for (let r = 0; r < ROUNDS; r++) runtime.runSync(sellOut(small(`s${r}-${uid()}`), UNITS))
    }, ROUNDS * UNITS),
    "memory: bare rules (DropState) hold+confirm pairs, 10k-unit drops"
  )
  push(
    "memory: DropStore hold+confirm pairs, one drop taking 120k pairs",
    timeIt(() => runtime.runSync(sellOut(drop(`big-${uid()}`), 120_000)), 120_000),
    "memory: bare rules (DropState) hold+confirm pairs, 10k-unit drops"
  )
  await runtime.dispose()
}

// --- Redis ----------------------------------------------------------------------------------
const redisUrl = process.env["REDIS_URL"]
if (!want("redis")) {
} else if (redisUrl === undefined) console.warn("*** REDIS_URL not set: Redis rows skipped ***")
else {
  const prefix = `bench_drops_${uid()}:`
  const redis = new Redis(redisUrl)
  const DECR =
    "local v = redis.call('DECR', KEYS[1]) if v < 0 then redis.call('INCR', KEYS[1]) return -1 end return v"
  const sha = (await redis.script("LOAD", DECR)) as string
  await redis.set(`${prefix}counter`, 2_000_000_000)
  const runtime = ManagedRuntime.make(layerRedis({ client: redis, prefix }))
  const store = await runtime.runPromise(DropStore.useSync((s) => s))
  // the same store with a subscriber connection: the script also PUBLISHes each batch, which this
  // instance's own subscriber hears (and skips) as every other instance's would
  const subscriber = redis.duplicate()
  const relayed = ManagedRuntime.make(layerRedis({ client: redis, subscriber, prefix }))
  const relayedStore = await relayed.runPromise(DropStore.useSync((s) => s))
  try {
    const d = drop(`redis-${uid()}`)
    const dSub = drop(`redis-sub-${uid()}`)
    await runtime.runPromise(store.createDrop(d))
    await relayed.runPromise(relayedStore.createDrop(dSub))
    const [bare, ours, withSubscriber] = (await alternate(
      5,
      1000,
      { concurrency: 50, op: () => redis.evalsha(sha, 1, `${prefix}counter`) },
      { concurrency: 50, op: (i) => runtime.runPromise(store.hold(req(d.id, i))) },
      { concurrency: 50, op: (i) => relayed.runPromise(relayedStore.hold(req(dSub.id, i))) }
    )) as [Measured, Measured, Measured]
    push("redis c=50: bare Lua decrement", bare)
    push("redis c=50: DropStore hold (claim)", ours, "redis c=50: bare Lua decrement")
    push(
      "redis c=50: DropStore hold with a subscriber (events published in the script)",
      withSubscriber,
      "redis c=50: bare Lua decrement"
    )
  } finally {
    await relayed.dispose()
    await subscriber.quit()
    await runtime.dispose()
    let cursor = "0"
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000)
      if (keys.length > 0) await redis.del(...keys)
      cursor = next
    } while (cursor !== "0")
    await redis.quit()
  }
}

// --- PostgreSQL -----------------------------------------------------------------------------
const dbUrl = process.env["DATABASE_URL"]
if (!want("postgres")) {
} else if (dbUrl === undefined) console.warn("*** DATABASE_URL not set: PostgreSQL rows skipped ***")
else {
  const schema = `bench_drops_${uid()}`
  const admin = new pg.Pool({ connectionString: dbUrl, max: 1 })
  await admin.query(`CREATE SCHEMA ${schema}`)
  await admin.query(`CREATE TABLE ${schema}.stock (id int PRIMARY KEY, n int NOT NULL)`)
  await admin.query(`INSERT INTO ${schema}.stock VALUES (1, 2000000000)`)
  /** One case: the bare UPDATE and the store's holds at concurrency `c`, alternating rounds. */
  const pgCase = async (
    c: number,
    label: string,
    ourName: string,
    history?: (dropId: string) => Promise<void>,
    withListener = false
  ) => {
    const barePool = new pg.Pool({ connectionString: dbUrl, max: c })
    const pool = new pg.Pool({ connectionString: dbUrl, max: 4 })
    // with a listener, each batch's write statement also calls pg_notify with its events
    const listener = withListener ? new pg.Client({ connectionString: dbUrl }) : undefined
    await listener?.connect()
    const runtime = ManagedRuntime.make(
      layerPostgres({ client: pgPoolClient(pool), schema, ...(listener === undefined ? {} : { listener }) })
    )
    try {
      const store = await runtime.runPromise(DropStore.useSync((s) => s))
      const d = drop(`pg-${uid()}`)
      await runtime.runPromise(store.createDrop(d))
      await history?.(d.id)
      let k = 0
      const [bare, ours] = (await alternate(
        5,
        1000,
        {
          concurrency: c,
          op: () => barePool.query(`UPDATE ${schema}.stock SET n = n - 1 WHERE id = $1 AND n > 0`, [1])
        },
        { concurrency: c, op: () => runtime.runPromise(store.hold(req(d.id, k++))) }
      )) as [Measured, Measured]
      const baseName = `postgres c=${c}: bare conditional UPDATE (one row, pool ${c})${label}`
      push(baseName, bare)
      push(ourName, ours, baseName)
    } finally {
      await runtime.dispose()
      await listener?.end()
      await pool.end()
      await barePool.end()
    }
  }
  try {
    for (const c of [8, 32]) await pgCase(c, "", `postgres c=${c}: DropStore hold (claim), one hot drop`)
    await pgCase(
      32,
      ", listener run",
      "postgres c=32: DropStore hold with a listener (pg_notify in the write), one hot drop",
      undefined,
      true
    )
    // A drop with a long history: 200,000 earlier holds and keys, 1,000 customers. A claim's cost
    // must not grow with what the drop already sold (every lookup is a primary-key probe).
    const past = 200_000
    await pgCase(
      32,
      ", history run",
      `postgres c=32: DropStore hold on a drop with ${past.toLocaleString("en")} earlier holds`,
      async (dropId) => {
        const t = Date.now()
        await admin.query(
          `INSERT INTO ${schema}.drop_holds (drop_id, id, customer_id, lines, status, created_at, expires_at)
           SELECT $1, 'past' || g, 'c' || (g % 1000), '[{"sku":"TAPE","quantity":1}]', 'held', $2::bigint, $2::bigint + 600000
             FROM generate_series(1, $3::int) g`,
          [dropId, t, past]
        )
        await admin.query(
          `INSERT INTO ${schema}.drop_keys (drop_id, key, fingerprint, result)
           SELECT $1, 'past' || g, 'hold|x', '{}' FROM generate_series(1, $2::int) g`,
          [dropId, past]
        )
        await admin.query(
          `INSERT INTO ${schema}.drop_customers (drop_id, customer_id, units)
           SELECT $1, 'c' || g, 200 FROM generate_series(0, 999) g`,
          [dropId]
        )
        await admin.query(`UPDATE ${schema}.drop_items SET held = $2 WHERE drop_id = $1`, [dropId, past])
      }
    )
    const at8 = rows.find((r) => r.name === "postgres c=8: DropStore hold (claim), one hot drop")
    const at32 = rows.find((r) => r.name === "postgres c=32: DropStore hold (claim), one hot drop")
    if (at8 && at32)
      push(
        "postgres: DropStore c=32 throughput relative to c=8",
        { opsPerSec: at32.opsPerSec },
        "postgres c=8: DropStore hold (claim), one hot drop"
      )
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.end()
  }
}

// --- rush -----------------------------------------------------------------------------------
if (want("rush")) {
  const out = join(mkdtempSync(join(tmpdir(), "drops-rush-")), "rush.json")
  execFileSync(
    process.execPath,
    [join(import.meta.dirname, "..", "packages", "drops", "test", "rush", "run.ts"), "--json", out],
    { stdio: ["ignore", "ignore", "inherit"], env: process.env }
  )
  const rush = JSON.parse(readFileSync(out, "utf8")) as Array<{
    store: string
    processes: number
    clients: number
    opsPerSec: number
    oversold: number
    leaked: number
    lostClaims: number
    doubleClaimKeys: number
    retriesInFlight: number
    confirmed: number
  }>
  for (const r of rush)
    push(
      `rush ${r.store} (${r.processes} procs, ${r.clients} clients; ops/s incl. retries): oversold=${r.oversold} leaked=${r.leaked} lostClaims=${r.lostClaims} doubleClaimKeys=${r.doubleClaimKeys} confirmed=${r.confirmed}/100 inFlightRetries=${r.retriesInFlight}`,
      { opsPerSec: r.opsPerSec }
    )
}

if (parts.length === 4) writeResults("drops", rows)
else console.table(rows)
