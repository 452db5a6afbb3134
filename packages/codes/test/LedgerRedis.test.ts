import type { Layer } from "effect"
import { Redis } from "ioredis"
import { afterAll, describe, expect, it } from "vitest"
import { type LedgerStore, LedgerUnavailable } from "../src/index.ts"
import { createLedger } from "../src/promise.ts"
import { redisStore } from "../src/redis.ts"
import { expectExactlyOnceAcrossProcesses, redeemFromProcesses } from "./crossProcess.ts"
import { ledgerSuite } from "./ledgerSuite.ts"
import { randomName, serviceUrl } from "./services.ts"

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
    await expectExactlyOnceAcrossProcesses(ledger, "RUSH", 5, results)
    await ledger.dispose()
  })

  it("sends concurrent redemptions of different codes in few script calls, each with its own outcome", async () => {
    const prefix = randomName("md:codes")
    prefixes.push(prefix)
    let scriptCalls = 0
    const counting = {
      call: (command: string, ...args: Array<string | number>) => {
        if (command === "EVALSHA" || command === "EVAL") scriptCalls++
        return redis.call(command, ...args)
      }
    }
    const ledger = createLedger({ store: redisStore({ redis: counting, prefix }), maxFailures: 1000 })
    for (let c = 0; c < 10; c++) await ledger.issue({ code: `B${c}`, maxUses: 3 })
    scriptCalls = 0
    // 10 codes x 5 attempts each, plus a retry of every first attempt and 5 unknown codes, all at once.
    const attempts = Array.from({ length: 50 }, (_, i) => ({
      code: `B${i % 10}`,
      redemptionId: `r${i}`,
      doorId: "d"
    }))
    const retries = attempts.slice(0, 10)
    const unknown = Array.from({ length: 5 }, (_, i) => ({
      code: `NOPE${i}`,
      redemptionId: `u${i}`,
      doorId: "d"
    }))
    const settled = await Promise.allSettled(
      [...attempts, ...retries, ...unknown].map((a) => ledger.redeem(a))
    )
    expect(scriptCalls).toBeLessThan(20)
    const ok = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []))
    const failed = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as { _tag: string }] : []))
    // 3 uses per code plus the 10 retries (replays of an attempt that took a use, or failures again).
    expect(ok.filter((r) => !r.replayed)).toHaveLength(30)
    expect(failed.filter((e) => e._tag === "CodeNotFound")).toHaveLength(5)
    // every other refusal is a used-up code, and every retry of an id that took a use is a replay of it
    expect(failed.filter((e) => e._tag !== "CodeNotFound").map((e) => e._tag)).toEqual(
      Array(failed.length - 5).fill("CodeAlreadyRedeemed")
    )
    const took = new Set(ok.filter((r) => !r.replayed).map((r) => r.redemptionId))
    expect(
      ok
        .filter((r) => r.replayed)
        .map((r) => r.redemptionId)
        .sort()
    ).toEqual(
      retries
        .map((r) => r.redemptionId)
        .filter((id) => took.has(id))
        .sort()
    )
    for (let c = 0; c < 10; c++) {
      const status = await ledger.status(`B${c}`)
      expect(status.uses).toBe(3)
      const history = await ledger.history(`B${c}`)
      expect(history).toHaveLength(6)
      expect(history.filter((a) => a.outcome === "redeemed").map((a) => a.use)).toEqual([1, 2, 3])
    }
    await ledger.dispose()
  })

  it("fails only the attempt whose script step fails, and answers the others of the same batch", async () => {
    const prefix = randomName("md:codes")
    prefixes.push(prefix)
    const ledger = createLedger({ store: redisStore({ redis, prefix }) })
    await ledger.issue({ code: "GOOD1" })
    await ledger.issue({ code: "GOOD2" })
    // A key of the wrong type where the code's hash should be: Redis raises WRONGTYPE inside the script.
    await redis.set(`${prefix}:code:BROKEN`, "not a hash")
    const [a, b, c] = await Promise.allSettled([
      ledger.redeem({ code: "GOOD1", redemptionId: "a", doorId: "d" }),
      ledger.redeem({ code: "BROKEN", redemptionId: "b", doorId: "d" }),
      ledger.redeem({ code: "GOOD2", redemptionId: "c", doorId: "d" })
    ])
    expect(a.status === "fulfilled" && a.value.use).toBe(1)
    expect(c.status === "fulfilled" && c.value.use).toBe(1)
    expect(b.status).toBe("rejected")
    expect((b as PromiseRejectedResult).reason).toBeInstanceOf(LedgerUnavailable)
    expect(String(((b as PromiseRejectedResult).reason as LedgerUnavailable).cause)).toContain("WRONGTYPE")
    expect((b as PromiseRejectedResult).reason).toMatchObject({ store: "redis", operation: "redeem" })
    expect((await ledger.history("GOOD1")).map((h) => h.outcome)).toEqual(["redeemed"])
    await ledger.dispose()
  })

  it("reloads its scripts after SCRIPT FLUSH-like loss (NOSCRIPT) and keeps working", async () => {
    const prefix = randomName("md:codes")
    prefixes.push(prefix)
    // A server that lost its scripts (a restart, SCRIPT FLUSH): EVALSHA misses until SCRIPT LOAD.
    const loaded = new Set<unknown>()
    let loads = 0
    const forgetful = {
      call: async (command: string, ...args: Array<string | number>) => {
        if (command === "EVALSHA" && !loaded.has(args[0])) throw new Error("NOSCRIPT No matching script")
        const reply = await redis.call(command, ...args)
        if (command === "SCRIPT" && args[0] === "LOAD") {
          loads++
          loaded.add(reply)
        }
        return reply
      }
    }
    const ledger = createLedger({ store: redisStore({ redis: forgetful, prefix }) })
    await ledger.issue({ code: "S1", maxUses: 2 })
    expect((await ledger.redeem({ code: "S1", redemptionId: "r", doorId: "d" })).use).toBe(1)
    expect(loads).toBe(2)
    loaded.clear()
    expect((await ledger.redeem({ code: "S1", redemptionId: "r2", doorId: "d" })).use).toBe(2)
    expect(loads).toBe(3)
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
    await expect(ledger.status("X")).rejects.toMatchObject({
      store: "redis",
      operation: "status",
      isRetryable: true
    })
    await ledger.dispose()
    dead.disconnect()
  })
})
