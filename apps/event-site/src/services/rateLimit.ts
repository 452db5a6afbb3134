/**
 * Failure rate limits shared by every instance: a fixed window per key, counted in the app's
 * database (PGlite/PostgreSQL) or in Redis when `REDIS_URL` is set. Logins and the door's typed
 * codes use it; the redeem page uses the codes ledger's own failure limiter (`RateLimited`), which
 * counts unknown codes per client inside the ledger's store.
 *
 * Only failures count: a caller asks `check` before the attempt, and calls `fail` when it failed
 * (and `clear` after a success, where a success should forgive earlier failures).
 */
import { and, eq, gt, sql } from "drizzle-orm"
import { Redis } from "ioredis"
import type { Orm } from "../db/database.ts"
import type { Tables } from "../db/tables.ts"
import { InvalidRateLimit, TooManyAttempts } from "../errors.ts"

/** A limit: at most `maxFailures` failures per `windowMs`, for what `action` names in messages. */
export interface RateRule {
  /** Named in the refusal: "logins", "code entries". */
  readonly action: string
  readonly maxFailures: number
  readonly windowMs: number
}

/** The limiter. Keys are built by the caller from injective parts (see `rateKey`). */
export interface RateLimiter {
  /** `undefined` when an attempt may go ahead, else the refusal (with the time left in the window). */
  readonly check: (rule: RateRule, key: string, now: number) => Promise<TooManyAttempts | undefined>
  /** Counts a failure; returns the refusal when that failure used up the window. */
  readonly fail: (rule: RateRule, key: string, now: number) => Promise<TooManyAttempts | undefined>
  /** Forgets the key's failures. */
  readonly clear: (key: string) => Promise<void>
  /** Closes the Redis connection, if any. */
  readonly close: () => Promise<void>
}

/** A key from parts, length-prefixed so that no two lists of parts give the same key. */
export const rateKey = (...parts: ReadonlyArray<string>): string =>
  parts.map((p) => `${p.length}:${p}`).join("")

const checkCall = (rule: RateRule, key: string, now: number): void => {
  if (!Number.isSafeInteger(rule.maxFailures) || rule.maxFailures < 1)
    throw new InvalidRateLimit({ field: "maxFailures", rule: "must be a whole number ≥ 1" })
  if (!Number.isSafeInteger(rule.windowMs) || rule.windowMs < 1)
    throw new InvalidRateLimit({ field: "windowMs", rule: "must be whole milliseconds ≥ 1" })
  if (!Number.isFinite(now) || now < 0)
    throw new InvalidRateLimit({
      field: "now",
      rule: "must be a finite number of milliseconds since the epoch"
    })
  if (key.length === 0 || key.length > 512)
    throw new InvalidRateLimit({ field: "key", rule: "must be 1 to 512 characters" })
}

const refusal = (rule: RateRule, count: number, retryAfterMs: number): TooManyAttempts | undefined =>
  count >= rule.maxFailures && retryAfterMs > 0
    ? new TooManyAttempts({ action: rule.action, retryAfterMs: Math.ceil(retryAfterMs) })
    : undefined

const onDatabase = (orm: Orm, tables: Tables): RateLimiter => {
  const t = tables.rateLimits
  return {
    check: async (rule, key, now) => {
      checkCall(rule, key, now)
      const [row] = await orm
        .select()
        .from(t)
        .where(and(eq(t.key, key), gt(t.windowStart, now - rule.windowMs)))
      return row === undefined ? undefined : refusal(rule, row.count, row.windowStart + rule.windowMs - now)
    },
    fail: async (rule, key, now) => {
      checkCall(rule, key, now)
      // One statement: a lapsed window starts again at 1, else the count grows (the row lock
      // serialises instances).
      const lapsed = sql`${t.windowStart} <= ${now - rule.windowMs}`
      const [row] = await orm
        .insert(t)
        .values({ key, windowStart: now, count: 1 })
        .onConflictDoUpdate({
          target: t.key,
          set: {
            count: sql`CASE WHEN ${lapsed} THEN 1 ELSE ${t.count} + 1 END`,
            windowStart: sql`CASE WHEN ${lapsed} THEN ${now}::bigint ELSE ${t.windowStart} END`
          }
        })
        .returning()
      return row === undefined ? undefined : refusal(rule, row.count, row.windowStart + rule.windowMs - now)
    },
    clear: async (key) => {
      await orm.delete(t).where(eq(t.key, key))
    },
    close: async () => undefined
  }
}

// INCR, and the window's expiry on the first failure; answers the count and the time left.
const FAIL = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`
const CHECK = `local n = redis.call('GET', KEYS[1])
if not n then return {0, 0} end
return {tonumber(n), redis.call('PTTL', KEYS[1])}`

const onRedis = (url: string, prefix: string): RateLimiter => {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 })
  redis.on("error", () => undefined) // reconnects on its own; calls fail meanwhile
  const run = async (script: string, key: string, ms: number): Promise<[number, number]> => {
    const [n, ttl] = (await redis.eval(script, 1, `${prefix}${key}`, String(ms))) as [number, number]
    return [n, ttl]
  }
  return {
    check: async (rule, key, now) => {
      checkCall(rule, key, now)
      const [n, ttl] = await run(CHECK, key, rule.windowMs)
      return refusal(rule, n, ttl)
    },
    fail: async (rule, key, now) => {
      checkCall(rule, key, now)
      const [n, ttl] = await run(FAIL, key, rule.windowMs)
      return refusal(rule, n, ttl)
    },
    clear: async (key) => {
      await redis.del(`${prefix}${key}`)
    },
    close: async () => {
      redis.disconnect()
    }
  }
}

/**
 * The site's limiter: on Redis with `redisUrl`, else on the app's database.
 *
 * @param deps - The query layer and tables; Redis URL and key prefix when drops are on Redis.
 */
export const makeRateLimiter = (deps: {
  readonly orm: Orm
  readonly tables: Tables
  readonly redisUrl: string | undefined
  readonly redisPrefix: string
}): RateLimiter =>
  deps.redisUrl === undefined
    ? onDatabase(deps.orm, deps.tables)
    : onRedis(deps.redisUrl, `${deps.redisPrefix}rate:`)
