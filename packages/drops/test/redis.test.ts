import { Effect, Layer } from "effect"
import { Redis } from "ioredis"
import { layerRedis } from "../src/redis.ts"
import { conformanceSuite } from "../src/testing.ts"
import { randomName, requireEnv } from "./support/env.ts"

/** Deletes every key under a prefix this test created. */
export const deletePrefix = async (redis: Redis, prefix: string): Promise<void> => {
  let cursor = "0"
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500)
    if (keys.length > 0) await redis.del(...keys)
    cursor = next
  } while (cursor !== "0")
}

const url = requireEnv("REDIS_URL")
if (url !== undefined) {
  const prefix = `${randomName("drops_test")}:`
  await conformanceSuite(
    "redis",
    () =>
      Layer.unwrap(
        Effect.acquireRelease(
          Effect.sync(() => new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 })),
          (redis) =>
            Effect.promise(async () => {
              await deletePrefix(redis, prefix)
              await redis.quit()
            })
        ).pipe(Effect.map((redis) => layerRedis({ client: redis, prefix })))
      ),
    { numRuns: 25 }
  )
}
