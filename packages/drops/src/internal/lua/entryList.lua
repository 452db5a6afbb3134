-- entryList.lua: reads a raffle or waiting list in order.
-- KEYS[1] the list's order, KEYS[2] its data (see entryAdd.lua).
-- Replies customer id, entry record, customer id, entry record, … (records as in
-- src/internal/redisRecords.ts).
local out = {}
for _, c in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  local v = redis.call('HGET', KEYS[2], c)
  if v then
    table.insert(out, c)
    table.insert(out, v)
  end
end
return out
