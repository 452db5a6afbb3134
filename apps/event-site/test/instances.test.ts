// Two app processes (the built `dist/main.js`) on one PostgreSQL (the app's tables, the ledger) and
// one Redis (drops): stock seen live across instances, a session and an order that move between
// them, one charge for pays sent to both at once.
import { type ChildProcess, spawn } from "node:child_process"
import { randomUUID } from "node:crypto"
import { join } from "node:path"
import { Redis } from "ioredis"
import pg from "pg"
import type { Browser } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { SANDBOX_CARDS } from "../src/services/payments.ts"
import { launchChromium } from "./support/browser.ts"

const env = (name: "DATABASE_URL" | "REDIS_URL"): string | undefined => {
  const value = process.env[name]
  if (value !== undefined && value !== "") return value
  if (process.env["CI"] !== undefined)
    throw new TypeError(`${name} is not set: CI must run the two-instance tests`)
  return undefined
}
const databaseUrl = env("DATABASE_URL")
const redisUrl = env("REDIS_URL")
const suffix = randomUUID().replaceAll("-", "").slice(0, 10)
const schema = `site_${suffix}`
const prefix = `site-test:${suffix}:`

interface Instance {
  readonly child: ChildProcess
  readonly url: string
}
const children: ChildProcess[] = []
let a: Instance | undefined
let b: Instance | undefined
let browser: Browser | undefined

/** Starts `node dist/main.js` on a free port and waits for the URL it prints. */
const start = (): Promise<Instance> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, "..", "dist", "main.js")], {
      env: {
        ...process.env,
        PORT: "0",
        HOST: "127.0.0.1",
        DATABASE_URL: databaseUrl,
        DATABASE_SCHEMA: schema,
        REDIS_URL: redisUrl,
        REDIS_PREFIX: prefix
      },
      stdio: ["ignore", "pipe", "pipe"]
    })
    children.push(child)
    let out = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString()
      const port = /http:\/\/localhost:(\d+)/.exec(out)?.[1]
      if (port !== undefined) resolve({ child, url: `http://127.0.0.1:${port}` })
    })
    child.stderr?.on("data", (chunk: Buffer) => {
      out += chunk.toString()
    })
    child.once("exit", (code) =>
      reject(new TypeError(`the site exited with ${code} before listening:\n${out}`))
    )
  })

const stop = async (child: ChildProcess) => {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once("exit", resolve))
  child.kill("SIGTERM")
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000)
  await exited
  clearTimeout(timer)
}

const charges = async (orderId: string) => {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const r = await client.query(
      `SELECT status, amount FROM "${schema}".sandbox_charges WHERE idempotency_key LIKE $1`,
      [`${orderId}:%`]
    )
    return r.rows as Array<{ status: string; amount: string }>
  } finally {
    await client.end()
  }
}

describe.skipIf(databaseUrl === undefined || redisUrl === undefined)(
  "two instances on PostgreSQL + Redis",
  () => {
    beforeAll(async () => {
      // Both start at once on a fresh schema: migrations and drop creation are idempotent and locked.
      ;[a, b] = await Promise.all([start(), start()])
      browser = await launchChromium()
    })

    afterAll(async () => {
      try {
        await browser?.close()
      } finally {
        await Promise.all(children.map(stop))
        const client = new pg.Client({ connectionString: databaseUrl })
        await client.connect()
        for (const s of [schema, `${schema}_drops`, `${schema}_codes`])
          await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`)
        await client.end()
        const redis = new Redis(redisUrl ?? "")
        const keys = await redis.keys(`${prefix}*`)
        if (keys.length > 0) await redis.del(...keys)
        redis.disconnect()
      }
    })

    const sites = () => {
      if (a === undefined || b === undefined || browser === undefined)
        throw new TypeError("the sites did not start")
      return { a: a.url, b: b.url, browser }
    }

    it("shows a sale on one instance live on the other, and pays once across both", async () => {
      const { a: urlA, b: urlB, browser } = sites()
      const watcher = await browser.newContext()
      const buyer = await browser.newContext()
      try {
        expect(await (await fetch(`${urlA}/healthz`)).json()).toEqual({ ok: true, database: "postgres" })
        const watch = await watcher.newPage()
        await watch.goto(urlB)
        const region = watch.getByRole("region", { name: "Micro-drop bundle" })
        await region.getByText("30 of 30 left").waitFor()

        const page = await buyer.newPage()
        await page.goto(urlA)
        await page.getByLabel("Micro-drop bundle quantity").fill("2")
        await page.getByLabel("Base ticket quantity").fill("1")
        await page.getByRole("button", { name: "Check out" }).click()
        await page.getByRole("heading", { level: 1, name: "Checkout" }).waitFor()
        const orderPath = new URL(page.url()).pathname
        const orderId = orderPath.split("/").at(-1) ?? ""
        // Instance B hears instance A's hold through Redis.
        await region.getByText("28 of 30 left").waitFor({ timeout: 10_000 })

        // The same browser session sees the order on instance B; pays go to both instances at once.
        const other = await buyer.newPage()
        await other.goto(`${urlB}${orderPath}`)
        await other.getByRole("heading", { level: 1, name: "Checkout" }).waitFor()
        const pay = (p: typeof page) =>
          p.evaluate(
            (card) =>
              fetch(`${location.pathname}/pay`, {
                method: "POST",
                body: new URLSearchParams({ cardNumber: card }),
                redirect: "manual"
              }).then((r) => r.status),
            SANDBOX_CARDS.success
          )
        await Promise.all([pay(page), pay(other), pay(page), pay(other)])
        await other.reload()
        await other.getByRole("heading", { level: 1, name: "Order confirmed" }).waitFor()
        expect(await charges(orderId)).toEqual([{ status: "succeeded", amount: "4850" }])
        const offer = (await (await fetch(`${urlB}/api/events/night-tapes`)).json()) as {
          items: Array<{ sku: string; available: number }>
        }
        expect(offer.items.find((i) => i.sku === "BUNDLE")?.available).toBe(28)
        await page.reload()
        await expect(page.getByRole("heading", { name: /^Digital master code/ }).count()).resolves.toBe(2)
      } finally {
        await buyer.close()
        await watcher.close()
      }
    })
  }
)
