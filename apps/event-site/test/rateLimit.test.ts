// Failure rate limits: the database limiter agrees with a model of a fixed window for any
// sequence of failures, checks and clears (fast-check, on PGlite); and logins and code entry are
// limited across two instances on one PostgreSQL — logins and the door's typed codes through
// src/services/rateLimit.ts (counter on the database, then on Redis), the redeem page through the
// codes ledger's own limiter — with 429 and Retry-After. (Two-instance parts need DATABASE_URL and REDIS_URL: scripts/services.sh.)
import { randomUUID } from "node:crypto"
import { PGlite } from "@electric-sql/pglite"
import { sql } from "drizzle-orm"
import { drizzle } from "drizzle-orm/pglite"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Orm } from "../src/db/database.ts"
import { makeTables, migrationSql } from "../src/db/tables.ts"
import { DOOR_CODE_RULE } from "../src/features/door/routes.tsx"
import { LOGIN_RULE } from "../src/features/login/routes.tsx"
import { makeRateLimiter, type RateRule, rateKey } from "../src/services/rateLimit.ts"
import { startTestSite, type TestSite } from "./support/site.ts"

describe("the database limiter", () => {
  let db: PGlite | undefined
  let orm: Orm | undefined
  beforeAll(async () => {
    db = await PGlite.create()
    orm = drizzle({ client: db }) as unknown as Orm
    for (const statement of migrationSql("rl")) await orm.execute(sql.raw(statement))
  }, 60_000)
  afterAll(async () => {
    await db?.close()
  })

  const op = fc.record({
    kind: fc.constantFrom("fail", "fail", "check", "clear"),
    key: fc.constantFrom("a", "b"),
    advance: fc.integer({ min: 0, max: 400 })
  })

  it("refuses exactly when a fixed-window model says so, with the model's time left", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 100, max: 1000 }),
        async (ops, maxFailures, windowMs) => {
          if (orm === undefined) throw new TypeError("no database")
          const run = randomUUID()
          const limiter = makeRateLimiter({
            orm,
            tables: makeTables("rl"),
            redisUrl: undefined,
            redisPrefix: ""
          })
          const rule: RateRule = { action: "tries", maxFailures, windowMs }
          const model = new Map<string, { start: number; count: number }>()
          let now = 1_800_000_000_000
          for (const { kind, key, advance } of ops) {
            now += advance
            const k = rateKey(run, key)
            const m = model.get(key)
            if (kind === "clear") {
              await limiter.clear(k)
              model.delete(key)
              continue
            }
            if (kind === "fail") {
              const next =
                m === undefined || m.start <= now - windowMs
                  ? { start: now, count: 1 }
                  : { ...m, count: m.count + 1 }
              model.set(key, next)
            }
            const state = model.get(key)
            const expected =
              state !== undefined && state.count >= maxFailures && state.start + windowMs > now
                ? state.start + windowMs - now
                : undefined
            const got = kind === "fail" ? await limiter.fail(rule, k, now) : await limiter.check(rule, k, now)
            expect(got?.retryAfterMs).toBe(expected)
          }
        }
      ),
      { numRuns: 60 }
    )
  })

  it("keys from parts are injective", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string(), { maxLength: 4 }),
        fc.array(fc.string(), { maxLength: 4 }),
        (a, b) => {
          if (rateKey(...a) === rateKey(...b)) expect(a).toEqual(b)
        }
      )
    )
  })

  it("names the field of a bad rule or clock instead of answering", async () => {
    if (orm === undefined) throw new TypeError("no database")
    const limiter = makeRateLimiter({ orm, tables: makeTables("rl"), redisUrl: undefined, redisPrefix: "" })
    const rule: RateRule = { action: "tries", maxFailures: 3, windowMs: 1000 }
    await expect(limiter.fail(rule, "k", Number.NaN)).rejects.toMatchObject({
      _tag: "InvalidRateLimit",
      field: "now"
    })
    await expect(limiter.check({ ...rule, windowMs: 0.5 }, "k", 1)).rejects.toMatchObject({
      field: "windowMs"
    })
    await expect(limiter.check({ ...rule, maxFailures: 0 }, "k", 1)).rejects.toMatchObject({
      field: "maxFailures"
    })
    await expect(limiter.check(rule, "", 1)).rejects.toMatchObject({ field: "key" })
  })
})

const databaseUrl = process.env["DATABASE_URL"]
const redisUrl = process.env["REDIS_URL"]
if ((databaseUrl === undefined || redisUrl === undefined) && process.env["CI"] !== undefined)
  throw new TypeError("DATABASE_URL and REDIS_URL must be set in CI: the shared rate limit tests need them")

for (const store of ["database", "redis"] as const) {
  describe.skipIf(databaseUrl === undefined || (store === "redis" && redisUrl === undefined))(
    `code entry limited across two instances (counter on the ${store})`,
    () => {
      const suffix = randomUUID().replaceAll("-", "").slice(0, 10)
      const PASSWORD = "a long demo password"
      const env = {
        DATABASE_URL: databaseUrl ?? "",
        DATABASE_SCHEMA: `rl_${suffix}`,
        PROMOTER_PASSWORD: PASSWORD,
        ...(store === "redis" ? { REDIS_URL: redisUrl ?? "", REDIS_PREFIX: `rl-test:${suffix}:` } : {})
      }
      let a: TestSite | undefined
      let b: TestSite | undefined
      beforeAll(async () => {
        a = await startTestSite({}, env)
        b = await startTestSite({}, env)
      }, 120_000)
      afterAll(async () => {
        try {
          await a?.stop()
        } finally {
          await b?.stop()
        }
        if (databaseUrl !== undefined) {
          const pg = (await import("pg")).default
          const client = new pg.Client({ connectionString: databaseUrl })
          await client.connect()
          for (const schema of [
            env.DATABASE_SCHEMA,
            `${env.DATABASE_SCHEMA}_drops`,
            `${env.DATABASE_SCHEMA}_codes`
          ])
            await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
          await client.end()
        }
      })
      const sites = () => {
        if (a === undefined || b === undefined) throw new TypeError("the sites did not start")
        return [a, b] as const
      }
      /** The session cookie (signed with the secret both instances share); the last one set wins. */
      const cookieOf = (response: Response) => response.headers.getSetCookie().at(-1)?.split(";")[0] ?? ""

      it("logins: five failures sent to either instance, then 429 on both, even with the right password", async () => {
        const [one, two] = sites()
        // Its own account: the promoter's stays usable for the door test below.
        const email = "limits@night-tapes.example"
        await one.services.staff.seedPromoter(email, PASSWORD)
        const post = (site: TestSite, password: string) =>
          fetch(`${site.url}/login`, {
            method: "POST",
            headers: { origin: site.url, "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ email, password }),
            redirect: "manual"
          })
        const statuses: number[] = []
        for (let i = 0; i < LOGIN_RULE.maxFailures; i++)
          statuses.push((await post(i % 2 === 0 ? one : two, `wrong ${i}`)).status)
        expect(statuses).toEqual([401, 401, 401, 401, 429])
        const fromOne = await post(one, PASSWORD)
        const fromTwo = await post(two, PASSWORD)
        expect([fromOne.status, fromTwo.status]).toEqual([429, 429])
        expect(Number(fromTwo.headers.get("retry-after"))).toBeGreaterThan(800)
      })

      it("the redeem page: ten wrong codes to either instance, then 429 with Retry-After on both", async () => {
        const [one, two] = sites()
        const cookie = cookieOf(await fetch(`${one.url}/redeem`))
        const post = (site: TestSite, code: string) =>
          fetch(`${site.url}/redeem`, {
            method: "POST",
            headers: { origin: site.url, cookie, "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ code })
          })
        const statuses: number[] = []
        for (let i = 0; i < 10; i++)
          statuses.push((await post(i % 2 === 0 ? one : two, `ZZZZ-ZZZZ-ZZZ${i}`)).status)
        expect(statuses).toEqual(Array(10).fill(409))
        for (const site of [one, two]) {
          const limited = await post(site, "ZZZZ-ZZZZ-ZZZZ")
          expect(limited.status).toBe(429)
          expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0)
          expect(await limited.text()).toMatch(
            /Too many wrong codes: try again in \d+ seconds \(after \d\d:\d\d:\d\d UTC\)/
          )
        }
      })

      it("the door's typed codes: ten wrong ones to either instance, then 429 with Retry-After on both", async () => {
        const [one, two] = sites()
        const login = await fetch(`${one.url}/login`, {
          method: "POST",
          headers: { origin: one.url, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ email: "promoter@night-tapes.example", password: PASSWORD }),
          redirect: "manual"
        })
        expect(login.status).toBe(303)
        const cookie = cookieOf(login)
        const post = (site: TestSite, code: string) =>
          fetch(`${site.url}/door/code`, {
            method: "POST",
            headers: { origin: site.url, cookie, "content-type": "application/json" },
            body: JSON.stringify({ code })
          })
        const statuses: number[] = []
        for (let i = 0; i < DOOR_CODE_RULE.maxFailures - 1; i++)
          statuses.push((await post(i % 2 === 0 ? one : two, "100N-0HGZ-6B9B-94")).status)
        expect(statuses).toEqual(Array(DOOR_CODE_RULE.maxFailures - 1).fill(422))
        expect((await post(two, "100N-0HGZ-6B9B-94")).status).toBe(429)
        for (const site of [one, two]) {
          const limited = await post(site, "100N-0HGZ-6B9B-94")
          expect(limited.status).toBe(429)
          expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0)
          await expect(limited.json()).resolves.toMatchObject({ error: { tag: "TooManyAttempts" } })
        }
      })
    }
  )
}
