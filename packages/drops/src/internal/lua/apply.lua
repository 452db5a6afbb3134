-- apply.lua: the decision script, for a batch of operations on one drop (the Redis store's run).
-- KEYS: items, holds, due, customers, keys, queue. ARGV[1] the drop's config as JSON, then one
-- string per operation (the format is below). Redis runs it atomically.
--
-- It reads everything the batch needs first (one HMGET for the idempotency keys, one for the holds
-- named by confirms and releases, one for the customers' totals when the drop has a per-customer
-- limit), decides in Lua tables, and writes once at the end (one HSET/ZADD per key), so the number
-- of Redis calls does not grow with the batch. It first expires the holds due at the batch's latest
-- time, then applies each operation in order; an operation sees the effect of the ones before it.
--
-- The records it reads and writes (a hold, an idempotency key's record, the items hash, the due
-- queue) and its reply and published message are documented once, with their TypeScript codecs, in
-- src/internal/redisRecords.ts: a change here is a change there.
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
-- A hold's `sku*qty,sku*qty` lines (see redisRecords.ts) as a flat {sku, qty, ...} list, and its units.
local function parseLines(ls)
  local lines, total = {}, 0
  for sku, q in gmatch(ls, '([^,*]+)%*(%d+)') do
    q = tonumber(q)
    lines[#lines + 1] = sku
    lines[#lines + 1] = q
    total = total + q
  end
  return lines, total
end

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
  local lines, units = parseLines(ls)
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
-- a key's record is "<fingerprint>\n<status>\n<hold id>" (the other fields of a hold never change)
local function remember(key, fp, h)
  local rec = fp .. '\n' .. h.status .. '\n' .. h.id
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
    local p = find(prev, '\n', 1, true)
    if sub(prev, 1, p - 1) == fp then
      local q = find(prev, '\n', p + 1, true)
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
      lines, requested = parseLines(ls)
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
    local rec = fp .. '\nheld\n' .. id
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
    redis.call('PUBLISH', cfg.pub, cjson.encode({ cfg.inst, dropId, avail, table.concat(expired, '\n'),
      table.concat(meta, ' '), table.concat(pub, '\n') }))
  end
end
-- results and expired holds travel as one text each, a line per item (no result holds a newline)
return { avail, table.concat(expired, '\n'), table.concat(results, '\n') }
