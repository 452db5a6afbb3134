/**
 * `@microdrop/codes/redis`: the ledger store for Redis. Install `ioredis` yourself; this entry does not
 * import it.
 *
 * @since 0.2.0
 */
export type { RedisLike, RedisStoreOptions } from "./LedgerRedis.js"
export { redisStore } from "./LedgerRedis.js"
