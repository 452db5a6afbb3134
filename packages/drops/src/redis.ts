/**
 * The Redis store: every decision is one Lua script, which Redis runs atomically (no other
 * command runs in between), so any number of app instances can share one drop.
 *
 * **Expiry: neither key TTLs nor a sweeper.** Live holds sit in a sorted set scored by their
 * expiry time; every script first moves the holds whose time has come back to stock (exactly
 * once, since only a `held` hold can expire), then decides. A TTL would delete a hold's key
 * without giving its units back, and a sweeper could lag behind a rush; with lazy expiry inside
 * the script, availability is right at every decision even if no process ran for hours. Reading
 * availability or a snapshot runs the same expiry step.
 *
 * The time is the caller's Effect `Clock`, passed to the script, so tests drive expiry with the
 * test clock (and instances should run NTP-synchronised clocks, as for any hold timer).
 *
 * Keys share a hash tag per drop (`<prefix>{<dropId>}:…`), so one drop lives on one Redis Cluster
 * slot.
 *
 * @since 0.1.0
 */
import { Effect, Layer, Schema } from "effect"
import { type BatchOutcome, type DropBackend, DropStore, makeDropStore } from "./DropStore.ts"
import { type Op, type OpResult, precheckHold, sumLines } from "./engine.ts"
import { DomainError, StoreUnavailable } from "./errors.ts"
import { Drop, type DropSnapshot, type Hold, type SkuAvailability } from "./model.ts"

/**
 * The parts of an `ioredis` client the store uses (structural, so this entry does not import
 * `ioredis`).
 *
 * @category models
 * @since 0.1.0
 */
export interface RedisLike {
  evalsha(sha: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>
  script(subcommand: "LOAD", script: string): Promise<unknown>
  get(key: string): Promise<string | null>
  hgetall(key: string): Promise<Record<string, string>>
}

/**
 * Options of the Redis store.
 *
 * @category models
 * @since 0.1.0
 */
export interface RedisStoreOptions {
  /** An `ioredis` client (`new Redis(url)`). The caller owns it and closes it. */
  readonly client: RedisLike
  /** Prefix of every key (default `microdrop:drops:`). */
  readonly prefix?: string
  /** Makes hold ids (default `crypto.randomUUID`). */
  readonly newId?: () => string
}

const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
local items = cjson.decode(ARGV[2])
for _, it in ipairs(items) do
  redis.call('HSET', KEYS[2], 's:' .. it.sku, it.stock, 'h:' .. it.sku, 0, 'c:' .. it.sku, 0)
end
return 1
`

/**
 * The decision script. KEYS: items, holds, due, customers, keys, results.
 * ARGV: now, op ("hold" | "confirm" | "release" | "none"), request JSON, fingerprint,
 * precheck error JSON or "", new hold id, config JSON.
 */
const APPLY = `
local K_ITEMS, K_HOLDS, K_DUE, K_CUST, K_KEYS, K_RES = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local now = tonumber(ARGV[1])
local op = ARGV[2]
local cfg = cjson.decode(ARGV[7])
local function total(lines)
  local n = 0
  for _, l in ipairs(lines) do n = n + l.quantity end
  return n
end
local function move(lines, dh, dc)
  for _, l in ipairs(lines) do
    if dh ~= 0 then redis.call('HINCRBY', K_ITEMS, 'h:' .. l.sku, dh * l.quantity) end
    if dc ~= 0 then redis.call('HINCRBY', K_ITEMS, 'c:' .. l.sku, dc * l.quantity) end
  end
end
local function save(h) redis.call('HSET', K_HOLDS, h.id, cjson.encode(h)) end
-- 1. expire every live hold whose time has come, exactly once
local expired = {}
local due = redis.call('ZRANGEBYSCORE', K_DUE, '-inf', now)
for _, id in ipairs(due) do
  redis.call('ZREM', K_DUE, id)
  local raw = redis.call('HGET', K_HOLDS, id)
  if raw then
    local h = cjson.decode(raw)
    if h.status == 'held' and h.expiresAt <= now then
      h.status = 'expired'
      save(h)
      move(h.lines, -1, 0)
      redis.call('HINCRBY', K_CUST, h.customerId, -total(h.lines))
      table.insert(expired, raw)
    end
  end
end
local function available(sku)
  local v = redis.call('HMGET', K_ITEMS, 's:' .. sku, 'h:' .. sku, 'c:' .. sku)
  return tonumber(v[1]) - tonumber(v[2]) - tonumber(v[3])
end
local function checkStock(customerId, lines)
  if cfg.perCustomer then
    local already = tonumber(redis.call('HGET', K_CUST, customerId) or '0')
    local requested = total(lines)
    if already + requested > cfg.perCustomer then
      return { _tag = 'LimitExceeded', dropId = cfg.dropId, limit = 'perCustomer', max = cfg.perCustomer,
               requested = requested, already = already }
    end
  end
  for _, l in ipairs(lines) do
    local a = available(l.sku)
    if l.quantity > a then
      return { _tag = 'SoldOut', dropId = cfg.dropId, sku = l.sku, requested = l.quantity, available = a }
    end
  end
  return nil
end
local result = nil
local function remember(key, h)
  redis.call('HSET', K_KEYS, key, ARGV[4])
  local enc = cjson.encode(h)
  redis.call('HSET', K_RES, key, enc)
  return { ok = true, hold = enc, replayed = false }
end
if op ~= 'none' then
  local req = cjson.decode(ARGV[3])
  local key = req.idempotencyKey
  local prev = redis.call('HGET', K_KEYS, key)
  if prev then
    if prev == ARGV[4] then
      result = { ok = true, hold = redis.call('HGET', K_RES, key), replayed = true }
    else
      result = { ok = false, error = { _tag = 'IdempotencyKeyReused', key = key } }
    end
  elseif op == 'hold' then
    if ARGV[5] ~= '' then
      result = { ok = false, error = cjson.decode(ARGV[5]) }
    else
      local refused = checkStock(req.customerId, req.lines)
      if refused then
        result = { ok = false, error = refused }
      else
        local h = { id = ARGV[6], dropId = cfg.dropId, customerId = req.customerId, lines = req.lines,
                    status = 'held', createdAt = now, expiresAt = now + cfg.holdMs }
        save(h)
        move(h.lines, 1, 0)
        redis.call('HINCRBY', K_CUST, h.customerId, total(h.lines))
        redis.call('ZADD', K_DUE, h.expiresAt, h.id)
        result = remember(key, h)
      end
    end
  else
    local raw = redis.call('HGET', K_HOLDS, req.holdId)
    if not raw then
      result = { ok = false, error = { _tag = 'HoldNotFound', dropId = cfg.dropId, holdId = req.holdId } }
    else
      local h = cjson.decode(raw)
      if op == 'confirm' then
        if h.status == 'confirmed' then
          result = remember(key, h)
        elseif h.status == 'released' then
          result = { ok = false, error = { _tag = 'HoldReleased', dropId = cfg.dropId, holdId = h.id } }
        elseif h.status == 'expired' then
          if cfg.lateConfirm ~= 'rehold-if-available' then
            result = { ok = false, error = { _tag = 'HoldExpired', dropId = cfg.dropId, holdId = h.id, expiredAt = h.expiresAt } }
          else
            local refused = checkStock(h.customerId, h.lines)
            if refused then
              result = { ok = false, error = refused }
            else
              h.status = 'confirmed'
              save(h)
              move(h.lines, 0, 1)
              redis.call('HINCRBY', K_CUST, h.customerId, total(h.lines))
              result = remember(key, h)
            end
          end
        else
          h.status = 'confirmed'
          save(h)
          move(h.lines, -1, 1)
          redis.call('ZREM', K_DUE, h.id)
          result = remember(key, h)
        end
      else
        if h.status == 'confirmed' then
          result = { ok = false, error = { _tag = 'HoldConfirmed', dropId = cfg.dropId, holdId = h.id } }
        elseif h.status ~= 'held' then
          result = remember(key, h)
        else
          h.status = 'released'
          save(h)
          move(h.lines, -1, 0)
          redis.call('HINCRBY', K_CUST, h.customerId, -total(h.lines))
          redis.call('ZREM', K_DUE, h.id)
          result = remember(key, h)
        end
      end
    end
  end
end
local avail = {}
for _, sku in ipairs(cfg.skus) do
  local v = redis.call('HMGET', K_ITEMS, 's:' .. sku, 'h:' .. sku, 'c:' .. sku)
  table.insert(avail, { tonumber(v[1]), tonumber(v[2]), tonumber(v[3]) })
end
return cjson.encode({ result = result or false, expired = expired, avail = avail })
`

const decodeError = Schema.decodeUnknownSync(DomainError)
const encodeError = Schema.encodeSync(DomainError)
const decodeDrop = Schema.decodeUnknownEffect(Schema.fromJsonString(Drop))

/** A hold as Lua's cjson wrote it: numbers may be floats in exponent form, arrays of one are fine. */
const toHold = (raw: string): Hold => {
  const h = JSON.parse(raw) as Hold
  return {
    id: h.id,
    dropId: h.dropId,
    customerId: h.customerId,
    lines: h.lines.map((l) => ({ sku: l.sku, quantity: Number(l.quantity) })),
    status: h.status,
    createdAt: Number(h.createdAt),
    expiresAt: Number(h.expiresAt)
  }
}

interface ScriptOut {
  readonly result: false | { ok: boolean; hold?: string; replayed?: boolean; error?: unknown }
  readonly expired: ReadonlyArray<string> | Record<string, never>
  readonly avail: ReadonlyArray<[number, number, number]>
}

/**
 * The Redis backend (for {@link makeDropStore}); loads its scripts first.
 *
 * @category constructors
 * @since 0.1.0
 */
export const redisBackend = (options: RedisStoreOptions): Effect.Effect<DropBackend, StoreUnavailable> => {
  const client = options.client
  const prefix = options.prefix ?? "microdrop:drops:"
  const newId = options.newId ?? (() => globalThis.crypto.randomUUID())
  const fail = (operation: string) => (cause: unknown) =>
    new StoreUnavailable({ store: "redis", operation, cause })
  const key = (dropId: string, part: string) => `${prefix}{${dropId}}:${part}`
  const dropKeys = (dropId: string) =>
    ["items", "holds", "due", "customers", "keys", "results"].map((p) => key(dropId, p))
  const configs = new Map<string, string>()
  const configOf = (drop: Drop): string => {
    let c = configs.get(drop.id)
    if (c === undefined) {
      c = JSON.stringify({
        dropId: drop.id,
        holdMs: drop.holdMs,
        lateConfirm: drop.lateConfirm,
        skus: drop.items.map((i) => i.sku),
        ...(drop.limits.perCustomer === undefined ? {} : { perCustomer: drop.limits.perCustomer })
      })
      configs.set(drop.id, c)
    }
    return c
  }

  return Effect.gen(function* () {
    const [createSha, applySha] = yield* Effect.tryPromise({
      try: () => Promise.all([client.script("LOAD", CREATE), client.script("LOAD", APPLY)]),
      catch: fail("loading scripts")
    })
    const call = async (sha: string, script: string, keys: Array<string>, args: Array<string | number>) => {
      try {
        return await client.evalsha(sha as string, keys.length, ...keys, ...args)
      } catch (error) {
        if (error instanceof Error && error.message.includes("NOSCRIPT"))
          return await client.eval(script, keys.length, ...keys, ...args)
        throw error
      }
    }
    const applyOne = async (drop: Drop, op: Op | undefined, now: number) => {
      let tag = "none"
      let request = ""
      let pre = ""
      let id = ""
      if (op !== undefined) {
        tag = op._tag
        if (op._tag === "hold") {
          const error = precheckHold(drop, op.request, now)
          if (error !== undefined) pre = JSON.stringify(encodeError(error))
          request = JSON.stringify({
            customerId: op.request.customerId,
            idempotencyKey: op.request.idempotencyKey,
            lines: sumLines(op.request.lines)
          })
          id = newId()
        } else
          request = JSON.stringify({ holdId: op.request.holdId, idempotencyKey: op.request.idempotencyKey })
      }
      const raw = (await call(applySha as string, APPLY, dropKeys(drop.id), [
        now,
        tag,
        request,
        op?.fingerprint ?? "",
        pre,
        id,
        configOf(drop)
      ])) as string
      const out = JSON.parse(raw) as ScriptOut
      const availability: Array<SkuAvailability> = drop.items.map((item, i) => {
        const [stock, held, confirmed] = out.avail[i] as [number, number, number]
        return { sku: item.sku, stock, held, confirmed, available: stock - held - confirmed }
      })
      const expired = Array.isArray(out.expired)
        ? out.expired.map((e) => ({ ...toHold(e), status: "expired" as const }))
        : []
      let result: OpResult | undefined
      if (out.result !== false) {
        result = out.result.ok
          ? { ok: true, hold: toHold(out.result.hold as string), replayed: out.result.replayed === true }
          : { ok: false, error: decodeError(out.result.error) }
      }
      return { result, availability, expired }
    }

    const backend: DropBackend = {
      name: "redis",
      synchronous: false,
      insertDrop: (drop) =>
        Effect.tryPromise({
          try: async () =>
            (await call(
              createSha as string,
              CREATE,
              [key(drop.id, "drop"), key(drop.id, "items")],
              [JSON.stringify(drop), JSON.stringify(drop.items)]
            )) === 1,
          catch: fail("createDrop")
        }),
      loadDrop: (dropId) =>
        Effect.flatMap(
          Effect.tryPromise({ try: () => client.get(key(dropId, "drop")), catch: fail("getDrop") }),
          (body) =>
            body === null
              ? Effect.succeed(undefined)
              : Effect.mapError(decodeDrop(body), fail("decoding a stored drop"))
        ),
      run: (drop, ops, now) =>
        Effect.tryPromise({
          try: async (): Promise<BatchOutcome> => {
            if (ops.length === 0) {
              const o = await applyOne(drop, undefined, now)
              return { results: [], availability: o.availability, expired: o.expired }
            }
            const outs = await Promise.all(ops.map((op) => applyOne(drop, op, now)))
            const last = outs[outs.length - 1] as (typeof outs)[0]
            return {
              results: outs.map((o) => o.result as OpResult),
              availability: last.availability,
              expired: outs.flatMap((o) => o.expired)
            }
          },
          catch: fail("a hold operation")
        }),
      snapshot: (drop, now) =>
        Effect.gen(function* () {
          const out = yield* backend.run(drop, [], now)
          const [holds, keys, results] = yield* Effect.tryPromise({
            try: () =>
              Promise.all([
                client.hgetall(key(drop.id, "holds")),
                client.hgetall(key(drop.id, "keys")),
                client.hgetall(key(drop.id, "results"))
              ]),
            catch: fail("snapshot")
          })
          return {
            availability: { dropId: drop.id, at: now, items: [...out.availability] },
            holds: Object.values(holds)
              .map(toHold)
              .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)),
            holdKeys: Object.entries(keys)
              .filter(([, fp]) => fp.startsWith("hold|"))
              .map(([k]) => ({ key: k, holdId: toHold(results[k] as string).id }))
          } satisfies DropSnapshot
        })
    }
    return backend
  })
}

/**
 * A Redis `DropStore` layer. The caller owns the client (and closes it).
 *
 * @category layers
 * @since 0.1.0
 */
export const layerRedis = (options: RedisStoreOptions): Layer.Layer<DropStore, StoreUnavailable> =>
  Layer.effect(
    DropStore,
    Effect.flatMap(redisBackend(options), (backend) => Effect.map(makeDropStore(backend), DropStore.of))
  )
