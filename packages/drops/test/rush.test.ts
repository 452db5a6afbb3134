// The rush test per store: clients race for a drop of 100 units with retries, duplicate
// idempotency keys, releases and holds left to lapse: 2 OS processes of 50 clients each for every
// store (memory and PGlite live in one process, the event site's server: the client processes
// reach it over IPC, as browsers reach the site).
// Fixed seed (RUSH_SEED overrides); `pnpm --filter @microdrop/drops rush` runs a bigger one.
import { describe, expect, it } from "vitest"
import { type RushPlan, runRush } from "./rush/harness.ts"
import { requireEnv } from "./support/env.ts"

const seed = Number(process.env["RUSH_SEED"] ?? 42)
const plan = { clients: 50, opsPerClient: 6, holdMs: 150, seed } as const

const check = async (p: RushPlan) => {
  const out = await runRush(p)
  const clean = { oversold: 0, leaked: 0, lostClaims: 0, doubleClaimKeys: 0 }
  expect(out.now).toMatchObject(clean)
  expect(out.now.confirmed).toBeLessThanOrEqual(100)
  expect(out.now.confirmed).toBeGreaterThan(0)
  expect(out.afterExpiry).toMatchObject({ ...clean, held: 0, available: 100 - out.afterExpiry.confirmed })
  const counts = out.reports.reduce<Record<string, number>>((acc, r) => {
    for (const [k, v] of Object.entries(r.counts)) acc[k] = (acc[k] ?? 0) + v
    return acc
  }, {})
  // the rush really raced: stock ran out, holds lapsed or were released and came back
  expect(counts["OutOfStock"] ?? 0).toBeGreaterThan(0)
  expect((counts["released"] ?? 0) + (counts["HoldAlreadyExpired"] ?? 0)).toBeGreaterThan(0)
  return out
}

describe("rush", () => {
  it("memory: 2 processes × 50 clients keep every invariant", () =>
    check({ store: "memory", processes: 2, ...plan }))
  it("pglite: 2 processes × 50 clients keep every invariant", () =>
    check({ store: "pglite", processes: 2, ...plan }))
  const db = requireEnv("DATABASE_URL")
  if (db !== undefined)
    it("postgres: 2 processes × 50 clients keep every invariant", () =>
      check({ store: "postgres", url: db, processes: 2, ...plan }))
  const redis = requireEnv("REDIS_URL")
  if (redis !== undefined)
    it("redis: 2 processes × 50 clients keep every invariant", () =>
      check({ store: "redis", url: redis, processes: 2, ...plan }))
})
