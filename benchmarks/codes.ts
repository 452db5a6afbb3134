// @microdrop/codes: every figure beside a baseline measured in the same run.
// - generateCode / verifyCheck vs naive implementations (randomBytes per code; regex normalizer).
// - verifyShort vs one raw createHmac over the same code text (the crypto is the floor), and
//   verifyToken vs one raw Ed25519 crypto.verify with a cached KeyObject: interleaved 50 ms rounds.
// - Memory ledger redeem vs a bare Map increment (absolute target: 300k redeems/s).
// - Redis / PostgreSQL ledger redeem at concurrency 32 vs a bare INCR / a bare single-row UPDATE,
//   interleaved in rounds so load from other processes hits both alike (target: ratio >= 0.5), for a
//   door rush (one-use tickets, each redeemed once) and for 1,000 hot multi-use codes.
import { createHmac, createPublicKey, randomBytes, verify } from "node:crypto"
import {
  ALPHABET,
  generateCode,
  generateTokenKeyPair,
  Ledger,
  type LedgerApi,
  type LedgerStore,
  memoryStore,
  signShort,
  signToken,
  verifyCheck,
  verifyShort,
  verifyToken,
  withCheck
} from "@microdrop/codes"
import { fromPgPool, postgresStore } from "@microdrop/codes/postgres"
import { redisStore } from "@microdrop/codes/redis"
import { Effect, Layer } from "effect"
import { Redis } from "ioredis"
import pg from "pg"
import { type Row, runSuite, writeResults } from "./lib/suite.ts"

const BATCH = 1000

const naiveGenerate = (length: number): string => {
  const bytes = randomBytes(length)
  let body = ""
  for (const b of bytes) body += ALPHABET.charAt(b % 32)
  // Same Damm check as ours, written the obvious way.
  let x = 0
  for (const ch of body) x = naiveStep(x, ALPHABET.indexOf(ch))
  const full = body + ALPHABET.charAt(naiveDouble(x))
  return full.match(/.{1,4}/g)?.join("-") ?? full
}
const naiveDouble = (x: number) => ((x * 2) ^ (x >= 16 ? 37 : 0)) % 32
const naiveStep = (x: number, d: number) => naiveDouble(x) ^ d
const naiveVerify = (code: string): boolean => {
  const canonical = code.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0")
  if (!/^[0-9A-HJKMNP-TV-Z]{2,}$/.test(canonical)) return false
  let x = 0
  for (const ch of canonical) x = naiveStep(x, ALPHABET.indexOf(ch))
  return x === 0
}

const codes = Array.from({ length: BATCH }, () => generateCode({ length: 10 }))
const typed = codes.map((c) => c.toLowerCase())
for (const c of typed)
  if (!naiveVerify(c) || !verifyCheck(c).ok) throw new Error(`baseline disagrees on ${c}`)
if (!verifyCheck(naiveGenerate(10)).ok || withCheck("ABCDEFGH") !== "ABCDEFGHZ")
  throw new Error("baseline disagrees")

// Short signed codes: 1,000 genuine codes as typed (lowercase, dashes).
const shortKey = { id: 1, secret: new Uint8Array(32).fill(7) }
const shortCodes = Array.from({ length: BATCH }, (_, i) =>
  signShort(Uint8Array.of(i >> 8, i & 255, 1), shortKey).toLowerCase()
)
for (const c of shortCodes) if (!verifyShort(c, [shortKey]).ok) throw new Error(`verifyShort rejects ${c}`)
const rawSecret = Buffer.from(shortKey.secret)

// QR tokens: 100 typical tokens (99 bytes each) and the same bytes for the raw verify.
const TOKENS = 100
const tokenPair = generateTokenKeyPair(1, new Uint8Array(32).fill(3))
const tokenKeys = [tokenPair.publicKey]
const tokens = Array.from({ length: TOKENS }, (_, i) =>
  signToken(
    {
      id: `T${String(i).padStart(7, "0")}`,
      event: "EV-2026-11",
      kind: "vip",
      nbf: 1_800_000_000,
      exp: 1_800_086_400
    },
    tokenPair.privateKey
  )
)
const tokenNow = 1_800_000_100_000
for (const t of tokens)
  if (!verifyToken(t, tokenKeys, { now: tokenNow }).ok) throw new Error("verifyToken rejects")
const rawPublic = createPublicKey({
  key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), tokenPair.publicKey.key]),
  format: "der",
  type: "spki"
})
const tokenBytes = tokens.map((t) => Buffer.from(t, "base64url"))

// Memory ledger: 1,000 codes with room for every use the run makes; a fresh redemption id per call.
const ledgerOf = (store: Layer.Layer<LedgerStore, unknown>): Promise<LedgerApi> =>
  Effect.runPromise(
    Effect.orDie(Ledger.useSync((l) => l).pipe(Effect.provide(Ledger.layer().pipe(Layer.provide(store)))))
  )
const memoryLedger = await ledgerOf(memoryStore())
const LEDGER_CODES = 1000
const ledgerCodes = Array.from({ length: LEDGER_CODES }, (_, i) => `C${i}`)
for (const code of ledgerCodes)
  await Effect.runPromise(Effect.orDie(memoryLedger.issue({ code, maxUses: 1_000_000 })))
let rid = 0
const bareCounts = new Map<string, number>(ledgerCodes.map((c) => [c, 0]))

let sink = 0

// Stores over the network first (before the in-process cases fill the heap): concurrency 32, rounds
// alternating ours and the engine's own ceiling.
const CONCURRENCY = 32
const ROUNDS = 6
const OPS_PER_ROUND = 3200

/** Runs `op` OPS_PER_ROUND times with CONCURRENCY in flight; returns seconds. */
const timed = async (op: (i: number) => Promise<unknown>): Promise<number> => {
  let next = 0
  const start = process.hrtime.bigint()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < OPS_PER_ROUND) await op(next++)
    })
  )
  return Number(process.hrtime.bigint() - start) / 1e9
}

/** Interleaves the baseline and each of our cases round by round; ratios are totals over all rounds. */
const compare = async (
  base: string,
  baseOp: (i: number) => Promise<unknown>,
  ours: ReadonlyArray<readonly [string, (i: number) => Promise<unknown>]>
): Promise<Row[]> => {
  await timed(baseOp) // warm up
  for (const [, op] of ours) await timed(op)
  let baseSeconds = 0
  const oursSeconds = ours.map(() => 0)
  for (let r = 0; r < ROUNDS; r++) {
    baseSeconds += await timed(baseOp)
    for (const [k, [, op]] of ours.entries()) oursSeconds[k] = (oursSeconds[k] as number) + (await timed(op))
  }
  const baseRate = (ROUNDS * OPS_PER_ROUND) / baseSeconds
  return [
    { name: base, opsPerSec: Math.round(baseRate) },
    ...ours.map(([name], k): Row => {
      const rate = (ROUNDS * OPS_PER_ROUND) / (oursSeconds[k] as number)
      return {
        name,
        opsPerSec: Math.round(rate),
        baseline: base,
        ratio: Number((rate / baseRate).toFixed(3))
      }
    })
  ]
}

/**
 * Two workloads per store: a door rush (every redemption takes the one use of a fresh ticket, as at a
 * real door) and hot codes (the 1,000 multi-use codes above, each redeemed about 22 times per run).
 */
const TICKETS = (ROUNDS + 1) * OPS_PER_ROUND
const issueTickets = (ledger: LedgerApi, prefix: string) =>
  Effect.runPromise(
    Effect.orDie(
      Effect.forEach(
        Array.from({ length: TICKETS }, (_, i) => `${prefix}${i}`),
        (code) => ledger.issue({ code }),
        { concurrency: CONCURRENCY, discard: true }
      )
    )
  )
const storeCases = (
  ledger: LedgerApi,
  store: string
): ReadonlyArray<readonly [string, (i: number) => Promise<unknown>]> => {
  let ticket = 0
  return [
    [
      `${store} ledger redeem, one-use tickets (concurrency 32)`,
      () =>
        Effect.runPromise(ledger.redeem({ code: `T${ticket++}`, redemptionId: `r${rid++}`, doorId: "door" }))
    ],
    [
      `${store} ledger redeem, 1,000 hot multi-use codes (concurrency 32)`,
      (i) =>
        Effect.runPromise(
          ledger.redeem({
            code: ledgerCodes[i % LEDGER_CODES] as string,
            redemptionId: `r${rid++}`,
            doorId: "door"
          })
        )
    ]
  ]
}

const storeRows: Row[] = []
const suffix = `${Date.now().toString(36)}_${process.pid}`
const redisUrl = process.env["REDIS_URL"]
if (redisUrl) {
  const redis = new Redis(redisUrl)
  const prefix = `md:bench:${suffix}`
  const ledger = await ledgerOf(redisStore({ redis, prefix }))
  for (const code of ledgerCodes)
    await Effect.runPromise(Effect.orDie(ledger.issue({ code, maxUses: 1_000_000 })))
  await issueTickets(ledger, "T")
  storeRows.push(
    ...(await compare(
      "redis bare INCR (concurrency 32)",
      (i) => redis.incr(`${prefix}:incr:${i % LEDGER_CODES}`),
      storeCases(ledger, "redis")
    ))
  )
  let cursor = "0"
  do {
    const [nextCursor, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 5000)
    if (keys.length > 0) await redis.del(...keys)
    cursor = nextCursor
  } while (cursor !== "0")
  await redis.quit()
} else console.warn("REDIS_URL is not set: skipping the Redis ledger benchmark")

const databaseUrl = process.env["DATABASE_URL"]
if (databaseUrl) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: CONCURRENCY })
  const schema = `md_bench_${suffix}`
  const ledger = await ledgerOf(postgresStore({ client: fromPgPool(pool), schema }))
  for (const code of ledgerCodes)
    await Effect.runPromise(Effect.orDie(ledger.issue({ code, maxUses: 1_000_000 })))
  await issueTickets(ledger, "T")
  await pool.query(`CREATE TABLE ${schema}.bare (id integer PRIMARY KEY, n bigint NOT NULL)`)
  await pool.query(`INSERT INTO ${schema}.bare SELECT g, 0 FROM generate_series(0, ${LEDGER_CODES - 1}) g`)
  const bare = `UPDATE ${schema}.bare SET n = n + 1 WHERE id = $1`
  try {
    storeRows.push(
      ...(await compare(
        "postgres bare single-row UPDATE (concurrency 32)",
        (i) => pool.query(bare, [i % LEDGER_CODES]),
        storeCases(ledger, "postgres")
      ))
    )
  } finally {
    await pool.query(`DROP SCHEMA ${schema} CASCADE`)
    await pool.end()
  }
} else console.warn("DATABASE_URL is not set: skipping the PostgreSQL ledger benchmark")

// Signed-code verification against the raw crypto call: short interleaved rounds (ours, then the
// baseline, ten times), so a burst of load from other processes hits both alike.
const interleaved = (
  base: string,
  baseFn: () => void,
  ours: string,
  oursFn: () => void,
  batch: number,
  rounds = 20
): Row[] => {
  const round = (fn: () => void): number => {
    const start = process.hrtime.bigint()
    let calls = 0
    while (Number(process.hrtime.bigint() - start) < 50e6) {
      fn()
      calls++
    }
    return (calls * batch) / (Number(process.hrtime.bigint() - start) / 1e9)
  }
  round(baseFn)
  round(oursFn)
  let baseRate = 0
  let oursRate = 0
  for (let r = 0; r < rounds; r++) {
    baseRate += round(baseFn) / rounds
    oursRate += round(oursFn) / rounds
  }
  return [
    { name: base, opsPerSec: Math.round(baseRate) },
    {
      name: ours,
      opsPerSec: Math.round(oursRate),
      baseline: base,
      ratio: Number((oursRate / baseRate).toFixed(3))
    }
  ]
}
const verifyRows = [
  ...interleaved(
    "raw createHmac sha256 (same code text)",
    () => {
      for (const c of shortCodes) sink += createHmac("sha256", rawSecret).update(c).digest()[0] as number
    },
    "verifyShort (8-char tag)",
    () => {
      for (const c of shortCodes) sink += verifyShort(c, [shortKey]).ok ? 1 : 0
    },
    BATCH
  ),
  ...interleaved(
    "raw crypto.verify ed25519 (99-byte token)",
    () => {
      for (const b of tokenBytes)
        sink += verify(null, b.subarray(0, b.length - 64), rawPublic, b.subarray(b.length - 64)) ? 1 : 0
    },
    "verifyToken (99-byte token)",
    () => {
      for (const t of tokens) sink += verifyToken(t, tokenKeys, { now: tokenNow }).ok ? 1 : 0
    },
    TOKENS
  )
]

// The in-process cases last: the memory ledger keeps every redemption, which fills the heap.
const cpuRows = await runSuite("codes", [
  {
    name: "naive generate (randomBytes per code) length 10",
    batch: BATCH,
    fn: () => {
      for (let i = 0; i < BATCH; i++) sink += naiveGenerate(10).length
    }
  },
  {
    name: "generateCode length 10",
    batch: BATCH,
    baseline: "naive generate (randomBytes per code) length 10",
    fn: () => {
      for (let i = 0; i < BATCH; i++) sink += generateCode({ length: 10 }).length
    }
  },
  {
    name: "naive verify (regex normalize) length 10",
    batch: BATCH,
    fn: () => {
      for (const c of typed) sink += naiveVerify(c) ? 1 : 0
    }
  },
  {
    name: "verifyCheck length 10",
    batch: BATCH,
    baseline: "naive verify (regex normalize) length 10",
    fn: () => {
      for (const c of typed) sink += verifyCheck(c).ok ? 1 : 0
    }
  },
  {
    name: "bare Map increment (ledger ceiling)",
    batch: BATCH,
    fn: () => {
      for (const c of ledgerCodes) bareCounts.set(c, (bareCounts.get(c) as number) + 1)
    }
  },
  {
    name: "memory ledger redeem",
    batch: BATCH,
    baseline: "bare Map increment (ledger ceiling)",
    fn: () => {
      Effect.runSync(
        Effect.forEach(
          ledgerCodes,
          (code) => memoryLedger.redeem({ code, redemptionId: `r${rid++}`, doorId: "door" }),
          {
            discard: true
          }
        )
      )
    }
  }
])
sink += rid

writeResults("codes", [...cpuRows, ...verifyRows, ...storeRows])
if (sink === 42) console.log("")
