-- create.lua: creates a drop once (the Redis store's createDrop).
-- KEYS[1] the drop's JSON, KEYS[2] its items hash.
-- ARGV[1] the drop as JSON, ARGV[2] its items as JSON ([{ sku, stock }, …]).
-- Writes the items hash's counters (s:<sku> stock, h:<sku> held, c:<sku> confirmed; see
-- src/internal/redisRecords.ts). Replies 1 when it created the drop, 0 when the drop was there.
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
local items = cjson.decode(ARGV[2])
for _, it in ipairs(items) do
  redis.call('HSET', KEYS[2], 's:' .. it.sku, it.stock, 'h:' .. it.sku, 0, 'c:' .. it.sku, 0)
end
return 1
