// The script loader on a real Redis: runs by SHA, and reloads a script the server forgot.
import { Redis } from "ioredis"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { randomName, serviceUrl } from "../../../scripts/test-support/services.ts"
import { redisScript } from "../src/RedisClient.ts"

const url = serviceUrl("REDIS_URL")

describe.skipIf(url === undefined)("redisScript", () => {
  let redis: Redis
  const prefix = randomName("kit")
  beforeAll(() => {
    redis = new Redis(url as string)
  })
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`)
    if (keys.length > 0) await redis.del(...keys)
    redis.disconnect()
  })

  // a script unique to this run, so SCRIPT EXISTS says what this test did, not what another did
  const source = `-- ${prefix}\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])`

  it("runs a script the server has never seen (NOSCRIPT → SCRIPT LOAD → EVALSHA)", async () => {
    const script = redisScript(source)
    expect(await redis.script("EXISTS", script.sha)).toEqual([0])
    expect(await script.run(redis, [`${prefix}:n`], [2])).toBe(2)
    expect(await redis.script("EXISTS", script.sha)).toEqual([1])
    expect(await script.run(redis, [`${prefix}:n`], [3])).toBe(5)
  })

  it("counts non-ASCII arguments and keys as the same bytes both ways", async () => {
    const echo = redisScript(`-- ${prefix} echo\nreturn {KEYS[1], ARGV[1], string.len(ARGV[1])}`)
    const text = "北门 Tür-Süd ☕🎧"
    expect(await echo.run(redis, [`${prefix}:${text}`], [text])).toEqual([
      `${prefix}:${text}`,
      text,
      Buffer.byteLength(text)
    ])
  })

  it("passes script errors through unchanged", async () => {
    const bad = redisScript(`-- ${prefix} bad\nreturn redis.call('NOPE')`)
    await expect(bad.run(redis, [], [])).rejects.toThrow(/Unknown Redis command|unknown command/i)
  })
})
