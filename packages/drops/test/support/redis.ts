// Clean-up for the Redis tests: each uses its own random key prefix and deletes it afterwards.
import type { Redis } from "ioredis"

/** Deletes every key under a prefix this test created. */
export const deletePrefix = async (redis: Redis, prefix: string): Promise<void> => {
  let cursor = "0"
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500)
    if (keys.length > 0) await redis.del(...keys)
    cursor = next
  } while (cursor !== "0")
}
