// Every option and parameter a program passes is checked: a missing, mistyped or non-finite value is
// a tagged error naming it (InvalidCodeOptions thrown, or InvalidLedgerInput from the ledger), never a
// raw TypeError/RangeError and never a wrong answer — above all, a bad clock never admits a token.
import { Clock, Effect, Layer } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  checkCharacter,
  decode,
  encode,
  formatTokenPublicKey,
  generateBatch,
  generateCode,
  generateTokenKeyPair,
  group,
  Ledger,
  memoryStore,
  normalize,
  openRevocationList,
  parseCode,
  parseTokenPublicKey,
  signRevocationList,
  signShort,
  signToken,
  verifyCheck,
  verifyShort,
  verifyToken,
  withCheck
} from "../src/index.ts"
import { fromPGlite, fromPgPool, postgresStore } from "../src/postgres.ts"
import { createLedger } from "../src/promise.ts"
import { redisStore } from "../src/redis.ts"

const { privateKey, publicKey } = generateTokenKeyPair(1, new Uint8Array(32).fill(1))
// expired on 2020-01-01
const expired = signToken(
  { id: "T1", event: "EV", kind: "ga", nbf: 1_500_000_000, exp: 1_577_836_800 },
  privateKey
)
const list = signRevocationList({ version: 3, issuedAt: 1_600_000_000, tokenIds: ["T9"] }, privateKey)
const shortKey = { id: 1, secret: new Uint8Array(32).fill(7) }
const fakePGlite = { query: async () => ({ rows: [] }), transaction: async () => undefined as never }

/** Values a program can pass by mistake where a number of ms or seconds belongs. */
const badTime: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, Date.parse("garbage"), null, "", "1750000000000", true),
  fc.string(),
  fc.date({ noInvalidDate: false }),
  fc.object(),
  fc.array(fc.integer()),
  fc.bigInt(),
  fc.double({ noDefaultInfinity: false }).filter((n) => !Number.isFinite(n))
)

/** Runs `f`; returns what it threw or rejected with (awaited), or `undefined`. */
const thrown = async (f: () => unknown): Promise<unknown> => {
  try {
    await f()
    return undefined
  } catch (e) {
    return e
  }
}

const refusedNaming = async (option: string, f: () => unknown): Promise<void> => {
  const e = await thrown(f)
  expect(e, `${option} was accepted`).toBeInstanceOf(Error)
  expect(e).toMatchObject({ _tag: "InvalidCodeOptions", option })
  expect((e as Error).message).toContain(option)
}

const ledgerOf = (clock?: number) => {
  const layer = Ledger.layer().pipe(Layer.provide(memoryStore()))
  return <A, E>(f: (l: Ledger["Service"]) => Effect.Effect<A, E>) => {
    const program = Effect.provide(Ledger.use(f), layer)
    if (clock === undefined) return Effect.runPromise(program)
    const fixed: Clock.Clock = {
      currentTimeMillisUnsafe: () => clock,
      currentTimeMillis: Effect.succeed(clock),
      monotonicTimeNanosUnsafe: () => 0n,
      monotonicTimeNanos: Effect.succeed(0n),
      currentTimeNanosUnsafe: () => 0n,
      currentTimeNanos: Effect.succeed(0n),
      sleep: () => Effect.void
    }
    return Effect.runPromise(Effect.provideService(program, Clock.Clock, fixed))
  }
}

/** Every time option of the package: its name in the error, and a call that passes `v` for it. */
const timeOptions: ReadonlyArray<readonly [string, (v: unknown) => unknown]> = [
  ["now", (v) => verifyToken(expired, [publicKey], { now: v as number })],
  ["leeway", (v) => verifyToken(expired, [publicKey], { now: 0, leeway: v as number })],
  [
    "claims.nbf",
    (v) => signToken({ id: "T", event: "E", kind: "k", nbf: v as number, exp: 2_000_000_000 }, privateKey)
  ],
  ["claims.exp", (v) => signToken({ id: "T", event: "E", kind: "k", nbf: 0, exp: v as number }, privateKey)],
  ["issuedAt", (v) => signRevocationList({ version: 1, issuedAt: v as number, tokenIds: [] }, privateKey)],
  ["version", (v) => signRevocationList({ version: v as number, issuedAt: 0, tokenIds: [] }, privateKey)],
  ["minVersion", (v) => openRevocationList(list, [publicKey], { minVersion: v as number })],
  ["windowMs", (v) => Ledger.layer({ windowMs: v as number })],
  ["maxFailures", (v) => Ledger.layer({ maxFailures: v as number })],
  ["windowMs", (v) => createLedger({ windowMs: v as number })],
  [
    "Clock.currentTimeMillis",
    (v) => ledgerOf(v as number)((l) => l.redeem({ code: "X", redemptionId: "r", doorId: "d" }))
  ]
]

describe("time options", () => {
  it("verifyToken refuses NaN, {}, a string and Date.parse('garbage') as now instead of admitting an expired token", () => {
    for (const now of [NaN, {}, "2026-01-01", Date.parse("garbage"), new Date()]) {
      expect(() => verifyToken(expired, [publicKey], { now: now as number })).toThrowError(
        expect.objectContaining({ _tag: "InvalidCodeOptions", option: "now" })
      )
    }
    expect(() => verifyToken(expired, [publicKey], undefined as never)).toThrowError(
      expect.objectContaining({ _tag: "InvalidCodeOptions", option: "options" })
    )
  })

  it("verifyToken refuses a revocations option that is not an opened list (e.g. the Result around it)", () => {
    const opened = openRevocationList(list, [publicKey])
    expect(() => verifyToken(expired, [publicKey], { now: 0, revocations: opened as never })).toThrowError(
      /revocations.*pass result\.value, not the result/
    )
    for (const bad of [null, {}, "T9", ["T9"], new Set(["T9"])]) {
      expect(() => verifyToken(expired, [publicKey], { now: 0, revocations: bad as never })).toThrowError(
        expect.objectContaining({ _tag: "InvalidCodeOptions", option: "revocations" })
      )
    }
  })

  it("signToken says nbf and exp are seconds when given milliseconds, naming the field", () => {
    const ms = Date.UTC(2027, 0, 1)
    expect(() =>
      signToken({ id: "T", event: "E", kind: "k", nbf: ms, exp: ms + 1000 }, privateKey)
    ).toThrowError(expect.objectContaining({ _tag: "InvalidCodeOptions", option: "claims.nbf" }))
    expect(() => signToken({ id: "T", event: "E", kind: "k", nbf: 0, exp: ms }, privateKey)).toThrowError(
      /claims\.exp.*seconds.*looks like milliseconds, use Math\.floor\(1798761600000 \/ 1000\)/
    )
  })

  it("the ledger refuses a bad expiresAt or scan time, naming the field", async () => {
    const run = ledgerOf()
    for (const expiresAt of [NaN, "1", 1.5, -1, 9e15]) {
      await expect(run((l) => l.issue({ code: "A", expiresAt: expiresAt as number }))).rejects.toMatchObject({
        _tag: "InvalidLedgerInput",
        message: expect.stringContaining("expiresAt")
      })
    }
    await expect(run((l) => l.sync("door", [{ nonce: "n", code: "A", at: NaN }]))).rejects.toMatchObject({
      _tag: "InvalidLedgerInput",
      message: expect.stringContaining("scans.0.at: ")
    })
  })

  describe("properties", () => {
    it("every time option refuses every non-finite or mistyped value with InvalidCodeOptions naming it", async () => {
      for (const [option, call] of timeOptions) {
        await fc.assert(
          fc.asyncProperty(badTime, async (v) => {
            await refusedNaming(option, () => call(v))
          }),
          { numRuns: 60 }
        )
      }
    })

    it("verifyToken(expired, K, { now: v }) is never ok unless v is a finite time before exp", () => {
      fc.assert(
        fc.property(fc.oneof(fc.anything(), badTime, fc.double()), (now) => {
          let r: ReturnType<typeof verifyToken> | undefined
          try {
            r = verifyToken(expired, [publicKey], { now: now as number })
          } catch (e) {
            expect(e).toMatchObject({ _tag: "InvalidCodeOptions", option: "now" })
            return
          }
          const admitted =
            typeof now === "number" && Math.floor(now / 1000) >= 1_500_000_000 && now / 1000 < 1_577_836_800
          expect(r.ok).toBe(admitted)
        }),
        { numRuns: 500 }
      )
    })
  })
})

/** A mistyped value for a parameter, as a program might pass it. */
const wrong: ReadonlyArray<unknown> = [undefined, null, 42, "text", {}, [], NaN, true, () => 1]

/**
 * The public API, each function with valid arguments and the indices of its optional parameters:
 * every parameter in turn is replaced by each mistyped value (a value of the same kind as the valid
 * one is skipped: `"text"` is a valid string; `undefined` is skipped for an optional parameter).
 */
const api: ReadonlyArray<
  // biome-ignore lint/suspicious/noExplicitAny: one table holds functions of every signature
  readonly [string, (...args: Array<any>) => unknown, ReadonlyArray<unknown>, ReadonlyArray<number>]
> = [
  ["generateCode", generateCode, [{ length: 8 }], []],
  ["generateBatch", generateBatch, [3, { length: 8 }], []],
  ["normalize", normalize, ["ab-cd"], []],
  ["encode", encode, [Uint8Array.of(1, 2)], []],
  ["decode", decode, ["04"], []],
  ["checkCharacter", checkCharacter, ["ABCD"], []],
  ["withCheck", withCheck, ["ABCD"], []],
  ["verifyCheck", verifyCheck, ["ABCDZ"], []],
  ["group", group, ["ABCDEFGH", 4, "-"], [1, 2]],
  ["parseCode", parseCode, ["ABCD-EFGH-Z", { length: 8 }], []],
  ["generateTokenKeyPair", generateTokenKeyPair, [1, new Uint8Array(32)], [1]],
  ["signToken", signToken, [{ id: "T", event: "E", kind: "k", nbf: 0, exp: 10 }, privateKey], []],
  ["verifyToken", verifyToken, [expired, [publicKey], { now: 0 }], []],
  ["signRevocationList", signRevocationList, [{ version: 1, issuedAt: 0, tokenIds: ["T"] }, privateKey], []],
  ["openRevocationList", openRevocationList, [list, [publicKey], { minVersion: 0 }], [2]],
  ["formatTokenPublicKey", formatTokenPublicKey, [publicKey], []],
  ["parseTokenPublicKey", parseTokenPublicKey, ["1:O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik"], []],
  ["signShort", signShort, [Uint8Array.of(1), shortKey, { tagLength: 8 }], [2]],
  ["verifyShort", verifyShort, ["100N-0HGZ-6B9B-94", [shortKey], { tagLength: 8 }], [2]],
  ["Ledger.layer", Ledger.layer, [{}], [0]],
  ["createLedger", createLedger, [{}], [0]],
  ["redisStore", redisStore, [{ redis: { call: async () => null } }], []],
  ["postgresStore", postgresStore, [{ client: fromPGlite(fakePGlite) }], []],
  ["fromPgPool", fromPgPool, [{ query: async () => ({ rows: [] }), connect: async () => ({}) as never }], []],
  ["fromPGlite", fromPGlite, [fakePGlite], []]
]

const sameKind = (a: unknown, b: unknown): boolean =>
  typeof a === typeof b &&
  Array.isArray(a) === Array.isArray(b) &&
  (a === null) === (b === null) &&
  !(typeof a === "number" && Number.isNaN(a) !== Number.isNaN(b as number))

/** The call must throw (or reject with) a tagged error, or return a Result that says no. */
const expectTaggedRefusal = async (name: string, f: () => unknown): Promise<void> => {
  let value: unknown
  try {
    value = await f()
  } catch (e) {
    expect(e, `${name} threw a raw ${String(e)}`).toBeInstanceOf(Error)
    expect(typeof (e as { _tag?: unknown })._tag, `${name} threw untagged ${String(e)}`).toBe("string")
    return
  }
  expect(typeof value === "object" && value !== null && "ok" in value, `${name} accepted the value`).toBe(
    true
  )
  expect((value as { ok: boolean }).ok, `${name} answered ok`).toBe(false)
}

describe("the public API refuses mistyped arguments with tagged errors", () => {
  for (const [name, fn, valid, optional] of api) {
    it(`${name}: each parameter, mistyped, is a tagged error (never a TypeError)`, async () => {
      fn(...valid)
      for (let i = 0; i < valid.length; i++) {
        for (const bad of wrong) {
          if (sameKind(bad, valid[i])) continue
          if (bad === undefined && optional.includes(i)) continue
          const args = [...valid]
          args[i] = bad
          await expectTaggedRefusal(`${name}(arg ${i} = ${String(bad)})`, () => fn(...args))
        }
      }
    })
  }

  it("the ledger's operations refuse mistyped requests with InvalidLedgerInput", async () => {
    const ledger = createLedger()
    for (const bad of wrong) {
      for (const call of [
        () => ledger.issue(bad as never),
        () => ledger.redeem(bad as never),
        () => ledger.revoke(bad as never),
        () => ledger.status(bad as never),
        () => ledger.history(bad as never),
        () => ledger.sync(bad as never, [])
      ]) {
        if (bad === "text") continue
        await expect(call()).rejects.toMatchObject({ _tag: "InvalidLedgerInput" })
      }
    }
    await ledger.dispose()
  })

  it("a disposed promise ledger rejects with LedgerDisposed naming the call", async () => {
    const ledger = createLedger()
    await ledger.issue({ code: "A" })
    await ledger.dispose()
    const e = await thrown(() => ledger.status("A"))
    expect(e).toBeInstanceOf(Error)
    expect(e).toMatchObject({ _tag: "LedgerDisposed", operation: "status" })
    expect((e as Error).message).toMatch(/disposed before status/)
  })
})
