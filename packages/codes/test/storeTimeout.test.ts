// A store whose driver never answers a command (ioredis with autoResendUnfulfilledCommands: false
// after its connection is killed, a pg query on a half-open socket) fails with the retryable
// LedgerUnavailable once `timeoutMs` passes, instead of leaving the call pending for ever.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { InvalidCodeOptions, LedgerUnavailable } from "../src/index.ts"
import { postgresStore, type SqlClient } from "../src/postgres.ts"
import { createLedger } from "../src/promise.ts"
import { redisStore } from "../src/redis.ts"

const never = (): Promise<never> => new Promise<never>(() => undefined)

/** Awaits `p`, which must reject with a retryable LedgerUnavailable naming `operation`; returns how long it took. */
const expectTimeout = async (p: Promise<unknown>, store: string, operation: string): Promise<number> => {
  const started = performance.now()
  const error = await p.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(LedgerUnavailable)
  expect(error).toMatchObject({ _tag: "LedgerUnavailable", store, operation, isRetryable: true })
  expect((error as LedgerUnavailable).message).toContain(`no answer from ${store} within 50 ms`)
  return performance.now() - started
}

describe("a store whose client never answers", () => {
  it("Redis: redeem (batched), issue, revoke, status and history reject with LedgerUnavailable within timeoutMs", async () => {
    const ledger = createLedger({ store: redisStore({ redis: { call: never }, timeoutMs: 50 }) })
    const elapsed = await Promise.all([
      expectTimeout(ledger.redeem({ code: "A", redemptionId: "r1", doorId: "d" }), "redis", "redeem"),
      expectTimeout(ledger.redeem({ code: "B", redemptionId: "r2", doorId: "d" }), "redis", "redeem"),
      expectTimeout(ledger.issue({ code: "A" }), "redis", "issue"),
      expectTimeout(ledger.revoke("A"), "redis", "revoke"),
      expectTimeout(ledger.status("A"), "redis", "status"),
      expectTimeout(ledger.history("A"), "redis", "history")
    ])
    for (const ms of elapsed) expect(ms).toBeLessThan(2_000)
    // the timed-out batch freed its slot: later redemptions are sent (and time out) too
    await expectTimeout(ledger.redeem({ code: "C", redemptionId: "r3", doorId: "d" }), "redis", "redeem")
    await ledger.dispose()
  })

  it("PostgreSQL: a query with no answer rejects with LedgerUnavailable within timeoutMs", async () => {
    const client: SqlClient = {
      query: never,
      // migrations run (and answer); every later statement hangs
      transaction: (body) => body({ query: async () => ({ rows: [] }) })
    }
    const ledger = createLedger({ store: postgresStore({ client, timeoutMs: 50 }) })
    const elapsed = await Promise.all([
      expectTimeout(ledger.redeem({ code: "A", redemptionId: "r1", doorId: "d" }), "postgres", "redeem"),
      expectTimeout(ledger.status("A"), "postgres", "status")
    ])
    for (const ms of elapsed) expect(ms).toBeLessThan(2_000)
    await ledger.dispose()
  })

  it("PostgreSQL: a migration with no answer fails the store with LedgerUnavailable within timeoutMs", async () => {
    const client: SqlClient = { query: never, transaction: never }
    const ledger = createLedger({ store: postgresStore({ client, timeoutMs: 50 }) })
    expect(await expectTimeout(ledger.status("A"), "postgres", "migrate")).toBeLessThan(2_000)
    await ledger.dispose()
  })
})

describe("timeoutMs", () => {
  const redis = { call: async () => null }
  const client: SqlClient = { query: async () => ({ rows: [] }), transaction: (body) => body(client) }
  const stores = [
    (timeoutMs: unknown) => redisStore({ redis, timeoutMs: timeoutMs as number }),
    (timeoutMs: unknown) => postgresStore({ client, timeoutMs: timeoutMs as number })
  ]

  it("refuses anything but a finite number of milliseconds from 1 to 2147483647, naming timeoutMs", () => {
    const bad = fc.oneof(
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, 2_147_483_648, null),
      fc.double({ max: 0.999_999, noNaN: true }),
      fc.string(),
      fc.boolean()
    )
    fc.assert(
      fc.property(bad, fc.constantFrom(...stores), (value, make) => {
        let thrown: unknown
        try {
          make(value)
        } catch (e) {
          thrown = e
        }
        expect(thrown).toBeInstanceOf(InvalidCodeOptions)
        expect(thrown).toMatchObject({ option: "timeoutMs" })
      })
    )
  })

  it("accepts every whole or fractional number of milliseconds in range", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 2_147_483_647, noNaN: true }),
        fc.constantFrom(...stores),
        (ms, make) => {
          expect(() => make(ms)).not.toThrow()
        }
      )
    )
  })
})
