import type { Layer } from "effect"
import { Redis } from "ioredis"
import { afterAll, describe, expect, it } from "vitest"
import { type LedgerStore, LedgerUnavailable } from "../src/index.js"
import { createLedger } from "../src/promise.js"
import { redisStore } from "../src/redis.js"
import { redeemFromProcesses } from "./crossProcess.js"
import { ledgerSuite } from "./ledgerSuite.js"
import { randomName, serviceUrl } from "./services.js"

const url = serviceUrl("REDIS_URL")

describe.runIf(url !== undefined)("on a real Redis server (ioredis)", () => {
  const redis = new Redis(url as string, { lazyConnect: true })
  const prefixes: string[] = []
  const makeStore = (): Layer.Layer<LedgerStore, unknown> => {
    const prefix = randomName("md:codes")
    prefixes.push(prefix)
    return redisStore({ redis, prefix })
  }

  afterAll(async () => {
    for (const prefix of prefixes) {
      let cursor = "0"
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000)
        if (keys.length > 0) await redis.del(...keys)
        cursor = next
      } while (cursor !== "0")
    }
    await redis.quit()
  })

  ledgerSuite("Redis", makeStore)

  it("keeps exactly 5 uses of one code redeemed 120 times at once from 3 OS processes, with every attempt in the history", async () => {
    const prefix = randomName("md:codes")
    prefixes.push(prefix)
    const ledger = createLedger({ store: redisStore({ redis, prefix }) })
    await ledger.issue({ code: "RUSH", maxUses: 5 })
    const results = await redeemFromProcesses("redis", url as string, prefix, "RUSH", 3, 40)
    expect(results).toHaveLength(120)
    expect(
      results
        .filter((r) => r.ok)
        .map((r) => r.use)
        .sort()
    ).toEqual([1, 2, 3, 4, 5])
    expect(new Set(results.filter((r) => !r.ok).map((r) => r.tag))).toEqual(new Set(["CodeAlreadyRedeemed"]))
    const history = await ledger.history("RUSH")
    expect(history).toHaveLength(120)
    expect(history.filter((a) => a.outcome === "redeemed")).toHaveLength(5)
    expect((await ledger.status("RUSH")).uses).toBe(5)
    await ledger.dispose()
  })

  it("reloads its scripts after SCRIPT FLUSH-like loss (NOSCRIPT) and keeps working", async () => {
    const prefix = randomName("md:codes")
    prefixes.push(prefix)
    // A client whose EVALSHA always misses, as after a server restart.
    const forgetful = {
      call: (command: string, ...args: Array<string | number>) =>
        command === "EVALSHA"
          ? Promise.reject(new Error("NOSCRIPT No matching script"))
          : redis.call(command, ...args)
    }
    const ledger = createLedger({ store: redisStore({ redis: forgetful, prefix }) })
    await ledger.issue({ code: "S1" })
    expect((await ledger.redeem({ code: "S1", redemptionId: "r", doorId: "d" })).use).toBe(1)
    await ledger.dispose()
  })

  it("fails with LedgerUnavailable when Redis cannot be reached", async () => {
    const dead = new Redis("redis://127.0.0.1:1", {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null
    })
    dead.on("error", () => undefined)
    const ledger = createLedger({ store: redisStore({ redis: dead }) })
    await expect(ledger.status("X")).rejects.toBeInstanceOf(LedgerUnavailable)
    await ledger.dispose()
    dead.disconnect()
  })
})
