-- entryRemove.lua: takes a customer off a raffle or waiting list.
-- KEYS[1] the list's order, KEYS[2] its data (see entryAdd.lua). ARGV[1] the customer id.
-- Replies 1.
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('LREM', KEYS[1], 0, ARGV[1])
return 1
