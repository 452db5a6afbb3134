// apps/event-site against the running app (its built dist/main.js) on loopback: 200 concurrent
// buyers, each with its own session, for a 50-unit drop through the JSON API (hold = place an
// order, then pay, each pay sent twice at once as a double submit). Checked after the run: units
// confirmed ≤ stock (0 oversold) and at most one succeeded charge per order (0 double charges).
// Beside each: the same holds and confirms made directly on @microdrop/drops on the same engine
// (the app's overhead = HTTP, sessions, quote, order rows, payment, tickets). On PostgreSQL +
// Redis the rush runs twice: on one app instance, then on two sharing the database and Redis
// (buyers split round-robin, each staying on its instance); the CPU figure sums both processes.
// Then 500 open drop pages (SSE connections to the live stock stream, not browsers; on PostgreSQL +
// Redis split over two app instances): for each of 20 sales (a hold through the API), the time from
// sending it to the last page hearing the new stock, beside 500 subscribers of @microdrop/drops'
// own event stream on the same engine hearing a hold made directly on the package.
// On PGlite always; on PostgreSQL + Redis when DATABASE_URL and REDIS_URL are set. Bounded: every
// wait has a timeout, and every process and connection is ended, also on failure.
// Options (env): SITE_BENCH_ENGINES=pglite,postgres; SITE_BENCH_PARTS=rush,pages;
// SITE_BENCH_NODE_ARGS (flags for the app processes, e.g. --cpu-prof); SITE_BENCH_MAIN (another build).
import { type ChildProcess, spawn } from "node:child_process"
import { randomUUID } from "node:crypto"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { type ClientRequest, request } from "node:http"
import { loadavg, tmpdir } from "node:os"
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
const PAGES = 500
const SALES = 20
/** Longest wait for one sale to reach every page. */
const SALE_TIMEOUT_MS = 15_000
/** Which engines to run (`pglite`, `postgres`), comma-separated; both by default. */
const engines = (process.env["SITE_BENCH_ENGINES"] ?? "pglite,postgres").split(",")
/** Which parts to run (`rush`, `pages`), comma-separated; both by default (`rush` alone for profiling). */
const parts = (process.env["SITE_BENCH_PARTS"] ?? "rush,pages").split(",")
/** Extra Node flags for the app processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile them. */
const appNodeArgs = (process.env["SITE_BENCH_NODE_ARGS"] ?? "").split(" ").filter((a) => a !== "")
/** The app's entry: the built site, or another build to compare with (`SITE_BENCH_MAIN`). */
const main =
  process.env["SITE_BENCH_MAIN"] ?? join(import.meta.dirname, "..", "apps", "event-site", "dist", "main.js")

const pct = (xs: ReadonlyArray<number>, p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return Number((s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? 0).toFixed(1))
}

/** Every app process started, ended by the watchdog if the run outlives its bound. */
const appProcesses = new Set<ChildProcess>()
const watchdog = setTimeout(() => {
  console.error("site: the benchmark ran past 20 minutes; ending its app processes")
  for (const child of appProcesses) child.kill("SIGKILL")
  process.exit(1)
}, 20 * 60_000)
watchdog.unref()

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
    appProcesses.add(child)
    child.once("exit", () => appProcesses.delete(child))
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
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once("exit", resolve))
  child.kill("SIGTERM")
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000)
  await exited
  clearTimeout(timer)
}

/**
 * `fetch`, sent once more when the connection fails before an answer (a keep-alive connection the
 * server closed as the request went out: ECONNRESET under load). Every request here is safe to
 * resend: orders are keyed by their submission id and pays never charge twice.
 */
const send = (url: string, init?: RequestInit): Promise<Response> =>
  fetch(url, init).catch(() => fetch(url, init))

interface RunResult {
  readonly holdMs: number[]
  readonly payMs: number[]
  readonly wallMs: number
  readonly held: number
  readonly paid: number
  readonly orders: string[]
  /** CPU time the app process used during the rush (user + system), when /proc tells it. */
  readonly appCpuMs: number | undefined
}

/** CPU time (ms) a process has used so far, from /proc (Linux; 100 ticks a second), or undefined. */
const cpuMsOf = (pid: number | undefined): number | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return undefined
  }
}

/**
 * 200 buyers: a session each, an order for one unit, then two pays at once. With several
 * instances the buyers are split round-robin (a buyer stays on its instance, as behind a sticky
 * load balancer).
 */
const rush = async (
  urls: ReadonlyArray<string>,
  pids: ReadonlyArray<number | undefined>
): Promise<RunResult> => {
  const holdMs: number[] = []
  const payMs: number[] = []
  const orders: string[] = []
  let held = 0
  let paid = 0
  const sessions = await Promise.all(
    Array.from({ length: BUYERS }, async (_, i) => {
      const url = urls[i % urls.length] as string
      const r = await send(`${url}/`)
      await r.arrayBuffer()
      return { url, cookie: (r.headers.get("set-cookie") ?? "").split(";")[0] ?? "" }
    })
  )
  const cpuNow = () => {
    const each = pids.map(cpuMsOf)
    return each.some((ms) => ms === undefined) ? undefined : each.reduce<number>((a, ms) => a + (ms ?? 0), 0)
  }
  const started = performance.now()
  const cpuBefore = cpuNow()
  await Promise.all(
    sessions.map(async ({ url, cookie }) => {
      const headers = { cookie, origin: url, "content-type": "application/json" }
      const submission = randomUUID()
      let t = performance.now()
      const placed = await send(`${url}/api/events/night-tapes/orders`, {
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
        send(`${url}/api/orders/${submission}/pay`, {
          method: "POST",
          headers,
          body: JSON.stringify({ cardNumber: "4242424242424242" })
        }).then((r) => r.json() as Promise<{ status?: string }>)
      const [first, second] = await Promise.all([pay(), pay()])
      payMs.push(performance.now() - t)
      if (first.status === "paid" || second.status === "paid") paid++
    })
  )
  const cpuAfter = cpuNow()
  const appCpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore
  return { holdMs, payMs, wallMs: performance.now() - started, held, paid, orders, appCpuMs }
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
  instances: number,
  app: RunResult,
  base: Awaited<ReturnType<typeof direct>>,
  extra: {
    confirmed: number
    doubleCharges: number
  }
) => {
  const summary = {
    engine,
    instances,
    loadAverage: loadavg().map((l) => Number(l.toFixed(1))),
    rushWallMs: Math.round(app.wallMs),
    appCpuMsPerBuyer: app.appCpuMs === undefined ? undefined : Number((app.appCpuMs / BUYERS).toFixed(1)),
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
  const over = instances === 1 ? "" : ` over ${instances} instances`
  if (!rows.some((r) => r.name === baseHold)) {
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
  }
  const appOps = (BUYERS / app.wallMs) * 1000
  rows.push({
    name: `${engine}: order (quote + hold) via the site's HTTP API, ${BUYERS} buyers for ${STOCK} units${over}`,
    opsPerSec: Math.round(appOps),
    p99Ms: summary.holdP99,
    p50Ms: summary.holdP50,
    baseline: baseHold,
    ratio: Number((summary.packageHoldP99 / Math.max(summary.holdP99, 0.001)).toFixed(3)),
    oversold: summary.oversold,
    appCpuMsPerBuyer: summary.appCpuMsPerBuyer,
    loadAverage: summary.loadAverage
  })
  rows.push({
    name: `${engine}: pay (sent twice at once) via the site's HTTP API${over}`,
    opsPerSec: Math.round(appOps),
    p99Ms: summary.payP99,
    p50Ms: summary.payP50,
    baseline: baseConfirm,
    ratio: Number((summary.packageConfirmP99 / Math.max(summary.payP99, 0.001)).toFixed(3)),
    doubleCharges: summary.doubleCharges
  })
}

/** Rejects after `ms` unless `promise` settles first; the timer never keeps the process alive. */
const within = <A>(promise: Promise<A>, ms: number, what: string): Promise<A> =>
  new Promise<A>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TypeError(`${what}: no answer within ${ms} ms`)), ms)
    timer.unref()
    promise.then(resolve, reject).finally(() => clearTimeout(timer))
  })

/**
 * Waits for stock figures of the bundle to reach every listener: `expect(target)` arms a wait,
 * `heard(listener, available)` is called by each listener, and the wait resolves with the instant
 * the last listener heard a figure at or below the target.
 */
const fanOut = (listeners: number) => {
  let target: number | undefined
  let heardBy = new Set<number>()
  let done: ((at: number) => void) | undefined
  return {
    heard: (listener: number, available: number) => {
      if (target === undefined || available > target || heardBy.has(listener)) return
      heardBy.add(listener)
      if (heardBy.size === listeners) done?.(performance.now())
    },
    expect: (next: number): Promise<number> => {
      target = next
      heardBy = new Set()
      return new Promise((resolve) => {
        done = resolve
      })
    }
  }
}

/** Sends `SALES` sales one after another and measures each from its start to the last listener hearing it. */
const timeSales = async (
  listeners: ReturnType<typeof fanOut>,
  available: number,
  sell: (i: number) => Promise<void>
) => {
  const ms: number[] = []
  const started = performance.now()
  for (let i = 0; i < SALES; i++) {
    const heard = listeners.expect(available - i - 1)
    const t = performance.now()
    await sell(i)
    ms.push((await within(heard, SALE_TIMEOUT_MS, `sale ${i} reaching every page`)) - t)
  }
  return { ms, wallMs: performance.now() - started }
}

/**
 * Opens `PAGES` drop pages' live stock streams (SSE), spread over the instances, and resolves
 * once each has heard the bundle's stock. `close` ends every connection.
 */
const openPages = async (urls: ReadonlyArray<string>, listeners: ReturnType<typeof fanOut>) => {
  const connections: ClientRequest[] = []
  const close = () => {
    for (const c of connections) c.destroy()
  }
  let initial = -1
  const opened = Array.from(
    { length: PAGES },
    (_, page) =>
      new Promise<void>((resolve, reject) => {
        const req = request(
          `${urls[page % urls.length]}/events/night-tapes/stock`,
          { agent: false, headers: { accept: "text/event-stream" } },
          (res) => {
            res.setEncoding("utf8")
            let buffer = ""
            res.on("data", (chunk: string) => {
              buffer += chunk
              for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
                const block = buffer.slice(0, end)
                buffer = buffer.slice(end + 2)
                if (!block.startsWith("event: stock\n")) continue
                const data = JSON.parse(block.slice(block.indexOf("data: ") + 6)) as {
                  sku: string
                  available: number
                }
                if (data.sku !== "BUNDLE") continue
                initial = Math.max(initial, data.available)
                listeners.heard(page, data.available)
                resolve()
              }
            })
            res.on("error", () => undefined)
          }
        )
        req.on("error", reject)
        req.end()
        connections.push(req)
      })
  )
  await within(Promise.all(opened), 60_000, `${PAGES} pages opening`).catch((error: unknown) => {
    close()
    throw error
  })
  return { close, initial }
}

/** A new buyer session on an instance: its cookie. */
const newSession = async (url: string) => {
  const r = await send(`${url}/api/events/night-tapes`)
  await r.arrayBuffer()
  return (r.headers.get("set-cookie") ?? "").split(";")[0] ?? ""
}

/** 500 open pages over the instances; each sale is a hold through the API, on the instances in turn. */
const pagesHearSales = async (urls: ReadonlyArray<string>) => {
  const listeners = fanOut(PAGES)
  const pages = await openPages(urls, listeners)
  try {
    const cookies = await Promise.all(
      Array.from({ length: SALES }, (_, i) => newSession(urls[i % urls.length] as string))
    )
    return await timeSales(listeners, pages.initial, async (i) => {
      const url = urls[i % urls.length] as string
      const r = await send(`${url}/api/events/night-tapes/orders`, {
        method: "POST",
        headers: { cookie: cookies[i] ?? "", origin: url, "content-type": "application/json" },
        body: JSON.stringify({ submission: randomUUID(), lines: [{ sku: "BUNDLE", quantity: 1 }] })
      })
      await r.arrayBuffer()
      if (r.status !== 201) throw new TypeError(`sale ${i} was refused (${r.status})`)
    })
  } finally {
    pages.close()
  }
}

/** The package's own fan-out: 500 subscribers of the drop's events, holds made directly. */
const subscribersHearHolds = async (client: ReturnType<typeof makeDropClient>) => {
  const dropId = `fanout-${randomUUID().slice(0, 8)}`
  const stock = 1000
  await client.createDrop({
    id: dropId,
    name: "Fan-out",
    items: [{ sku: "BUNDLE", stock }],
    windows: [{ name: "Open", opensAt: 0, closesAt: 8_000_000_000_000 }],
    limits: { perOrder: 2, perCustomer: 2 },
    holdMs: 600_000,
    mode: "fcfs",
    lateConfirm: "reject"
  })
  const listeners = fanOut(PAGES)
  const subscriptions = await Promise.all(Array.from({ length: PAGES }, () => client.events(dropId)))
  try {
    for (const [i, it] of subscriptions.entries())
      void (async () => {
        for await (const e of it)
          if (e._tag === "StockChanged" && e.sku === "BUNDLE") listeners.heard(i, e.available)
      })().catch(() => undefined)
    return await timeSales(listeners, stock, async (i) => {
      await client.hold({
        dropId,
        customerId: `fan-${i}`,
        lines: [{ sku: "BUNDLE", quantity: 1 }],
        idempotencyKey: `fan-${i}`
      })
    })
  } finally {
    for (const it of subscriptions) await it.return?.()
  }
}

const reportFanOut = (
  engine: string,
  instances: number,
  app: Awaited<ReturnType<typeof pagesHearSales>>,
  base: Awaited<ReturnType<typeof subscribersHearHolds>>
) => {
  const baseName = `${engine}: a hold heard by ${PAGES} subscribers of @microdrop/drops' events directly`
  console.log({
    engine,
    pages: PAGES,
    instances,
    sales: SALES,
    loadAverage: loadavg().map((l) => Number(l.toFixed(1))),
    saleToLastPageP50: pct(app.ms, 0.5),
    saleToLastPageP99: pct(app.ms, 0.99),
    packageHoldToLastSubscriberP50: pct(base.ms, 0.5),
    packageHoldToLastSubscriberP99: pct(base.ms, 0.99)
  })
  rows.push({
    name: baseName,
    opsPerSec: Math.round((SALES / base.wallMs) * 1000),
    p99Ms: pct(base.ms, 0.99),
    p50Ms: pct(base.ms, 0.5)
  })
  rows.push({
    name: `${engine}: a sale heard by the last of ${PAGES} open drop pages (SSE) over ${instances} instance${instances === 1 ? "" : "s"}`,
    opsPerSec: Math.round((SALES / app.wallMs) * 1000),
    p99Ms: pct(app.ms, 0.99),
    p50Ms: pct(app.ms, 0.5),
    baseline: baseName,
    ratio: Number((pct(base.ms, 0.99) / Math.max(pct(app.ms, 0.99), 0.001)).toFixed(3))
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

/** Starts one app per env, runs `body` on their URLs, and stops every one (also on failure). */
const withApps = async <A>(
  envs: ReadonlyArray<Record<string, string>>,
  body: (urls: ReadonlyArray<string>, pids: ReadonlyArray<number | undefined>) => Promise<A>
): Promise<A> => {
  const started = await Promise.allSettled(envs.map((env) => startApp(env)))
  const apps = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []))
  try {
    const failed = started.find((s) => s.status === "rejected")
    if (failed !== undefined) throw failed.reason
    return await body(
      apps.map((a) => a.url),
      apps.map((a) => a.child.pid)
    )
  } finally {
    await Promise.all(apps.map((a) => stopApp(a.child)))
  }
}

/** Stock of the fan-out runs: every sale finds a unit. */
const FAN_OUT_STOCK = "BUNDLE=1000"

// PGlite (embedded, the default)
if (engines.includes("pglite")) {
  const dir = mkdtempSync(join(tmpdir(), "bench-site-"))
  const fanOutDir = mkdtempSync(join(tmpdir(), "bench-site-sse-"))
  const baseDir = mkdtempSync(join(tmpdir(), "bench-drops-"))
  try {
    const result = parts.includes("rush") ? await withApps([{ DATA_DIR: dir }], rush) : undefined
    let checks = { confirmed: 0, doubleCharges: 0 }
    if (result !== undefined) {
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
      checks = { confirmed, doubleCharges }
    }
    const heard = parts.includes("pages")
      ? await withApps([{ DATA_DIR: fanOutDir, DEMO_STOCK: FAN_OUT_STOCK }], pagesHearSales)
      : undefined
    const baseDb = await PGlite.create(join(baseDir, "pglite"))
    const client = makeDropClient(layerPostgres({ client: pgliteClient(baseDb) }))
    try {
      if (result !== undefined) report("PGlite", 1, result, await direct(client), checks)
      if (heard !== undefined) reportFanOut("PGlite", 1, heard, await subscribersHearHolds(client))
    } finally {
      await client.dispose()
      await baseDb.close()
    }
  } finally {
    for (const d of [dir, fanOutDir, baseDir]) rmSync(d, { recursive: true, force: true })
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
  const fanOutSchema = `bench_sse_${tag}`
  const rushTwoSchema = `bench_two_${tag}`
  const prefix = `bench-site:${tag}:`
  const pool = new pg.Pool({ connectionString: databaseUrl })
  const redis = new Redis(redisUrl)
  const subscriber = redis.duplicate()
  const on = (schemaName: string, keyPrefix: string, extra: Record<string, string> = {}) => ({
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: schemaName,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: keyPrefix,
    ...extra
  })
  try {
    // The rush on one instance, then on two sharing the same PostgreSQL + Redis (each on its own schema).
    const rushes: Array<{ instances: number; result: RunResult; confirmed: number; doubleCharges: number }> =
      []
    if (parts.includes("rush"))
      for (const [instances, schemaName] of [
        [1, schema],
        [2, rushTwoSchema]
      ] as const) {
        const env = on(schemaName, `${prefix}${instances}:`)
        const result = await withApps(
          Array.from({ length: instances }, () => env),
          rush
        )
        const confirmed = Number(
          (await pool.query(`SELECT count(*)::int AS n FROM "${schemaName}".orders WHERE status = 'paid'`))
            .rows[0].n
        )
        const doubleCharges = await countCharges(
          async (q) => (await pool.query(q)).rows,
          schemaName,
          result.orders
        )
        rushes.push({ instances, result, confirmed, doubleCharges })
      }
    // Two instances on one PostgreSQL + Redis, the pages split over both, sales on each in turn.
    const fanOut = on(fanOutSchema, `${prefix}sse:`, { DEMO_STOCK: FAN_OUT_STOCK })
    const heard = parts.includes("pages") ? await withApps([fanOut, fanOut], pagesHearSales) : undefined
    const client = makeDropClient(layerRedis({ client: redis, subscriber, prefix: `${prefix}direct:` }))
    try {
      const base = rushes.length > 0 ? await direct(client) : undefined
      for (const r of rushes)
        if (base !== undefined) report("PostgreSQL + Redis", r.instances, r.result, base, r)
      if (heard !== undefined)
        reportFanOut("PostgreSQL + Redis", 2, heard, await subscribersHearHolds(client))
    } finally {
      await client.dispose()
    }
  } finally {
    for (const base of [schema, rushTwoSchema, fanOutSchema])
      for (const s of [base, `${base}_drops`, `${base}_codes`])
        await pool.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`)
    const keys = await redis.keys(`${prefix}*`)
    if (keys.length > 0) await redis.del(...keys)
    subscriber.disconnect()
    redis.disconnect()
    await pool.end()
  }
} else {
  console.warn("site: DATABASE_URL / REDIS_URL not set; the PostgreSQL + Redis rows are skipped")
}

writeResults("site", rows)
