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
import { makeBatcher } from "./batcher.ts"
import { type BatchOutcome, type DropBackend, DropStore, makeDropStore } from "./DropStore.ts"
import { type Op, type OpResult, precheckHold, sumLines } from "./engine.ts"
import { DomainError, StoreUnavailable } from "./errors.ts"
import {
  Drop,
  type DropSnapshot,
  type Hold,
  type Line,
  type SkuAvailability,
  type StoredEntry
} from "./model.ts"

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
  /** Most operations per script call (default 64). */
  readonly maxBatch?: number
  /** Batches per drop running at once from this process (default 2: this process prepares the next batch while Redis runs one). */
  readonly inFlight?: number
}

interface Pending {
  readonly drop: Drop
  readonly ops: ReadonlyArray<Op>
  readonly now: number
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

/** KEYS: list, data. ARGV: customer, quantity, token. Appends unless the customer is there. */
const ENTRY_ADD = `
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2] .. ' ' .. ARGV[3]) == 0 then return 0 end
redis.call('RPUSH', KEYS[1], ARGV[1])
return 1
`

/** KEYS: list, data. Returns customer, "quantity token", … in order. */
const ENTRY_LIST = `
local out = {}
for _, c in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  local v = redis.call('HGET', KEYS[2], c)
  if v then
    table.insert(out, c)
    table.insert(out, v)
  end
end
return out
`

/** KEYS: list, data. ARGV: customer. */
const ENTRY_REMOVE = `
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('LREM', KEYS[1], 0, ARGV[1])
return 1
`

/**
 * The decision script, for a batch of operations on one drop. KEYS: items, holds, due, customers,
 * keys. ARGV: config JSON, the number of operations, then each operation flat (see the script). It
 * first expires the holds due at the batch's latest time, then applies each operation; counters
 * are written back once. The reply is `[availability numbers, expired hold JSONs, results]`.
 */
const APPLY = `
local K_ITEMS, K_HOLDS, K_DUE, K_CUST, K_KEYS = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local cfg = cjson.decode(ARGV[1])
-- operations arrive flat: kind, now, fingerprint, precheck error JSON or "", new id, customer or
-- hold id, idempotency key, line count, then sku and quantity per line
local ops = {}
local at, now = 3, 0
for i = 1, tonumber(ARGV[2]) do
  local o = { o = ARGV[at], n = tonumber(ARGV[at + 1]), f = ARGV[at + 2], p = ARGV[at + 3], i = ARGV[at + 4],
              who = ARGV[at + 5], key = ARGV[at + 6] }
  local count = tonumber(ARGV[at + 7])
  at = at + 8
  local lines = {}
  for j = 1, count do
    lines[j] = { sku = ARGV[at], quantity = tonumber(ARGV[at + 1]) }
    at = at + 2
  end
  o.lines = lines
  ops[i] = o
  if o.n > now then now = o.n end
end
-- counters are read once, changed in this table and written back once at the end
local items = {}
local flat = redis.call('HGETALL', K_ITEMS)
for i = 1, #flat, 2 do items[flat[i]] = tonumber(flat[i + 1]) end
local cust, custDirty = {}, {}
local function units(c)
  local u = cust[c]
  if u == nil then
    u = tonumber(redis.call('HGET', K_CUST, c) or '0')
    cust[c] = u
  end
  return u
end
local function addUnits(c, d)
  cust[c] = units(c) + d
  custDirty[c] = true
end
local function total(lines)
  local n = 0
  for _, l in ipairs(lines) do n = n + l.quantity end
  return n
end
local function move(lines, dh, dc)
  for _, l in ipairs(lines) do
    items['h:' .. l.sku] = items['h:' .. l.sku] + dh * l.quantity
    items['c:' .. l.sku] = items['c:' .. l.sku] + dc * l.quantity
  end
end
local function save(h)
  local enc = cjson.encode(h)
  redis.call('HSET', K_HOLDS, h.id, enc)
  return enc
end
-- expire every live hold whose time has come (the latest time in the batch), exactly once
local expired = {}
local due = redis.call('ZRANGEBYSCORE', K_DUE, '-inf', now)
if #due > 0 then redis.call('ZREMRANGEBYSCORE', K_DUE, '-inf', now) end
for _, id in ipairs(due) do
  local raw = redis.call('HGET', K_HOLDS, id)
  if raw then
    local h = cjson.decode(raw)
    if h.status == 'held' and h.expiresAt <= now then
      h.status = 'expired'
      save(h)
      move(h.lines, -1, 0)
      addUnits(h.customerId, -total(h.lines))
      table.insert(expired, raw)
    end
  end
end
local function available(sku)
  return items['s:' .. sku] - items['h:' .. sku] - items['c:' .. sku]
end
local function refuse(e) return { 'e', cjson.encode(e) } end
local function checkStock(customerId, lines)
  if cfg.perCustomer then
    local already = units(customerId)
    local requested = total(lines)
    if already + requested > cfg.perCustomer then
      return refuse({ _tag = 'LimitExceeded', dropId = cfg.dropId, limit = 'perCustomer', max = cfg.perCustomer,
                      requested = requested, already = already })
    end
  end
  for _, l in ipairs(lines) do
    local a = available(l.sku)
    if l.quantity > a then
      return refuse({ _tag = 'SoldOut', dropId = cfg.dropId, sku = l.sku, requested = l.quantity, available = a })
    end
  end
  return nil
end
-- replies: { 'n', id } a fresh hold; { 'h', hold JSON } a hold; { 'r', hold JSON, status } a replay
-- (the first result is that hold with that status); { 'e', error JSON } a refusal
local function apply(o)
  local key = o.key
  -- a key's record is "<fingerprint>\\n<status>\\n<hold id>" (the other fields of a hold never change)
  local function remember(h, enc)
    redis.call('HSET', K_KEYS, key, o.f .. '\\n' .. h.status .. '\\n' .. h.id)
    return { 'h', enc }
  end
  local prev = redis.call('HGET', K_KEYS, key)
  if prev then
    local a = string.find(prev, '\\n', 1, true)
    if string.sub(prev, 1, a - 1) == o.f then
      local b = string.find(prev, '\\n', a + 1, true)
      return { 'r', redis.call('HGET', K_HOLDS, string.sub(prev, b + 1)), string.sub(prev, a + 1, b - 1) }
    end
    return refuse({ _tag = 'IdempotencyKeyReused', key = key })
  end
  if o.o == 'hold' then
    if o.p ~= '' then return { 'e', o.p } end
    local refused = checkStock(o.who, o.lines)
    if refused then return refused end
    local h = { id = o.i, dropId = cfg.dropId, customerId = o.who, lines = o.lines,
                status = 'held', createdAt = o.n, expiresAt = o.n + cfg.holdMs }
    move(h.lines, 1, 0)
    addUnits(h.customerId, total(h.lines))
    redis.call('ZADD', K_DUE, h.expiresAt, h.id)
    save(h)
    redis.call('HSET', K_KEYS, key, o.f .. '\\nheld\\n' .. h.id)
    return { 'n', h.id }
  end
  local raw = redis.call('HGET', K_HOLDS, o.who)
  if not raw then return refuse({ _tag = 'HoldNotFound', dropId = cfg.dropId, holdId = o.who }) end
  local h = cjson.decode(raw)
  if o.o == 'confirm' then
    if h.status == 'confirmed' then return remember(h, raw) end
    if h.status == 'released' then
      return refuse({ _tag = 'HoldReleased', dropId = cfg.dropId, holdId = h.id })
    end
    if h.status == 'expired' or h.expiresAt <= o.n then
      if cfg.lateConfirm ~= 'rehold-if-available' or h.status ~= 'expired' then
        return refuse({ _tag = 'HoldExpired', dropId = cfg.dropId, holdId = h.id, expiredAt = h.expiresAt })
      end
      local refused = checkStock(h.customerId, h.lines)
      if refused then return refused end
      h.status = 'confirmed'
      move(h.lines, 0, 1)
      addUnits(h.customerId, total(h.lines))
      return remember(h, save(h))
    end
    h.status = 'confirmed'
    move(h.lines, -1, 1)
    redis.call('ZREM', K_DUE, h.id)
    return remember(h, save(h))
  end
  if h.status == 'confirmed' then
    return refuse({ _tag = 'HoldConfirmed', dropId = cfg.dropId, holdId = h.id })
  end
  if h.status ~= 'held' then return remember(h, raw) end
  h.status = 'released'
  move(h.lines, -1, 0)
  addUnits(h.customerId, -total(h.lines))
  redis.call('ZREM', K_DUE, h.id)
  return remember(h, save(h))
end
local results = {}
for i, o in ipairs(ops) do
  if o.o == 'none' then results[i] = { 'x' } else results[i] = apply(o) end
end
local avail, writes = {}, {}
for _, sku in ipairs(cfg.skus) do
  local s, h, c = items['s:' .. sku], items['h:' .. sku], items['c:' .. sku]
  table.insert(avail, s)
  table.insert(avail, h)
  table.insert(avail, c)
  table.insert(writes, 'h:' .. sku)
  table.insert(writes, h)
  table.insert(writes, 'c:' .. sku)
  table.insert(writes, c)
end
redis.call('HSET', K_ITEMS, unpack(writes))
-- written in chunks: unpack has a stack limit, and a long quiet spell can lapse many holds at once
local cw = {}
for c, _ in pairs(custDirty) do
  table.insert(cw, c)
  table.insert(cw, cust[c])
  if #cw >= 1000 then
    redis.call('HSET', K_CUST, unpack(cw))
    cw = {}
  end
end
if #cw > 0 then redis.call('HSET', K_CUST, unpack(cw)) end
return { avail, expired, results }
`

const decodeError = Schema.decodeUnknownSync(DomainError)
const encodeError = Schema.encodeSync(DomainError)
const decodeDrop = Schema.decodeUnknownEffect(Schema.fromJsonString(Drop))

/** A hold as Lua's cjson wrote it (a JSON text or already parsed). */
const toHold = (raw: string | Hold): Hold => {
  const h = typeof raw === "string" ? (JSON.parse(raw) as Hold) : raw
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
  const maxBatch = options.maxBatch ?? 64
  const inFlight = options.inFlight ?? 2
  const fail = (operation: string) => (cause: unknown) =>
    new StoreUnavailable({ store: "redis", operation, cause })
  const key = (dropId: string, part: string) => `${prefix}{${dropId}}:${part}`
  const dropKeys = (dropId: string) =>
    ["items", "holds", "due", "customers", "keys"].map((p) => key(dropId, p))
  const entryKeys = (dropId: string, list: string) => [
    key(dropId, `${list}:order`),
    key(dropId, `${list}:data`)
  ]
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
    const [createSha, applySha, addSha, listSha, removeSha] = yield* Effect.tryPromise({
      try: () =>
        Promise.all(
          [CREATE, APPLY, ENTRY_ADD, ENTRY_LIST, ENTRY_REMOVE].map((script) => client.script("LOAD", script))
        ),
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
    /** Appends one operation's flat fields to `args`; returns what a fresh hold needs. */
    const encodeOp = (
      args: Array<string | number>,
      drop: Drop,
      op: Op | undefined,
      now: number
    ):
      | { readonly customerId: string; readonly lines: ReadonlyArray<Line>; readonly now: number }
      | undefined => {
      if (op === undefined) {
        args.push("none", now, "", "", "", "", "", 0)
        return undefined
      }
      if (op._tag === "hold") {
        const error = op.award === true ? undefined : precheckHold(drop, op.request, now)
        const lines = sumLines(op.request.lines)
        args.push(
          "hold",
          now,
          op.fingerprint,
          error === undefined ? "" : JSON.stringify(encodeError(error)),
          newId(),
          op.request.customerId,
          op.request.idempotencyKey,
          lines.length
        )
        for (const l of lines) args.push(l.sku, l.quantity)
        return { customerId: op.request.customerId, lines, now }
      }
      args.push(op._tag, now, op.fingerprint, "", "", op.request.holdId, op.request.idempotencyKey, 0)
      return undefined
    }
    type Reply = readonly [ReadonlyArray<number>, ReadonlyArray<string>, ReadonlyArray<ReadonlyArray<string>>]
    /** One script call for a batch; each pending call gets its own results and the shared rest. */
    const runScript = async (drop: Drop, batch: ReadonlyArray<Pending>): Promise<Array<BatchOutcome>> => {
      const args: Array<string | number> = [configOf(drop), 0]
      const asked: Array<ReturnType<typeof encodeOp>> = []
      for (const p of batch) {
        if (p.ops.length === 0) asked.push(encodeOp(args, drop, undefined, p.now))
        else for (const op of p.ops) asked.push(encodeOp(args, drop, op, p.now))
      }
      args[1] = asked.length
      const [avail, expiredRaw, results] = (await call(
        applySha as string,
        APPLY,
        dropKeys(drop.id),
        args
      )) as Reply
      const availability: Array<SkuAvailability> = drop.items.map((item, i) => {
        const stock = Number(avail[3 * i])
        const held = Number(avail[3 * i + 1])
        const confirmed = Number(avail[3 * i + 2])
        return { sku: item.sku, stock, held, confirmed, available: stock - held - confirmed }
      })
      const expired = expiredRaw.map((e) => ({ ...toHold(e), status: "expired" as const }))
      const decode = (r: ReadonlyArray<string> | undefined, k: number): OpResult => {
        switch (r?.[0]) {
          case "n": {
            // a fresh hold: the script sends only its id, the rest is what was asked
            const a = asked[k] as { customerId: string; lines: ReadonlyArray<Line>; now: number }
            const hold: Hold = {
              id: r[1] as string,
              dropId: drop.id,
              customerId: a.customerId,
              lines: a.lines,
              status: "held",
              createdAt: a.now,
              expiresAt: a.now + drop.holdMs
            }
            return { ok: true, hold, replayed: false }
          }
          case "h":
            return { ok: true, hold: toHold(r[1] as string), replayed: false }
          case "r":
            return {
              ok: true,
              hold: { ...toHold(r[1] as string), status: r[2] as Hold["status"] },
              replayed: true
            }
          case "e":
            return { ok: false, error: decodeError(JSON.parse(r[1] as string)) }
          default:
            throw new Error("the drop script returned no result for an operation")
        }
      }
      let at = 0
      return batch.map((p, n) => {
        const start = at
        at += p.ops.length === 0 ? 1 : p.ops.length
        const opResults = p.ops.map((_, j) => decode(results[start + j], start + j))
        // expiries are reported once, with the first call of the batch
        return { results: opResults, availability, expired: n === 0 ? expired : [] }
      })
    }
    const batcher = makeBatcher<Pending, BatchOutcome>(maxBatch, inFlight, (_, batch) =>
      runScript((batch[0] as Pending).drop, batch)
    )

    const backend: DropBackend = {
      name: "redis",
      newId,
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
          try: () => batcher.submit(drop.id, { drop, ops, now }),
          catch: fail("a hold operation")
        }),
      addEntry: (drop, list, entry) =>
        Effect.tryPromise({
          try: async () =>
            (await call(addSha as string, ENTRY_ADD, entryKeys(drop.id, list), [
              entry.customerId,
              entry.quantity,
              entry.token
            ])) === 1,
          catch: fail("adding an entry")
        }),
      listEntries: (drop, list) =>
        Effect.tryPromise({
          try: async () => {
            const flat = (await call(
              listSha as string,
              ENTRY_LIST,
              entryKeys(drop.id, list),
              []
            )) as Array<string>
            const out: Array<StoredEntry> = []
            for (let i = 0; i + 1 < flat.length; i += 2) {
              const [quantity, token] = (flat[i + 1] as string).split(" ")
              out.push({ customerId: flat[i] as string, quantity: Number(quantity), token: token as string })
            }
            return out
          },
          catch: fail("listing entries")
        }),
      removeEntry: (drop, list, customerId) =>
        Effect.tryPromise({
          try: async () => {
            await call(removeSha as string, ENTRY_REMOVE, entryKeys(drop.id, list), [customerId])
          },
          catch: fail("removing an entry")
        }),
      snapshot: (drop, now) =>
        Effect.gen(function* () {
          const out = yield* backend.run(drop, [], now)
          const [holds, keys] = yield* Effect.tryPromise({
            try: () =>
              Promise.all([client.hgetall(key(drop.id, "holds")), client.hgetall(key(drop.id, "keys"))]),
            catch: fail("snapshot")
          })
          return {
            availability: { dropId: drop.id, at: now, items: [...out.availability] },
            holds: Object.values(holds)
              .map(toHold)
              .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)),
            holdKeys: Object.entries(keys)
              .filter(([, record]) => record.startsWith("hold|"))
              .map(([k, record]) => ({ key: k, holdId: record.slice(record.lastIndexOf("\n") + 1) }))
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
