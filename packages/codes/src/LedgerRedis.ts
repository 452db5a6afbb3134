/**
 * The Redis ledger store: redemptions run in a Lua script, which Redis runs atomically, so uses
 * cannot exceed the limit whatever the number of clients and processes. Redemptions in flight from
 * one store go to Redis together: one `EVALSHA` carries up to `maxBatch` of them (different codes
 * may share one), runs them in the order they arrived, and answers each on its own (an attempt whose
 * step fails is rejected alone; a failed call rejects every attempt it carried, none is lost).
 *
 * Keys (all under the prefix): `code:<code>` (one hash per code: limits, uses, last use, one
 * `r:<redemption id>` field per redemption so a retry is found in the same read, and the history as
 * `h:<seq>` fields, so a redemption is one read and one write), `fail:<client>` (hash, expires with
 * its window) and `unknown:<bytes>:<code><bytes>:<nonce>` (offline scans of unknown codes, each part
 * length-prefixed so no two (code, nonce) pairs share a key). Text is UTF-8 on the wire: the script
 * counts lengths in bytes, and the replies are read as bytes too, so any Unicode door or id
 * round-trips exactly. Limits: one script call
 * names the keys of several redemptions, so on Redis Cluster put the prefix in braces (`"{codes}"`)
 * to pin one slot (or pass `maxBatch: 1`, which still needs one redemption's keys on one node).
 * Persistence is whatever the server is configured for (AOF `everysec` can lose the last second).
 */
import { err, makeBatcher, ok, type RedisLike, redisScript, withDeadline } from "@microdrop/kit"
import { Effect, Layer, Schema } from "effect"
import { type LedgerStoreOperation, LedgerUnavailable } from "./errors.ts"
import { redisKeys } from "./internal/ledgerKeys.ts"
import { refuse, requiredObject, storeTimeout, wholeNumber } from "./internal/options.ts"
import { Attempt } from "./LedgerSchemas.ts"
import { LedgerStore, type RedeemCommand, type RedeemOutcome, type StoredCode } from "./LedgerStore.ts"

/**
 * Options of `redisStore`.
 *
 * @category models
 * @since 0.1.0
 */
export interface RedisStoreOptions {
  /** An `ioredis` client (or anything with the same `call`). The caller owns and closes it. */
  readonly redis: RedisLike
  /** Prefix of every key (default `"microdrop:codes"`). */
  readonly prefix?: string | undefined
  /** Most redemptions sent in one script call (default 64); 1 turns batching off. */
  readonly maxBatch?: number | undefined
  /** Batches of redemptions running at once from this client (default 2). */
  readonly inFlight?: number | undefined
  /**
   * Bound of one call to Redis in milliseconds (default 10,000): a call (or a batch of redemptions)
   * with no answer by then fails with the retryable `LedgerUnavailable` instead of hanging.
   */
  readonly timeoutMs?: number | undefined
}

/**
 * The redemption script for a batch of attempts (different codes may share one). KEYS: three per
 * attempt (code, client failures, unknown-code scan). ARGV[1]: the number of attempts, then seven
 * per attempt (redemption id, door, at, now, online flag, failures allowed, window). Each attempt
 * runs in order and sees the writes of the ones before it (two attempts on one code in one batch
 * behave as two scripts in a row). Each runs under `pcall`, so an error fails that attempt only.
 * The reply is one text: per attempt `tag|use|max|at|n|<n bytes of door>`, or `!|n|<n bytes of error>`
 * (Lua's `#` counts bytes: the reader must count bytes of the UTF-8 text too, not UTF-16 units).
 */
const REDEEM = `
-- Failure counts read once per batch per client: the script is atomic and keys do not expire while
-- it runs, so the copy stays equal to the hash (every change below writes both).
local fails = {}
local function failState(failKey)
  local f = fails[failKey]
  if not f then
    local r = redis.call('HMGET', failKey, 'start', 'count')
    f = {tonumber(r[1]), tonumber(r[2])}
    fails[failKey] = f
  end
  return f
end
local function one(codeKey, failKey, unknownKey, rid, door, atText, nowText, online, maxFail, window)
  local now = tonumber(nowText)
  local source = online and 'online' or 'offline'
  local function entry(outcome, use)
    return atText .. '|' .. use .. '|' .. source .. '|' .. outcome .. '|' .. #door .. '|' .. door .. rid
  end
  if online then
    local f = failState(failKey)
    if f[1] and now < f[1] + window and f[2] >= maxFail then
      return 'RateLimited', 0, 0, tostring(f[1] + window - now), ''
    end
  end
  local ridField = 'r:' .. rid
  local c = redis.call('HMGET', codeKey, 'max', 'uses', 'exp', 'rev', ridField, 'seq')
  if not c[1] then
    if online then
      local f = failState(failKey)
      if f[1] and now < f[1] + window then
        redis.call('HINCRBY', failKey, 'count', 1)
        f[2] = f[2] + 1
      else
        redis.call('HSET', failKey, 'start', nowText, 'count', 1)
        redis.call('PEXPIRE', failKey, window)
        f[1], f[2] = now, 1
      end
    elseif not redis.call('SET', unknownKey, atText, 'NX') then
      return 'Duplicate', 0, 0, '0', ''
    end
    return 'NotFound', 0, 0, '0', ''
  end
  local max, uses, prior, seq = tonumber(c[1]), tonumber(c[2]), c[5], tonumber(c[6] or '0') + 1
  if prior then
    local sep = string.find(prior, ':', 1, true)
    local use = string.sub(prior, 1, sep - 1)
    if (not online) or use == '' then return 'Duplicate', 0, 0, '0', '' end
    redis.call('HSET', codeKey, 'seq', seq, 'h:' .. seq, entry('replayed', use))
    return 'Replayed', tonumber(use), max, string.sub(prior, sep + 1), ''
  end
  local tag, outcome, atOut, lastDoor = nil, nil, '0', ''
  if c[4] then
    tag, outcome, atOut = 'Revoked', 'revoked', c[4]
  elseif c[3] and tonumber(atText) >= tonumber(c[3]) then
    tag, outcome, atOut = 'Expired', 'expired', c[3]
  elseif uses >= max then
    if online then
      tag, outcome = 'Exhausted', 'exhausted'
      -- the last use is read only here: most attempts never need it
      local last = redis.call('HGET', codeKey, 'last')
      if last then
        local sep = string.find(last, '|', 1, true)
        atOut, lastDoor = string.sub(last, 1, sep - 1), string.sub(last, sep + 1)
      end
    else
      tag, outcome = 'Conflict', 'conflict'
    end
  else
    uses = uses + 1
    redis.call('HSET', codeKey, 'uses', uses, ridField, uses .. ':' .. atText, 'last', atText .. '|' .. door,
      'seq', seq, 'h:' .. seq, entry('redeemed', uses))
    return 'Redeemed', uses, max, atText, ''
  end
  if online then
    redis.call('HSET', codeKey, 'seq', seq, 'h:' .. seq, entry(outcome, ''))
  else
    redis.call('HSET', codeKey, ridField, ':' .. atText, 'seq', seq, 'h:' .. seq, entry(outcome, ''))
  end
  return tag, 0, max, atOut, lastDoor
end
local out = {}
for i = 1, tonumber(ARGV[1]) do
  local k, a = (i - 1) * 3, (i - 1) * 7 + 1
  local ok, tag, use, max, at, last = pcall(one, KEYS[k + 1], KEYS[k + 2], KEYS[k + 3], ARGV[a + 1], ARGV[a + 2],
    ARGV[a + 3], ARGV[a + 4], ARGV[a + 5] == '1', tonumber(ARGV[a + 6]), tonumber(ARGV[a + 7]))
  if ok then
    out[i] = tag .. '|' .. use .. '|' .. max .. '|' .. at .. '|' .. #last .. '|' .. last
  else
    local message = type(tag) == 'table' and tostring(tag.err) or tostring(tag)
    out[i] = '!|' .. #message .. '|' .. message
  end
end
return table.concat(out)
`

const ISSUE = `
if redis.call('HSETNX', KEYS[1], 'max', ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'uses', 0)
if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'exp', ARGV[2]) end
return 1
`

const REVOKE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
redis.call('HSETNX', KEYS[1], 'rev', ARGV[1])
return redis.call('HMGET', KEYS[1], 'max', 'uses', 'exp', 'rev')
`

const redeemScript = redisScript(REDEEM)
const issueScript = redisScript(ISSUE)
const revokeScript = redisScript(REVOKE)

const decodeAttempts = Schema.decodeUnknownSync(Schema.Array(Attempt))

/**
 * Reads `|`-terminated fields and byte-counted texts from the UTF-8 bytes of a script's text (Lua
 * counts `#text` in bytes). Throws when the text does not hold what is asked for.
 */
const byteReader = (text: string) => {
  const bytes = Buffer.from(text, "utf8")
  let pos = 0
  return {
    /** The text up to the next `|` (which is skipped). */
    field: (): string => {
      const bar = bytes.indexOf(0x7c, pos)
      if (bar < 0) throw new Error("truncated reply to the redemption script")
      const value = bytes.toString("utf8", pos, bar)
      pos = bar + 1
      return value
    },
    /** The next `n` bytes as text. */
    take: (n: number): string => {
      if (!Number.isInteger(n) || n < 0 || pos + n > bytes.length)
        throw new Error("malformed reply to the redemption script")
      const value = bytes.toString("utf8", pos, pos + n)
      pos += n
      return value
    },
    /** The bytes left, as text. */
    rest: (): string => {
      const value = bytes.toString("utf8", pos)
      pos = bytes.length
      return value
    },
    done: (): boolean => pos === bytes.length
  }
}

/** Reads a history entry `at|use|source|outcome|doorBytes|door+redemptionId` (written by the script). */
const parseAttempt = (entry: string): unknown => {
  const r = byteReader(entry)
  const at = r.field()
  const use = r.field()
  const source = r.field()
  const outcome = r.field()
  const doorId = r.take(Number(r.field()))
  return {
    at: Number(at),
    doorId,
    redemptionId: r.rest(),
    source,
    outcome,
    ...(use === "" ? {} : { use: Number(use) })
  }
}

const toStored = (code: string, fields: ReadonlyArray<unknown>): StoredCode => {
  const [max, uses, exp, rev] = fields.map((f) => (f === null || f === undefined ? undefined : Number(f)))
  return {
    code,
    maxUses: max ?? 0,
    uses: uses ?? 0,
    ...(exp === undefined ? {} : { expiresAt: exp }),
    ...(rev === undefined ? {} : { revokedAt: rev })
  }
}

const toOutcome = (tag: string, use: string, max: string, at: string, lastDoor: string): RedeemOutcome => {
  switch (tag) {
    case "Redeemed":
    case "Replayed":
      return {
        _tag: "Redeemed",
        use: Number(use),
        maxUses: Number(max),
        at: Number(at),
        replayed: tag === "Replayed"
      }
    case "Exhausted":
      return {
        _tag: "Exhausted",
        maxUses: Number(max),
        lastUse: lastDoor === "" ? undefined : { at: Number(at), doorId: lastDoor }
      }
    case "Expired":
      return { _tag: "Expired", expiresAt: Number(at) }
    case "Revoked":
      return { _tag: "Revoked", revokedAt: Number(at) }
    case "RateLimited":
      return { _tag: "RateLimited", retryAfterMs: Number(at) }
    case "Conflict":
      return { _tag: "Conflict", maxUses: Number(max) }
    case "Duplicate":
      return { _tag: "Duplicate" }
    default:
      return { _tag: "NotFound" }
  }
}

/**
 * Reads the batch reply (see `REDEEM`): `count` records, each an outcome or an `Error` for an attempt
 * whose script failed. Throws if the text does not hold exactly `count` records.
 */
export const parseBatchReply = (reply: unknown, count: number): Array<RedeemOutcome | Error> => {
  if (typeof reply !== "string")
    throw new Error(`unexpected reply to the redemption script: ${String(reply)}`)
  const out: Array<RedeemOutcome | Error> = []
  const { field, take, done } = byteReader(reply)
  const counted = (): string => take(Number(field()))
  while (out.length < count) {
    const tag = field()
    if (tag === "!") {
      out.push(new Error(`the redemption script failed: ${counted()}`))
      continue
    }
    const use = field()
    const max = field()
    const at = field()
    out.push(toOutcome(tag, use, max, at, counted()))
  }
  if (!done()) throw new Error("the redemption script answered more records than attempts")
  return out
}

/**
 * The Redis store. Scripts are sent by SHA (`EVALSHA`) and loaded on first use or after a server restart.
 *
 * @param options - `redis` (an `ioredis` client), `prefix` (default `"microdrop:codes"`), `maxBatch`,
 *   `inFlight` and `timeoutMs` (bound of one Redis call, default 10,000).
 * @returns A layer providing `LedgerStore`; operations fail with `LedgerUnavailable` when Redis does.
 * @throws InvalidCodeOptions when `redis` is not a client, or `prefix`, `maxBatch` (1-10,000) or
 *   `inFlight` (1-1,000) is wrong, or `timeoutMs` is not a finite number of milliseconds from 1 to
 *   2147483647.
 * @example
 * ```ts
 * import { Ledger } from "@microdrop/codes"
 * import { redisStore } from "@microdrop/codes/redis"
 * import { Layer } from "effect"
 * import { Redis } from "ioredis"
 * const layer = Ledger.layer().pipe(Layer.provide(redisStore({ redis: new Redis(process.env["REDIS_URL"] ?? "") })))
 * ```
 * @since 0.1.0
 */
export const redisStore = (options: RedisStoreOptions): Layer.Layer<LedgerStore> => {
  requiredObject(options, "options")
  const redis = options.redis
  if (typeof redis !== "object" || redis === null || typeof redis.call !== "function")
    refuse("redis", "must be an ioredis client (new Redis(url))", redis)
  const p = options.prefix ?? "microdrop:codes"
  if (typeof p !== "string") refuse("prefix", "must be a string", p)
  const maxBatch = wholeNumber(options.maxBatch, "maxBatch", 1, 10_000, "", 64)
  const inFlight = wholeNumber(options.inFlight, "inFlight", 1, 1_000, "", 2)
  const timeoutMs = storeTimeout(options.timeoutMs)
  return Layer.sync(LedgerStore, () => {
    const fail = (operation: LedgerStoreOperation) => (cause: unknown) =>
      new LedgerUnavailable({ store: "redis", operation, cause })
    const noAnswer = `no answer from redis within ${timeoutMs} ms`
    const key = redisKeys(p)
    // Every key of every attempt goes in KEYS (three each; online attempts never touch the third).
    const exec = (cmds: ReadonlyArray<RedeemCommand>) => {
      const keys: Array<string> = []
      const args: Array<string | number> = [cmds.length]
      for (const cmd of cmds) {
        keys.push(key.code(cmd.code), key.fail(cmd.client), key.unknown(cmd.code, cmd.redemptionId))
        args.push(
          cmd.redemptionId,
          cmd.doorId,
          cmd.at,
          cmd.now,
          cmd.source === "online" ? "1" : "0",
          cmd.maxFailures,
          cmd.windowMs
        )
      }
      return redeemScript
        .run(redis, keys, args)
        .then((reply) =>
          parseBatchReply(reply, cmds.length).map((r) => (r instanceof Error ? err(r) : ok(r)))
        )
    }
    // One queue for the whole store: a batch may carry redemptions of different codes.
    const redeemBatcher = makeBatcher<RedeemCommand, RedeemOutcome>({
      maxBatch,
      inFlight,
      timeoutMs,
      exec: (_, cmds) => exec(cmds),
      timeout: () => noAnswer,
      tooFew: (answered, items) => `the redemption script answered ${answered} of ${items} attempts`
    })
    const run = <A>(operation: LedgerStoreOperation, f: () => Promise<A>) =>
      Effect.tryPromise({ try: () => withDeadline(f(), timeoutMs, () => noAnswer), catch: fail(operation) })
    return LedgerStore.of({
      issue: (code) =>
        run("issue", () =>
          issueScript.run(redis, [key.code(code.code)], [code.maxUses, code.expiresAt ?? ""])
        ).pipe(Effect.map((r) => Number(r) === 1)),
      redeem: (cmd) =>
        Effect.tryPromise({ try: () => redeemBatcher.submit("redeem", cmd), catch: fail("redeem") }),
      revoke: (code, at) =>
        run("revoke", () => revokeScript.run(redis, [key.code(code)], [at])).pipe(
          Effect.map((r) => (Array.isArray(r) ? toStored(code, r) : undefined))
        ),
      status: (code) =>
        run("status", () => redis.call("HMGET", key.code(code), "max", "uses", "exp", "rev")).pipe(
          Effect.map((r) => {
            const fields = r as ReadonlyArray<unknown>
            return fields[0] === null ? undefined : toStored(code, fields)
          })
        ),
      history: (code) =>
        run("history", () => redis.call("HGETALL", key.code(code))).pipe(
          Effect.flatMap((r) =>
            Effect.try({
              try: () => {
                // HGETALL answers [field, value, field, value, …]; history entries are the h:<seq> fields.
                const flat = r as ReadonlyArray<string>
                const entries: Array<readonly [number, string]> = []
                for (let i = 0; i + 1 < flat.length; i += 2) {
                  const field = flat[i] as string
                  if (field.startsWith("h:")) entries.push([Number(field.slice(2)), flat[i + 1] as string])
                }
                entries.sort((x, y) => x[0] - y[0])
                return decodeAttempts(entries.map(([, e]) => parseAttempt(e)))
              },
              catch: fail("history")
            })
          )
        )
    })
  })
}
