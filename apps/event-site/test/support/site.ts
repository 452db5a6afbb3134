// Starts the site for a test file on the backend the vitest project names (`SITE_BACKEND`):
// - `pglite` (default): one site on a fresh embedded database in a temporary folder;
// - `postgres`: two site instances on one PostgreSQL (a fresh schema) and one Redis (a fresh key
//   prefix), behind a round-robin balancer, so every flow of the suite crosses both instances.
// Each on a random port; everything started is ended and removed after the file, also on failure.
import { randomUUID } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Result } from "effect"
import { Redis } from "ioredis"
import pg from "pg"
import type { Browser } from "playwright-core"
import { afterAll, beforeAll } from "vitest"
import { loadConfig } from "../../src/config/config.ts"
import { type RunningSite, startSite } from "../../src/server.tsx"
import type { SiteOptions } from "../../src/services/site.ts"
import { type Balancer, startBalancer } from "./balancer.ts"
import { launchChromium } from "./browser.ts"

/** The backend of this test run: `postgres` means PostgreSQL + Redis with two instances. */
export type Backend = "pglite" | "postgres"

export const backend: Backend = process.env["SITE_BACKEND"] === "postgres" ? "postgres" : "pglite"

export interface TestSite extends RunningSite {
  /** The instances behind the site's URL (one on PGlite, two on PostgreSQL + Redis). */
  readonly instances: ReadonlyArray<RunningSite>
  /** Closes the site and removes its folder, schema and keys. */
  readonly stop: () => Promise<void>
}

const required = (name: "DATABASE_URL" | "REDIS_URL"): string => {
  const value = process.env[name]
  if (value === undefined || value === "")
    throw new TypeError(`${name} is not set: the postgres test project needs PostgreSQL and Redis`)
  return value
}

/** Drops a test run's schemas and Redis keys. */
const removeSharedData = async (databaseUrl: string, redisUrl: string, schema: string, prefix: string) => {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    for (const s of [schema, `${schema}_drops`, `${schema}_codes`])
      await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`)
  } finally {
    await client.end()
  }
  const redis = new Redis(redisUrl)
  try {
    const keys = await redis.keys(`${prefix}*`)
    if (keys.length > 0) await redis.del(...keys)
  } finally {
    redis.disconnect()
  }
}

export const startTestSite = async (
  options: SiteOptions = {},
  env: Record<string, string> = {}
): Promise<TestSite> => {
  const dir = mkdtempSync(join(tmpdir(), "event-site-"))
  const cleanups: Array<() => Promise<void> | void> = [() => rmSync(dir, { recursive: true, force: true })]
  // Runs every cleanup, newest first, even when one fails; then reports the first failure.
  const cleanUp = async () => {
    const errors: Array<unknown> = []
    for (const c of cleanups.reverse())
      await Promise.resolve()
        .then(c)
        .catch((e: unknown) => errors.push(e))
    cleanups.length = 0
    if (errors.length > 0) throw errors[0]
  }
  try {
    if (backend === "pglite") {
      const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dir, ...env })
      if (Result.isFailure(config)) throw config.failure
      const site = await startSite(config.success, options)
      cleanups.push(() => site.close())
      return { ...site, url: `http://127.0.0.1:${site.port}`, instances: [site], stop: cleanUp }
    }
    const databaseUrl = required("DATABASE_URL")
    const redisUrl = required("REDIS_URL")
    const suffix = randomUUID().replaceAll("-", "").slice(0, 10)
    const schema = `site_${suffix}`
    const prefix = `site-test:${suffix}:`
    cleanups.push(() => removeSharedData(databaseUrl, redisUrl, schema, prefix))
    const config = loadConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dir,
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: schema,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      ...env
    })
    if (Result.isFailure(config)) throw config.failure
    // Both start at once on the fresh schema, as two processes would: migrations and drops are idempotent.
    const started = await Promise.allSettled([
      startSite(config.success, options),
      startSite(config.success, options)
    ])
    const instances = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []))
    for (const instance of instances) cleanups.push(() => instance.close())
    const failed = started.find((s) => s.status === "rejected")
    if (failed !== undefined) throw failed.reason
    const balancer: Balancer = await startBalancer(instances.map((i) => i.port))
    cleanups.push(() => balancer.close())
    // Checked after the file's tests: its flows crossed both instances.
    cleanups.push(() => {
      if (balancer.served.some((n) => n === 0))
        throw new TypeError(`an instance served no request (${balancer.served.join(" / ")})`)
    })
    const [first] = instances as [RunningSite, RunningSite]
    let closing: Promise<void> | undefined
    return {
      url: balancer.url,
      port: balancer.port,
      // Any instance's services see the shared data; the first one's answer the tests' reads.
      services: first.services,
      instances,
      close: () => {
        closing ??= (async () => {
          await balancer.close()
          await Promise.all(instances.map((i) => i.close()))
        })()
        return closing
      },
      stop: cleanUp
    }
  } catch (error) {
    await cleanUp()
    throw error
  }
}

/**
 * Starts a site and Chromium before the file's tests and ends both after them, also when a test
 * fails. Returns the getter the tests use.
 */
export const useSiteAndBrowser = (
  options: SiteOptions = {}
): (() => { site: TestSite; browser: Browser }) => {
  let site: TestSite | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    site = await startTestSite(options)
    browser = await launchChromium()
  })
  afterAll(async () => {
    try {
      await browser?.close()
    } finally {
      await site?.stop()
    }
  })
  return () => {
    if (site === undefined || browser === undefined) throw new TypeError("the site did not start")
    return { site, browser }
  }
}
