/**
 * `@microdrop/codes/redis`: the ledger store for Redis. Install `ioredis` yourself; this entry does not
 * import it. `RedisLike` is the contract every Microdrop package takes: pass the same `ioredis` client
 * to codes and drops.
 *
 * @since 0.1.0
 */
export type { RedisLike } from "@microdrop/kit"
export type { RedisStoreOptions } from "./LedgerRedis.ts"
export { redisStore } from "./LedgerRedis.ts"
