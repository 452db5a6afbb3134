/**
 * The Redis store: every decision is one Lua script, which Redis runs atomically (no other
 * command runs in between), so any number of app instances can share one drop.
 *
 * **Expiry: neither key TTLs nor a sweeper.** Holds are queued by creation time (every hold of a
 * drop lasts `holdMs`): a list for holds created in order, a sorted set for the few created out
 * of order (clocks of instances differ); every script first moves the holds whose time has come
 * back to stock (exactly once, since only a `held` hold can expire), then decides. A TTL would delete a hold's key
 * without giving its units back, and a sweeper could lag behind a rush; with lazy expiry inside
 * the script, availability is right at every decision even if no process ran for hours. Reading
 * availability or a snapshot runs the same expiry step.
 *
 * The time is the caller's Effect `Clock`, passed to the script, so tests drive expiry with the
 * test clock (and instances should run NTP-synchronised clocks, as for any hold timer).
 *
 * **Events across instances** (with a `subscriber` connection): the script that applies a batch
 * also `PUBLISH`es what it did, so a batch is announced if and only if it was applied, in the
 * order batches were applied; receivers decode the message with the same decoders as the
 * script's reply and derive the events with the same function as the local stream.
 *
 * Keys share a hash tag per drop (`<prefix>{<dropId>}:…`), so one drop lives on one Redis Cluster
 * slot.
 *
 * @since 0.1.0
 */
import {
  DEFAULT_STORE_TIMEOUT_MS,
  formatIssues,
  inputIssues,
  makeBatcher,
  ok,
  type RedisLike,
  redisScript
} from "@microdrop/kit"
import { Effect, Layer, Schema } from "effect"
import { Drop } from "./Drop.ts"
import type { BatchOutcome, DropBackend, EntryList, EventRelay } from "./DropBackend.ts"
import type { DropEvent } from "./DropEvent.ts"
import { DropStore, makeDropStore, makeRelayedDropStore } from "./DropStore.ts"
import { StoredEntry } from "./Entry.ts"
import { DomainError, type InvalidStoreOptions, StoreUnavailable } from "./errors.ts"
import type { DropSnapshot, Hold, Line, SkuAvailability } from "./Hold.ts"
import { anObject, requireArgument } from "./internal/arguments.ts"
import { deriveEvents, type OpKind, type ResultFact } from "./internal/deriveEvents.ts"
import { type Op, type OpResult, precheckHold } from "./internal/engine.ts"
import { type REDIS_PARTS, redisKey } from "./internal/keys.ts"
import { boundedCalls, noAnswer, storeFailure } from "./internal/storeCall.ts"
import {
  checkedNewId,
  checkStoreOptions,
  dieOnBadNewId,
  hasMethods,
  isFunction,
  isNonEmptyString,
  isString,
  isTimeout,
  isWholeAtLeast1,
  type OptionCheck
} from "./internal/storeOptions.ts"
import { instanceIdOf, listenScoped } from "./internal/wire.ts"
import { sumLines } from "./rules.ts"

/**
 * The Redis client a store takes: any client with `call(command, ...args)`, as an `ioredis` client
 * has (`new Redis(url)`). The toolkit's one Redis contract: pass the same client to
 * `@microdrop/codes` and `@microdrop/drops`.
 *
 * @category models
 * @since 0.1.0
 */
export type { RedisLike } from "@microdrop/kit"

/**
 * The parts of a dedicated `ioredis` connection the store uses to hear other instances' events
 * (a connection in subscriber mode can run no other command, so it cannot be `client`).
 *
 * @category models
 * @since 0.1.0
 */
export interface RedisSubscriberLike {
  psubscribe(pattern: string): Promise<unknown>
  punsubscribe(pattern: string): Promise<unknown>
  on(event: "pmessage", listener: (pattern: string, channel: string, message: string) => void): unknown
  off(event: "pmessage", listener: (pattern: string, channel: string, message: string) => void): unknown
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
  /**
   * A second, dedicated `ioredis` connection (`client.duplicate()`) for cross-instance events:
   * with it, the script that applies a batch also `PUBLISH`es what the batch did on
   * `<prefix>events:<dropId>` (atomically with it: sent if and only if the batch was applied, in
   * the order batches were applied), and other instances' events reach this instance's
   * subscribers. The caller owns it and closes it. Without it, events stay in this instance.
   */
  readonly subscriber?: RedisSubscriberLike
  /** This instance's id in published events (default `crypto.randomUUID`). */
  readonly instanceId?: string
  /**
   * Bound of one store call in milliseconds (default 10,000): a command Redis has not answered by
   * then (a connection killed while ioredis does not resend, a server that hangs) fails with the
   * retryable `StoreUnavailable` (a hold: retry with the same idempotency key) instead of waiting
   * for ever.
   */
  readonly timeoutMs?: number
}

const redisOptions: Readonly<Record<string, OptionCheck>> = {
  client: hasMethods("an ioredis client (new Redis(url))", ["call"]),
  prefix: isString,
  newId: isFunction,
  maxBatch: isWholeAtLeast1,
  inFlight: isWholeAtLeast1,
  subscriber: hasMethods("a dedicated ioredis connection (client.duplicate())", [
    "psubscribe",
    "punsubscribe",
    "on",
    "off"
  ]),
  instanceId: isNonEmptyString,
  timeoutMs: isTimeout
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

/** KEYS: list, data. ARGV: customer, lines (`sku*qty,…`), token. Appends unless the customer is there. */
const ENTRY_ADD = `
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2] .. ' ' .. ARGV[3]) == 0 then return 0 end
redis.call('RPUSH', KEYS[1], ARGV[1])
return 1
`

/** KEYS: list, data. Returns customer, "sku*qty,… token", … in order. */
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
 * keys. ARGV: config JSON, the number of operations, then each operation flat (see the script).
 *
 * It reads everything the batch needs first (one `HMGET` for the idempotency keys, one for the
 * holds named by confirms and releases, one for the customers' totals when the drop has a
 * per-customer limit), decides in Lua tables, and writes once at the end (one `HSET`/`ZADD` per
 * key), so the number of Redis calls does not grow with the batch. It first expires the holds due
 * at the batch's latest time, then applies each operation in order; an operation sees the effect
 * of the ones before it in the batch.
 *
 * A hold is stored as `status createdAt sku*qty,… customerId` (ids and SKUs have no spaces; the
 * customer id comes last; a hold lasts the drop's `holdMs`, so `expiresAt` is not stored). The due
 * set is scored by creation time and cleaned lazily: a confirmed or released hold stays in it
 * until its time, when the expiry step finds it is no longer `held` and skips it.
 *
 * The reply is `[availability numbers, expired holds ("id record"), results]`, a result being
 * one string: `n<id>` a fresh hold, `h<id> <record>` a hold, `r<status> <id> <record>` a replay
 * (the first result is that hold with that status), `e<error JSON>` a refusal, `x` no operation.
 */
const APPLY = `
local K_ITEMS, K_HOLDS, K_DUE, K_CUST, K_KEYS, K_QUEUE = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local cfg = cjson.decode(ARGV[1])
local limit, holdMs, dropId = cfg.perCustomer, cfg.holdMs, cfg.dropId
local find, sub, gmatch, match = string.find, string.sub, string.gmatch, string.match
-- one string per operation, fields separated by spaces (ids have none; the last field is the rest):
--   h|w <now> <new hold id> <key> <customer> <sku*qty,...> <fingerprint> a hold (w: a waiting-list promotion)
--   p <now> <key> <fingerprint> <error JSON>                            a hold refused before the store
--   c|r <now> <hold id> <key> <fingerprint>                             a confirm or a release
--   x <now>                                                             nothing (availability)
local count = #ARGV - 1
local ops, now = {}, 0
local keyList, holdList, custList = {}, {}, {}
for i = 1, count do
  local text = ARGV[i + 1]
  local kind = sub(text, 1, 1)
  local o
  if kind == 'h' or kind == 'w' then
    local c, id, key, who, ls, fp = match(text, '^. (%S+) (%S+) (%S+) (%S+) (%S+) (.*)$')
    o = { kind = kind, c = c, id = id, key = key, who = who, ls = ls, fp = fp }
    if limit then custList[#custList + 1] = who end
  elseif kind == 'p' then
    local c, key, fp, err = match(text, '^p (%S+) (%S+) (%S+) (.*)$')
    o = { kind = kind, c = c, key = key, fp = fp, err = err }
  elseif kind == 'c' or kind == 'r' then
    local c, id, key, fp = match(text, '^. (%S+) (%S+) (%S+) (.*)$')
    o = { kind = kind, c = c, id = id, key = key, fp = fp }
    holdList[#holdList + 1] = id
  else
    o = { kind = 'x', c = sub(text, 3) }
  end
  if o.key then keyList[#keyList + 1] = o.key end
  o.n = tonumber(o.c)
  if o.n > now then now = o.n end
  ops[i] = o
end
-- reads: one HMGET per hash (in chunks: unpack has a stack limit)
local function fetch(key, list, into)
  for s = 1, #list, 1000 do
    local e = math.min(s + 999, #list)
    local vals = redis.call('HMGET', key, unpack(list, s, e))
    for j = s, e do into[list[j]] = vals[j - s + 1] end
  end
end
local keyRec, rawHold, holds, cust = {}, {}, {}, {}
fetch(K_KEYS, keyList, keyRec)
fetch(K_HOLDS, holdList, rawHold)
if limit then fetch(K_CUST, custList, cust) end
for c, v in pairs(cust) do cust[c] = tonumber(v or '0') end
-- writes, applied once at the end (for a field written twice, the later value wins)
local holdWrites, keyWrites, dueWrites, custDirty = {}, {}, {}, {}
-- a hold is { id, status, c = createdAt as text, createdAt, expiresAt, ls = lines as text,
-- lines = { sku, quantity, sku, quantity, ... }, units, customerId, enc = its record }
local function getHold(id)
  local h = holds[id]
  if h ~= nil then return h end
  local raw = rawHold[id]
  if raw == nil then raw = redis.call('HGET', K_HOLDS, id) end
  if not raw then
    holds[id] = false
    return false
  end
  local st, c, ls, who = string.match(raw, '^(%S+) (%S+) (%S*) (.*)$')
  local lines, units = {}, 0
  for sku, q in gmatch(ls, '([^,*]+)%*(%d+)') do
    q = tonumber(q)
    lines[#lines + 1] = sku
    lines[#lines + 1] = q
    units = units + q
  end
  local created = tonumber(c)
  h = { id = id, status = st, c = c, createdAt = created, expiresAt = created + holdMs, ls = ls, lines = lines,
        units = units, customerId = who, enc = raw }
  holds[id] = h
  return h
end
local function save(h)
  h.enc = h.status .. ' ' .. h.c .. ' ' .. h.ls .. ' ' .. h.customerId
  holdWrites[#holdWrites + 1] = h.id
  holdWrites[#holdWrites + 1] = h.enc
end
local function units(c)
  local u = cust[c]
  if u == nil then
    u = tonumber(redis.call('HGET', K_CUST, c) or '0')
    cust[c] = u
  end
  return u
end
local function addUnits(c, d)
  if not limit then return end
  cust[c] = units(c) + d
  custDirty[c] = true
end
-- counters per SKU are read once, changed in these tables and written back once at the end
local stock, held, confirmed = {}, {}, {}
-- 'q' is the creation time of the last hold appended to the due queue
local queueTail = 0
local flat = redis.call('HGETALL', K_ITEMS)
for i = 1, #flat, 2 do
  local f, v = flat[i], tonumber(flat[i + 1])
  local kind, sku = sub(f, 1, 1), sub(f, 3)
  if kind == 's' then stock[sku] = v elseif kind == 'h' then held[sku] = v elseif kind == 'c' then confirmed[sku] = v
  elseif f == 'q' then queueTail = v end
end
local function move(lines, dh, dc)
  for j = 1, #lines, 2 do
    local sku, q = lines[j], lines[j + 1]
    held[sku] = held[sku] + dh * q
    confirmed[sku] = confirmed[sku] + dc * q
  end
end
-- expire every live hold whose time has come (the latest time in the batch), exactly once. Due
-- holds are found by creation time (every hold of a drop lasts holdMs): holds created in order are
-- appended to a list (the queue, sorted by construction: cheaper than a sorted set), the few that
-- arrive out of order go to the sorted set
local expired = {}
local cutoff = now - holdMs
local due = redis.call('ZRANGEBYSCORE', K_DUE, '-inf', cutoff)
if #due > 0 then redis.call('ZREMRANGEBYSCORE', K_DUE, '-inf', cutoff) end
local head = redis.call('LINDEX', K_QUEUE, 0)
while head and tonumber(match(head, '^%S+')) <= cutoff do
  local chunk = redis.call('LRANGE', K_QUEUE, 0, 999)
  local taken = 0
  for _, e in ipairs(chunk) do
    local c, id = match(e, '^(%S+) (.*)$')
    if tonumber(c) > cutoff then break end
    due[#due + 1] = id
    taken = taken + 1
  end
  redis.call('LTRIM', K_QUEUE, taken, -1)
  if taken < #chunk then break end
  head = redis.call('LINDEX', K_QUEUE, 0)
end
if #due > 0 then
  fetch(K_HOLDS, due, rawHold)
  for _, id in ipairs(due) do
    local h = getHold(id)
    if h and h.status == 'held' and h.expiresAt <= now then
      h.status = 'expired'
      save(h)
      move(h.lines, -1, 0)
      addUnits(h.customerId, -h.units)
      expired[#expired + 1] = id .. ' ' .. h.enc
    end
  end
end
local function refuse(e) return 'e' .. cjson.encode(e) end
local function checkStock(customerId, lines, requested)
  if limit then
    local already = units(customerId)
    if already + requested > limit then
      return refuse({ _tag = 'LimitExceeded', dropId = dropId, limit = 'perCustomer', max = limit,
                      requested = requested, already = already })
    end
  end
  for j = 1, #lines, 2 do
    local sku, q = lines[j], lines[j + 1]
    local a = stock[sku] - held[sku] - confirmed[sku]
    if q > a then
      return refuse({ _tag = 'OutOfStock', dropId = dropId, sku = sku, requested = q, available = a })
    end
  end
  return nil
end
-- a key's record is "<fingerprint>\\n<status>\\n<hold id>" (the other fields of a hold never change)
local function remember(key, fp, h)
  local rec = fp .. '\\n' .. h.status .. '\\n' .. h.id
  keyRec[key] = rec
  keyWrites[#keyWrites + 1] = key
  keyWrites[#keyWrites + 1] = rec
end
local queueWrites = {}
local function apply(o)
  local kind = o.kind
  if kind == 'x' then return 'x' end
  local fp, key = o.fp, o.key
  local prev = keyRec[key]
  if prev then
    local p = find(prev, '\\n', 1, true)
    if sub(prev, 1, p - 1) == fp then
      local q = find(prev, '\\n', p + 1, true)
      local h = getHold(sub(prev, q + 1))
      return 'r' .. sub(prev, p + 1, q - 1) .. ' ' .. h.id .. ' ' .. h.enc
    end
    return refuse({ _tag = 'IdempotencyKeyReused', key = key })
  end
  if kind == 'p' then return 'e' .. o.err end
  local c, n = o.c, o.n
  if kind == 'h' or kind == 'w' then
    local ls, who, id = o.ls, o.who, o.id
    local lines, requested
    local sku, qs = match(ls, '^([^,*]+)%*(%d+)$')
    if sku then
      requested = tonumber(qs)
      lines = { sku, requested }
    else
      lines, requested = {}, 0
      for s, q in gmatch(ls, '([^,*]+)%*(%d+)') do
        q = tonumber(q)
        lines[#lines + 1] = s
        lines[#lines + 1] = q
        requested = requested + q
      end
    end
    local refused = checkStock(who, lines, requested)
    if refused then return refused end
    move(lines, 1, 0)
    addUnits(who, requested)
    if n >= queueTail then
      queueTail = n
      queueWrites[#queueWrites + 1] = c .. ' ' .. id
    else
      dueWrites[#dueWrites + 1] = c
      dueWrites[#dueWrites + 1] = id
    end
    -- the record only: a later operation of the batch on this hold decodes it (getHold)
    local enc = 'held ' .. c .. ' ' .. ls .. ' ' .. who
    holds[id] = nil
    rawHold[id] = enc
    holdWrites[#holdWrites + 1] = id
    holdWrites[#holdWrites + 1] = enc
    local rec = fp .. '\\nheld\\n' .. id
    keyRec[key] = rec
    keyWrites[#keyWrites + 1] = key
    keyWrites[#keyWrites + 1] = rec
    return 'n' .. id
  end
  local h = getHold(o.id)
  if not h then return refuse({ _tag = 'HoldNotFound', dropId = dropId, holdId = o.id }) end
  local function done()
    remember(key, fp, h)
    return 'h' .. h.id .. ' ' .. h.enc
  end
  if kind == 'c' then
    if h.status == 'confirmed' then return done() end
    if h.status == 'released' then
      return refuse({ _tag = 'HoldAlreadyReleased', dropId = dropId, holdId = h.id })
    end
    if h.status == 'expired' or h.expiresAt <= n then
      if cfg.lateConfirm ~= 'rehold-if-available' or h.status ~= 'expired' then
        return refuse({ _tag = 'HoldAlreadyExpired', dropId = dropId, holdId = h.id, expiredAt = h.expiresAt })
      end
      local refused = checkStock(h.customerId, h.lines, h.units)
      if refused then return refused end
      h.status = 'confirmed'
      move(h.lines, 0, 1)
      addUnits(h.customerId, h.units)
      save(h)
      return done()
    end
    -- its entry in the due set stays until its time (the expiry step skips holds no longer held)
    h.status = 'confirmed'
    move(h.lines, -1, 1)
    save(h)
    return done()
  end
  if h.status == 'confirmed' then
    return refuse({ _tag = 'HoldAlreadyConfirmed', dropId = dropId, holdId = h.id })
  end
  if h.status ~= 'held' then return done() end
  h.status = 'released'
  move(h.lines, -1, 0)
  addUnits(h.customerId, -h.units)
  save(h)
  return done()
end
local results = {}
for i = 1, count do results[i] = apply(ops[i]) end
local avail, writes = {}, {}
for _, sku in ipairs(cfg.skus) do
  avail[#avail + 1] = stock[sku]
  avail[#avail + 1] = held[sku]
  avail[#avail + 1] = confirmed[sku]
  writes[#writes + 1] = 'h:' .. sku
  writes[#writes + 1] = held[sku]
  writes[#writes + 1] = 'c:' .. sku
  writes[#writes + 1] = confirmed[sku]
end
writes[#writes + 1] = 'q'
writes[#writes + 1] = queueTail
redis.call('HSET', K_ITEMS, unpack(writes))
local function flush(cmd, key, list)
  for s = 1, #list, 1000 do redis.call(cmd, key, unpack(list, s, math.min(s + 999, #list))) end
end
flush('HSET', K_HOLDS, holdWrites)
flush('HSET', K_KEYS, keyWrites)
flush('ZADD', K_DUE, dueWrites)
flush('RPUSH', K_QUEUE, queueWrites)
if limit then
  local cw = {}
  for c, _ in pairs(custDirty) do
    cw[#cw + 1] = c
    cw[#cw + 1] = cust[c]
  end
  flush('HSET', K_CUST, cw)
end
-- with a subscriber configured, publish what the batch did, as part of it (receivers derive the
-- events in TypeScript): [instance, drop, availability, expired, "<kind><now>" per operation,
-- results], a fresh hold as "h<id> <record>", a refusal or replay as its letter only
if cfg.pub then
  local meta, pub, changed = {}, {}, #expired > 0
  for i = 1, count do
    local r, o = results[i], ops[i]
    local k = sub(r, 1, 1)
    if k == 'n' then
      local id = sub(r, 2)
      r = 'h' .. id .. ' ' .. rawHold[id]
      changed = true
    elseif k == 'h' then
      changed = true
    else
      r = k
    end
    meta[i] = o.kind .. o.c
    pub[i] = r
  end
  if changed then
    redis.call('PUBLISH', cfg.pub, cjson.encode({ cfg.inst, dropId, avail, table.concat(expired, '\\n'),
      table.concat(meta, ' '), table.concat(pub, '\\n') }))
  end
end
-- results and expired holds travel as one text each, a line per item (no result holds a newline)
return { avail, table.concat(expired, '\\n'), table.concat(results, '\\n') }
`

const createScript = redisScript(CREATE)
const applyScript = redisScript(APPLY)
const entryAddScript = redisScript(ENTRY_ADD)
const entryListScript = redisScript(ENTRY_LIST)
const entryRemoveScript = redisScript(ENTRY_REMOVE)
const SCRIPTS = [CREATE, APPLY, ENTRY_ADD, ENTRY_LIST, ENTRY_REMOVE]

/**
 * A hash's fields and values (`HGETALL`): `call` answers the flat reply (`[field, value, …]`);
 * a client that turns it into an object (as `ioredis`'s `hgetall` does) works too.
 */
const hashOf = async (client: RedisLike, key: string): Promise<Record<string, string>> => {
  const reply = await client.call("HGETALL", key)
  if (!Array.isArray(reply)) return (reply ?? {}) as Record<string, string>
  const out: Record<string, string> = {}
  for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1])
  return out
}

const decodeError = Schema.decodeUnknownSync(DomainError)

const spaced = /\s/
const badId = (id: string): boolean => id === "" || spaced.test(id)
/** Does an operation carry an id the script could not split (empty or with whitespace)? */
const badIds = (op: Op): boolean =>
  badId(op.request.idempotencyKey) ||
  ("holdId" in op.request
    ? badId(op.request.holdId)
    : badId(op.request.customerId) || (op.request.passes ?? []).some(badId))
const encodeError = Schema.encodeSync(DomainError)
const decodeDrop = Schema.decodeUnknownEffect(Schema.fromJsonString(Drop))

/** Lines as the store keeps them (holds, entries, ops): `sku*qty,sku*qty` (SKUs have no `*`, `,` or space). */
const encodeLines = (lines: ReadonlyArray<Line>): string => {
  let text = ""
  for (const l of lines) text += `${text === "" ? "" : ","}${l.sku}*${l.quantity}`
  return text
}

/** Reads `sku*qty,…`; a part without `*` gets quantity NaN (the caller's schema refuses it). */
const parseLines = (text: string): Array<Line> => {
  const lines: Array<Line> = []
  for (const part of text.split(",")) {
    const star = part.indexOf("*")
    lines.push(
      star < 0
        ? { sku: part, quantity: Number.NaN }
        : { sku: part.slice(0, star), quantity: Number(part.slice(star + 1)) }
    )
  }
  return lines
}

const decodeStoredEntry = Schema.decodeUnknownEffect(StoredEntry)

/**
 * Decodes an entry record `sku*qty,… token`; anything else (a hand-edited key, an older encoding)
 * fails with a `SchemaError` naming the field, never a crash.
 */
const decodeEntryRecord = (
  customerId: string,
  record: string
): Effect.Effect<StoredEntry, Schema.SchemaError> => {
  const space = record.indexOf(" ")
  const lines = parseLines(space < 0 ? record : record.slice(0, space))
  return decodeStoredEntry({ customerId, lines, token: space < 0 ? undefined : record.slice(space + 1) })
}

/**
 * A hold as the script stores it: `status createdAt sku*qty,… customerId` (the customer id is the
 * rest of the text), starting at `from` in `text`.
 */
const parseHold = (id: string, drop: Drop, text: string, from: number): Hold => {
  const a = text.indexOf(" ", from)
  const b = text.indexOf(" ", a + 1)
  const c = text.indexOf(" ", b + 1)
  const lines = parseLines(text.slice(b + 1, c))
  const createdAt = Number(text.slice(a + 1, b))
  return {
    id,
    dropId: drop.id,
    customerId: text.slice(c + 1),
    lines,
    status: text.slice(from, a) as Hold["status"],
    createdAt,
    expiresAt: createdAt + drop.holdMs
  }
}

/** `<id> <record>` from `from` in `text`. */
const parseIdHold = (drop: Drop, text: string, from: number): Hold => {
  const space = text.indexOf(" ", from)
  return parseHold(text.slice(from, space), drop, text, space + 1)
}

/** The script's availability numbers (stock, held, confirmed per SKU in the drop's order). */
const decodeAvailability = (drop: Drop, avail: ReadonlyArray<number | string>): Array<SkuAvailability> =>
  drop.items.map((item, i) => {
    const stock = Number(avail[3 * i])
    const held = Number(avail[3 * i + 1])
    const confirmed = Number(avail[3 * i + 2])
    return { sku: item.sku, stock, held, confirmed, available: stock - held - confirmed }
  })

/** The script's expired holds, one `<id> <record>` per line. */
const decodeExpired = (drop: Drop, text: string): Array<Hold> =>
  text === "" ? [] : text.split("\n").map((e) => parseIdHold(drop, e, 0))

/** What a fresh hold was asked with (the script answers only its id). */
interface Asked {
  readonly customerId: string
  readonly lines: ReadonlyArray<Line>
  readonly now: number
}

/** One result of the script (see APPLY); `asked` is what a fresh hold was asked with. */
const decodeResult = (drop: Drop, r: string | undefined, asked: Asked | undefined): OpResult => {
  switch (r?.[0]) {
    case "n": {
      // a fresh hold: the script sends only its id, the rest is what was asked
      const a = asked as Asked
      const hold: Hold = {
        id: r.slice(1),
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
      return { ok: true, hold: parseIdHold(drop, r, 1), replayed: false }
    case "r": {
      // the first result is the hold with the status the key recorded
      const space = r.indexOf(" ")
      const hold = parseIdHold(drop, r, space + 1)
      return {
        ok: true,
        hold: { ...hold, status: r.slice(1, space) as Hold["status"] },
        replayed: true
      }
    }
    case "e":
      return { ok: false, error: decodeError(JSON.parse(r.slice(1))) }
    default:
      throw new Error("the drop script returned no result for an operation")
  }
}

/**
 * What the script publishes with a subscriber configured: `[instance, drop id, availability,
 * expired holds, "<kind><now>" per operation (space-separated), results (a line each)]`.
 */
const Published = Schema.fromJsonString(
  Schema.Tuple([
    Schema.String,
    Schema.String,
    Schema.Array(Schema.Number),
    Schema.String,
    Schema.String,
    Schema.String
  ])
)
const decodePublished = Schema.decodeUnknownOption(Published)

const opKinds: Record<string, OpKind> = {
  h: { _tag: "hold" },
  w: { _tag: "hold", promoted: true },
  c: { _tag: "confirm" },
  r: { _tag: "release" }
}
const UNCHANGED: ResultFact = { ok: false }
const NO_OPS: ReadonlyArray<OpKind> = []
/** `<kind><now>` of one published operation. */
const PUBLISHED_OP = /^[hwpcrx]\d+$/
/** A hold record: `status createdAt sku*qty,… customerId` (ids have no spaces). */
const RECORD = "(?:held|confirmed|released|expired) \\d+ \\S+ \\S+"
/** One published result: a letter for nothing changed, or `h<id> <record>`. */
const PUBLISHED_RESULT = new RegExp(`^(?:[eprx]|h\\S+ ${RECORD})$`)
/** One published expired hold: `<id> <record>`. */
const PUBLISHED_EXPIRED = new RegExp(`^\\S+ ${RECORD}$`)

/**
 * The events of a batch another instance published, decoded with the script's own decoders and
 * derived like the local stream's; undefined for a message of this instance, about a drop this
 * instance has not loaded, or not a batch at all.
 */
const receivedEvents = (
  instanceId: string,
  known: (dropId: string) => Drop | undefined,
  message: string
): Array<DropEvent> | undefined => {
  const decoded = decodePublished(message)
  if (decoded._tag === "None") return undefined
  const [sender, dropId, avail, expiredText, meta, resultText] = decoded.value
  const drop = sender === instanceId ? undefined : known(dropId)
  if (drop === undefined) return undefined
  // a message that is not exactly what the script publishes is dropped whole
  const kinds = meta.split(" ")
  const results = resultText.split("\n")
  const lapsed = expiredText === "" ? [] : expiredText.split("\n")
  if (
    avail.length !== 3 * drop.items.length ||
    !avail.every(Number.isSafeInteger) ||
    results.length !== kinds.length ||
    !kinds.every((k) => PUBLISHED_OP.test(k)) ||
    !results.every((r) => PUBLISHED_RESULT.test(r)) ||
    !lapsed.every((e) => PUBLISHED_EXPIRED.test(e))
  )
    return undefined
  try {
    const availability = decodeAvailability(drop, avail)
    const expired = decodeExpired(drop, expiredText)
    const events: Array<DropEvent> = []
    kinds.forEach((m, i) => {
      const op = opKinds[m[0] as string]
      const r = results[i] as string
      // refusals and replays travel as their letter only: they change nothing
      const result = op === undefined || r.length <= 1 ? UNCHANGED : decodeResult(drop, r, undefined)
      events.push(
        ...deriveEvents(drop.id, Number(m.slice(1)), op === undefined ? NO_OPS : [op], {
          results: op === undefined ? [] : [result],
          availability,
          expired: i === 0 ? expired : []
        })
      )
    })
    return events
  } catch {
    return undefined
  }
}

/**
 * The Redis backend (for {@link makeDropStore}); loads its scripts first.
 *
 * @category constructors
 * @since 0.1.0
 */
export const redisBackend = (
  options: RedisStoreOptions
): Effect.Effect<DropBackend, StoreUnavailable | InvalidStoreOptions> => {
  const invalid = checkStoreOptions("redis", options, redisOptions, ["client"])
  if (invalid !== undefined) return Effect.fail(invalid)
  const client = options.client
  const prefix = options.prefix ?? "microdrop:drops:"
  const newId =
    options.newId === undefined ? () => globalThis.crypto.randomUUID() : checkedNewId("redis", options.newId)
  const maxBatch = options.maxBatch ?? 64
  const inFlight = options.inFlight ?? 2
  const timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS
  const bounded = boundedCalls("redis", timeoutMs)
  const key = (dropId: string, part: (typeof REDIS_PARTS)[number]) => redisKey(prefix, dropId, part)
  const dropKeys = (dropId: string) =>
    (["items", "holds", "due", "customers", "keys", "queue"] as const).map((p) => key(dropId, p))
  const entryKeys = (dropId: string, list: EntryList) => [
    key(dropId, `${list}:order`),
    key(dropId, `${list}:data`)
  ]
  const configs = new Map<string, string>()
  // with a subscriber, the script publishes each batch on the drop's channel (see APPLY)
  const publishing = options.subscriber !== undefined
  const instanceId = instanceIdOf(options)
  const configOf = (drop: Drop): string => {
    let c = configs.get(drop.id)
    if (c === undefined) {
      c = JSON.stringify({
        dropId: drop.id,
        holdMs: drop.holdMs,
        lateConfirm: drop.lateConfirm,
        skus: drop.items.map((i) => i.sku),
        ...(drop.limits.perCustomer === undefined ? {} : { perCustomer: drop.limits.perCustomer }),
        ...(publishing ? { pub: `${prefix}events:${drop.id}`, inst: instanceId } : {})
      })
      configs.set(drop.id, c)
    }
    return c
  }

  return Effect.gen(function* () {
    // loaded up front, so a layer whose Redis is unreachable fails to build (and NOSCRIPT is rare)
    yield* bounded("loadScripts", () =>
      Promise.all(SCRIPTS.map((script) => client.call("SCRIPT", "LOAD", script)))
    )
    /** Appends one operation as one string to `args` (see the script); returns what a fresh hold needs. */
    const encodeOp = (
      args: Array<string>,
      drop: Drop,
      op: Op | undefined,
      now: number
    ): Asked | undefined => {
      if (op === undefined) {
        args.push(`x ${now}`)
        return undefined
      }
      const { idempotencyKey } = op.request
      if (op._tag === "hold") {
        const error = op.award === true ? undefined : precheckHold(drop, op.request, now)
        if (error !== undefined) {
          args.push(`p ${now} ${idempotencyKey} ${op.fingerprint} ${JSON.stringify(encodeError(error))}`)
          return undefined
        }
        const lines = sumLines(op.request.lines)
        const text = encodeLines(lines)
        const kind = op.promoted === true ? "w" : "h"
        args.push(
          `${kind} ${now} ${newId()} ${idempotencyKey} ${op.request.customerId} ${text} ${op.fingerprint}`
        )
        return { customerId: op.request.customerId, lines, now }
      }
      args.push(
        `${op._tag === "confirm" ? "c" : "r"} ${now} ${op.request.holdId} ${idempotencyKey} ${op.fingerprint}`
      )
      return undefined
    }
    type Reply = readonly [ReadonlyArray<number>, string, string]
    /** One script call for a batch; each pending call gets its own results and the shared rest. */
    const runScript = async (drop: Drop, batch: ReadonlyArray<Pending>): Promise<Array<BatchOutcome>> => {
      const args: Array<string> = [configOf(drop)]
      const asked: Array<ReturnType<typeof encodeOp>> = []
      for (const p of batch) {
        if (p.ops.length === 0) asked.push(encodeOp(args, drop, undefined, p.now))
        else for (const op of p.ops) asked.push(encodeOp(args, drop, op, p.now))
      }
      const [avail, expiredText, resultText] = (await applyScript.run(
        client,
        dropKeys(drop.id),
        args
      )) as Reply
      const availability = decodeAvailability(drop, avail)
      const expired = decodeExpired(drop, expiredText)
      const results = resultText.split("\n")
      let at = 0
      return batch.map((p, n) => {
        const start = at
        at += p.ops.length === 0 ? 1 : p.ops.length
        const opResults = p.ops.map((_, j) => decodeResult(drop, results[start + j], asked[start + j]))
        // expiries are reported once, with the first call of the batch
        return { results: opResults, availability, expired: n === 0 ? expired : [] }
      })
    }
    const batcher = makeBatcher<Pending, BatchOutcome>({
      maxBatch,
      inFlight,
      timeoutMs,
      exec: async (_, batch) => (await runScript((batch[0] as Pending).drop, batch)).map(ok),
      timeout: () => new StoreUnavailable({ store: "redis", operation: "run", cause: noAnswer(timeoutMs) }),
      tooFew: (answered, items) =>
        new StoreUnavailable({
          store: "redis",
          operation: "run",
          cause: `${answered} results for ${items} calls`
        })
    })

    const backend: DropBackend = {
      name: "redis",
      newId,
      synchronous: false,
      insertDrop: (drop) =>
        bounded(
          "createDrop",
          async () =>
            (await createScript.run(
              client,
              [key(drop.id, "drop"), key(drop.id, "items")],
              [JSON.stringify(drop), JSON.stringify(drop.items)]
            )) === 1
        ),
      loadDrop: (dropId) =>
        Effect.flatMap(
          bounded("getDrop", () => client.call("GET", key(dropId, "drop"))),
          (body) =>
            body === null || body === undefined
              ? Effect.succeed(undefined)
              : Effect.mapError(
                  decodeDrop(body),
                  (e) =>
                    new StoreUnavailable({
                      store: "redis",
                      operation: "decodeDrop",
                      cause: `drop ${dropId}: ${formatIssues(inputIssues(e))}`
                    })
                )
        ),
      run: (drop, ops, now) => {
        const bad = ops.find(badIds)
        if (bad !== undefined)
          return Effect.fail(
            new StoreUnavailable({
              store: "redis",
              operation: "run",
              cause: `ids must be non-empty and without spaces (see Id), as the Redis store separates fields with spaces: ${JSON.stringify(bad.request)}`
            })
          )
        return dieOnBadNewId(
          // the batcher bounds each batch by timeoutMs
          Effect.tryPromise({
            try: () => batcher.submit(drop.id, { drop, ops, now }),
            catch: storeFailure("redis", "run")
          })
        )
      },
      addEntry: (drop, list, entry) =>
        bounded(
          "addEntry",
          async () =>
            (await entryAddScript.run(client, entryKeys(drop.id, list), [
              entry.customerId,
              encodeLines(entry.lines),
              entry.token
            ])) === 1
        ),
      listEntries: (drop, list) =>
        Effect.flatMap(
          bounded(
            "listEntries",
            async () => (await entryListScript.run(client, entryKeys(drop.id, list), [])) as Array<string>
          ),
          (flat) => {
            const rows: Array<readonly [string, string]> = []
            for (let i = 0; i + 1 < flat.length; i += 2) rows.push([flat[i] as string, flat[i + 1] as string])
            return Effect.forEach(rows, ([customerId, record]) =>
              Effect.mapError(
                decodeEntryRecord(customerId, record),
                (e) =>
                  new StoreUnavailable({
                    store: "redis",
                    operation: "decodeEntry",
                    cause: `the ${list} entry of customer ${customerId}: ${formatIssues(inputIssues(e))}`
                  })
              )
            )
          }
        ),
      removeEntry: (drop, list, customerId) =>
        bounded("removeEntry", async () => {
          await entryRemoveScript.run(client, entryKeys(drop.id, list), [customerId])
        }),
      snapshot: (drop, now) =>
        Effect.gen(function* () {
          const out = yield* backend.run(drop, [], now)
          const [holds, keys] = yield* bounded("snapshot", () =>
            Promise.all([hashOf(client, key(drop.id, "holds")), hashOf(client, key(drop.id, "keys"))])
          )
          return {
            availability: { dropId: drop.id, at: now, items: [...out.availability] },
            holds: Object.entries(holds)
              .map(([id, record]) => parseHold(id, drop, record, 0))
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
 * A Redis `DropStore` layer. The caller owns the client (and closes it). Building it fails with
 * `InvalidStoreOptions` naming an option it cannot use (an unknown key, a `client` that is not an
 * `ioredis` client, a `maxBatch` of 0 …), and with `StoreUnavailable` when Redis cannot be reached
 * to load the scripts.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerRedis = (
  options: RedisStoreOptions
): Layer.Layer<DropStore, StoreUnavailable | InvalidStoreOptions> =>
  Layer.effect(
    DropStore,
    Effect.flatMap(redisBackend(options), (backend) =>
      Effect.map(makeRelayedDropStore(backend, redisRelay(options)), DropStore.of)
    )
  )

/**
 * The listening side of Redis events (pub/sub on `<prefix>events:<dropId>`), or undefined without
 * a subscriber connection. The sending side is the decision script itself (`PUBLISH` inside it).
 * Build it from the same options object as the backend (or give both the same `instanceId`), so
 * this instance's own messages are skipped.
 *
 * @category constructors
 * @since 0.1.0
 */
export const redisRelay = (options: RedisStoreOptions): EventRelay | undefined => {
  requireArgument("redisRelay", "options", anObject, options)
  const subscriber = options.subscriber
  if (subscriber === undefined) return undefined
  const channelPrefix = `${options.prefix ?? "microdrop:drops:"}events:`
  const pattern = `${channelPrefix.replace(/[*?[\]\\]/g, "\\$&")}*`
  const instanceId = instanceIdOf(options)
  // this instance's own messages start with its id (cjson leaves plain ids as they are)
  const own = /^[\w.:-]+$/.test(instanceId) ? `["${instanceId}",` : undefined
  return {
    listen: (known, deliver) => {
      // one connection hears messages in the order the scripts ran
      const listener = (p: string, _channel: string, message: string) => {
        if (p !== pattern || (own !== undefined && message.startsWith(own))) return
        const events = receivedEvents(instanceId, known, message)
        if (events !== undefined && events.length > 0) deliver(events)
      }
      return listenScoped({
        store: "redis",
        operation: "listen",
        attach: () => subscriber.on("pmessage", listener),
        detach: () => subscriber.off("pmessage", listener),
        start: () => subscriber.psubscribe(pattern),
        stop: () => subscriber.punsubscribe(pattern)
      })
    }
  }
}
