// The rush outside vitest: `pnpm --filter @microdrop/drops rush` (bigger than CI's) or
// `node test/rush/run.ts --json <file>` (used by benchmarks/drops.ts). Runs every store whose
// server is configured (DATABASE_URL, REDIS_URL) and exits non-zero if any invariant broke.
import { writeFileSync } from "node:fs"
import { type RushPlan, runRush } from "./harness.ts"

const args = process.argv.slice(2)
const big = args.includes("--big")
const jsonAt = args.indexOf("--json")
const seed = Number(process.env["RUSH_SEED"] ?? (big ? Date.now() % 100_000 : 42))
const size = big
  ? { processes: 4, clients: 50, opsPerClient: 30, holdMs: 200 }
  : { processes: 2, clients: 50, opsPerClient: 10, holdMs: 150 }
const stores: Array<RushPlan> = [
  { store: "memory", seed, ...size },
  { store: "pglite", seed, ...size },
  ...(process.env["DATABASE_URL"]
    ? [{ store: "postgres" as const, url: process.env["DATABASE_URL"], seed, ...size }]
    : []),
  ...(process.env["REDIS_URL"]
    ? [{ store: "redis" as const, url: process.env["REDIS_URL"], seed, ...size }]
    : [])
]
const rows = []
let broken = false
for (const plan of stores) {
  const out = await runRush(plan)
  const bad =
    [out.now, out.afterExpiry].some((f) => f.oversold + f.leaked + f.lostClaims + f.doubleClaimKeys > 0) ||
    out.afterExpiry.held !== 0
  broken ||= bad
  const counts: Record<string, number> = {}
  for (const r of out.reports) for (const [k, v] of Object.entries(r.counts)) counts[k] = (counts[k] ?? 0) + v
  rows.push({
    store: plan.store,
    processes: plan.processes,
    clients: plan.processes * plan.clients,
    seed,
    ms: out.ms,
    opsPerSec: Math.round(out.opsPerSec),
    claimsPerSec: Math.round(out.claimsPerSec),
    confirmed: out.now.confirmed,
    oversold: out.now.oversold,
    leaked: out.now.leaked + out.afterExpiry.leaked,
    lostClaims: out.now.lostClaims,
    doubleClaimKeys: out.now.doubleClaimKeys,
    heldAfterExpiry: out.afterExpiry.held,
    retriesInFlight: counts["RequestInFlight"] ?? 0,
    soldOut: counts["OutOfStock"] ?? 0,
    expired: counts["HoldAlreadyExpired"] ?? 0
  })
}
console.table(rows)
if (jsonAt >= 0) writeFileSync(args[jsonAt + 1] as string, JSON.stringify(rows, null, 2))
if (broken) {
  console.error("✖ a rush broke an invariant")
  process.exit(1)
}
console.log(`✔ every rush kept its invariants (seed ${seed})`)
