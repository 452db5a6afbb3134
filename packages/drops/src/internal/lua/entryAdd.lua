-- entryAdd.lua: appends a customer to a raffle or waiting list, once.
-- KEYS[1] the list's order (a list of customer ids), KEYS[2] its data (a hash by customer id).
-- ARGV[1] the customer id, ARGV[2] the lines (`sku*qty,…`), ARGV[3] the token.
-- The entry record is `<lines> <token>` (see src/internal/redisRecords.ts).
-- Replies 1 when it added the entry, 0 when the customer was already on the list.
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2] .. ' ' .. ARGV[3]) == 0 then return 0 end
redis.call('RPUSH', KEYS[1], ARGV[1])
return 1
