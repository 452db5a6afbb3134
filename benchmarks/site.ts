// apps/event-site against the running app (its built dist/main.js) on loopback: 200 concurrent
// buyers, each with its own session, for a 50-unit drop through the JSON API (hold = place an
// order, then pay, each pay sent twice at once as a double submit). Checked after the run: units
// confirmed ≤ stock (0 oversold) and at most one succeeded charge per order (0 double charges).
// Beside each: the same holds and confirms made directly on @microdrop/drops on the same engine
// (the app's overhead = HTTP, sessions, quote, order rows, payment, tickets).
// On PGlite always; on PostgreSQL + Redis when DATABASE_URL and REDIS_URL are set.
import { type ChildProcess, spawn } from "node:child_process"
import { randomUUID } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { PGlite } from "@electric-sql/pglite"
import { layerPostgres, pgliteClient } from "@microdrop/drops/postgres"
import { makeDropClient } from "@microdrop/drops/promise"
import { layerRedis } from "@microdrop/drops/redis"
import { Redis } from "ioredis"
import pg from "pg"
import { type Row, writeResults } from "./lib/suite.ts"

const BUYERS = 200
const STOCK = 50
/** Which engines to run (`pglite`, `postgres`), comma-separated; both by default. */
const engines = (process.env["SITE_BENCH_ENGINES"] ?? "pglite,postgres").split(",")
/** Extra Node flags for the app processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile them. */
const appNodeArgs = (process.env["SITE_BENCH_NODE_ARGS"] ?? "").split(" ").filter((a) => a !== "")
/** The app's entry: the built site, or another build to compare with (`SITE_BENCH_MAIN`). */
const main =
  process.env["SITE_BENCH_MAIN"] ?? join(import.meta.dirname, "..", "apps", "event-site", "dist", "main.js")

const pct = (xs: ReadonlyArray<number>, p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return Number((s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? 0).toFixed(1))
}

const startApp = (env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...appNodeArgs, main], {
      // Only the engines this run names: DATABASE_URL / REDIS_URL of the shell do not leak into the PGlite run.
      env: {
        ...Object.fromEntries(
          Object.entries(process.env).filter(([k]) => k !== "DATABASE_URL" && k !== "REDIS_URL")
        ),
        PORT: "0",
        HOST: "127.0.0.1",
        DEMO_STOCK: `BUNDLE=${STOCK}`,
        ...env
      },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let out = ""
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const port = /http:\/\/localhost:(\d+)/.exec(out)?.[1]
      if (port !== undefined) resolve({ url: `http://127.0.0.1:${port}`, child })
    }
    child.stdout?.on("data", onData)
    child.stderr?.on("data", (chunk: Buffer) => {
      out += chunk.toString()
      process.stderr.write(`event-site: ${chunk}`)
    })
    child.once("exit", (code) =>
      reject(new TypeError(`event-site exited (${code}) before listening:\n${out}`))
    )
  })

const stopApp = async (child: ChildProcess) => {
  if (child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once("exit", resolve))
  child.kill("SIGTERM")
  await exited
}

interface RunResult {
  readonly holdMs: number[]
  readonly payMs: number[]
  readonly wallMs: number
  readonly held: number
  readonly paid: number
  readonly orders: string[]
}

/** 200 buyers: a session each, an order for one unit, then two pays at once. */
const rush = async (url: string): Promise<RunResult> => {
  const holdMs: number[] = []
  const payMs: number[] = []
  const orders: string[] = []
  let held = 0
  let paid = 0
  const sessions = await Promise.all(
    Array.from({ length: BUYERS }, async () => {
      const r = await fetch(`${url}/`)
      await r.arrayBuffer()
      return (r.headers.get("set-cookie") ?? "").split(";")[0] ?? ""
    })
  )
  const started = performance.now()
  await Promise.all(
    sessions.map(async (cookie) => {
      const headers = { cookie, origin: url, "content-type": "application/json" }
      const submission = randomUUID()
      let t = performance.now()
      const placed = await fetch(`${url}/api/events/night-tapes/orders`, {
        method: "POST",
        headers,
        body: JSON.stringify({ submission, lines: [{ sku: "BUNDLE", quantity: 1 }] })
      })
      await placed.arrayBuffer()
      holdMs.push(performance.now() - t)
      if (placed.status !== 201) return
      held++
      orders.push(submission)
      t = performance.now()
      const pay = () =>
        fetch(`${url}/api/orders/${submission}/pay`, {
          method: "POST",
          headers,
          body: JSON.stringify({ cardNumber: "4242424242424242" })
        }).then((r) => r.json() as Promise<{ status?: string }>)
      const [first, second] = await Promise.all([pay(), pay()])
      payMs.push(performance.now() - t)
      if (first.status === "paid" || second.status === "paid") paid++
    })
  )
  return { holdMs, payMs, wallMs: performance.now() - started, held, paid, orders }
}

/** The same holds and confirms directly on the drops package (200 customers, 50 units). */
const direct = async (client: ReturnType<typeof makeDropClient>) => {
  const dropId = `bench-${randomUUID().slice(0, 8)}`
  await client.createDrop({
    id: dropId,
    name: "Bench",
    items: [{ sku: "BUNDLE", stock: STOCK }],
    windows: [{ name: "Open", opensAt: 0, closesAt: 8_000_000_000_000 }],
    limits: { perOrder: 2, perCustomer: 2 },
    holdMs: 600_000,
    mode: "fcfs",
    lateConfirm: "reject"
  })
  const holdMs: number[] = []
  const confirmMs: number[] = []
  const started = performance.now()
  await Promise.all(
    Array.from({ length: BUYERS }, async (_, i) => {
      let t = performance.now()
      const hold = await client
        .hold({
          dropId,
          customerId: `c${i}`,
          lines: [{ sku: "BUNDLE", quantity: 1 }],
          idempotencyKey: `k${i}`
        })
        .catch(() => undefined)
      holdMs.push(performance.now() - t)
      if (hold === undefined) return
      t = performance.now()
      await client.confirm({ dropId, holdId: hold.id, idempotencyKey: `k${i}-paid` })
      confirmMs.push(performance.now() - t)
    })
  )
  const wallMs = performance.now() - started
  const a = await client.availability(dropId)
  return { holdMs, confirmMs, wallMs, confirmed: a.items[0]?.confirmed ?? 0 }
}

const rows: Array<Row & Record<string, unknown>> = []
const report = (
  engine: string,
  app: RunResult,
  base: Awaited<ReturnType<typeof direct>>,
  extra: {
    confirmed: number
    doubleCharges: number
  }
) => {
  const summary = {
    engine,
    buyers: BUYERS,
    stock: STOCK,
    held: app.held,
    paid: app.paid,
    confirmedUnits: extra.confirmed,
    oversold: Math.max(0, extra.confirmed - STOCK),
    doubleCharges: extra.doubleCharges,
    holdP50: pct(app.holdMs, 0.5),
    holdP99: pct(app.holdMs, 0.99),
    payP50: pct(app.payMs, 0.5),
    payP99: pct(app.payMs, 0.99),
    packageHoldP50: pct(base.holdMs, 0.5),
    packageHoldP99: pct(base.holdMs, 0.99),
    packageConfirmP50: pct(base.confirmMs, 0.5),
    packageConfirmP99: pct(base.confirmMs, 0.99)
  }
  console.log(summary)
  const baseHold = `${engine}: hold on @microdrop/drops directly (${BUYERS} customers)`
  const baseConfirm = `${engine}: confirm on @microdrop/drops directly`
  const holdOps = (BUYERS / base.wallMs) * 1000
  rows.push({
    name: baseHold,
    opsPerSec: Math.round(holdOps),
    p99Ms: summary.packageHoldP99,
    p50Ms: summary.packageHoldP50
  })
  rows.push({
    name: baseConfirm,
    opsPerSec: Math.round(holdOps),
    p99Ms: summary.packageConfirmP99,
    p50Ms: summary.packageConfirmP50
  })
  const appOps = (BUYERS / app.wallMs) * 1000
  rows.push({
    name: `${engine}: order (quote + hold) via the site's HTTP API, ${BUYERS} buyers for ${STOCK} units`,
    opsPerSec: Math.round(appOps),
    p99Ms: summary.holdP99,
    p50Ms: summary.holdP50,
    baseline: baseHold,
    ratio: Number((summary.packageHoldP99 / Math.max(summary.holdP99, 0.001)).toFixed(3)),
    oversold: summary.oversold
  })
  rows.push({
    name: `${engine}: pay (sent twice at once) via the site's HTTP API`,
    opsPerSec: Math.round(appOps),
    p99Ms: summary.payP99,
    p50Ms: summary.payP50,
    baseline: baseConfirm,
    ratio: Number((summary.packageConfirmP99 / Math.max(summary.payP99, 0.001)).toFixed(3)),
    doubleCharges: summary.doubleCharges
  })
}

const countCharges = async (
  query: (sql: string) => Promise<ReadonlyArray<Record<string, unknown>>>,
  schema: string,
  orders: ReadonlyArray<string>
) => {
  const rowsBy = await query(
    `SELECT split_part(idempotency_key, ':', 1) AS o, count(*)::int AS n FROM "${schema}".sandbox_charges WHERE status = 'succeeded' GROUP BY 1`
  )
  const wanted = new Set(orders)
  return rowsBy.filter((r) => wanted.has(String(r["o"])) && Number(r["n"]) > 1).length
}

// PGlite (embedded, the default)
if (engines.includes("pglite")) {
  const dir = mkdtempSync(join(tmpdir(), "bench-site-"))
  try {
    const app = await startApp({ DATA_DIR: dir })
    const result = await rush(app.url).finally(() => stopApp(app.child))
    const db = await PGlite.create(join(dir, "pglite"))
    const confirmed = Number(
      (
        (await db.query(`SELECT count(*)::int AS n FROM event_site.orders WHERE status = 'paid'`))
          .rows[0] as { n: number }
      ).n
    )
    const doubleCharges = await countCharges(
      async (q) => (await db.query(q)).rows as Array<Record<string, unknown>>,
      "event_site",
      result.orders
    )
    await db.close()
    const baseDir = mkdtempSync(join(tmpdir(), "bench-drops-"))
    const baseDb = await PGlite.create(join(baseDir, "pglite"))
    const client = makeDropClient(layerPostgres({ client: pgliteClient(baseDb) }))
    const base = await direct(client).finally(async () => {
      await client.dispose()
      await baseDb.close()
      rmSync(baseDir, { recursive: true, force: true })
    })
    report("PGlite", result, base, { confirmed, doubleCharges })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

// PostgreSQL + Redis (two engines a team runs), when available
const databaseUrl = process.env["DATABASE_URL"]
const redisUrl = process.env["REDIS_URL"]
if (!engines.includes("postgres")) {
  // not asked for
} else if (databaseUrl !== undefined && redisUrl !== undefined) {
  const tag = randomUUID().replaceAll("-", "").slice(0, 10)
  const schema = `bench_${tag}`
  const prefix = `bench-site:${tag}:`
  const pool = new pg.Pool({ connectionString: databaseUrl })
  const redis = new Redis(redisUrl)
  try {
    const app = await startApp({
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: schema,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix
    })
    const result = await rush(app.url).finally(() => stopApp(app.child))
    const confirmed = Number(
      (await pool.query(`SELECT count(*)::int AS n FROM "${schema}".orders WHERE status = 'paid'`)).rows[0].n
    )
    const doubleCharges = await countCharges(async (q) => (await pool.query(q)).rows, schema, result.orders)
    const client = makeDropClient(layerRedis({ client: redis, prefix: `${prefix}direct:` }))
    const base = await direct(client).finally(() => client.dispose())
    report("PostgreSQL + Redis", result, base, { confirmed, doubleCharges })
  } finally {
    for (const s of [schema, `${schema}_drops`, `${schema}_codes`])
      await pool.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`)
    const keys = await redis.keys(`${prefix}*`)
    if (keys.length > 0) await redis.del(...keys)
    redis.disconnect()
    await pool.end()
  }
} else {
  console.warn("site: DATABASE_URL / REDIS_URL not set; the PostgreSQL + Redis rows are skipped")
}

writeResults("site", rows)
