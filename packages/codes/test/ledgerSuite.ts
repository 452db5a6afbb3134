// The conformance suite every ledger store runs: the memory store, PostgreSQL (a real server and
// PGlite) and Redis. `makeStore` must give a fresh, isolated store each time it is called.
import { assert, describe, expect, it } from "@effect/vitest"
import { Effect, Layer, ManagedRuntime } from "effect"
import { TestClock } from "effect/testing"
import fc from "fast-check"
import { Ledger, type LedgerConfig, type LedgerStore } from "../src/index.ts"

/** Text every store must keep exactly: any well-formed Unicode without U+0000, 1 to 40 characters. */
const storable = (s: string): boolean =>
  s.length > 0 && s.length <= 40 && !s.includes("\u0000") && s === Buffer.from(s, "utf8").toString("utf8")
export const anyText: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ unit: "binary", minLength: 1, maxLength: 12 }),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 }),
    fc.constantFrom(
      "Tür-Süd",
      "北门",
      "🚪☕scan",
      "a|b:c",
      "12|",
      ":",
      "\u{1F468}\u200D\u{1F469}\u200D\u{1F467}"
    )
  )
  .filter(storable)

export const ledgerSuite = (name: string, makeStore: () => Layer.Layer<LedgerStore, unknown>): void => {
  const run = <A, E>(program: Effect.Effect<A, E, Ledger>, config: LedgerConfig = {}) =>
    program.pipe(Effect.provide(Ledger.layer(config).pipe(Layer.provide(makeStore()))), Effect.orDie)

  const failure = <A, E>(effect: Effect.Effect<A, E>) => Effect.flip(effect)

  describe(`Ledger on ${name}`, () => {
    it.effect("issues a code and reports its status", () =>
      run(
        Effect.gen(function* () {
          const ledger = yield* Ledger
          const issued = yield* ledger.issue({ code: "A1", maxUses: 2, expiresAt: 5_000 })
          assert.deepStrictEqual(issued, {
            code: "A1",
            maxUses: 2,
            uses: 0,
            remaining: 2,
            expiresAt: 5_000,
            state: "active"
          })
          assert.deepStrictEqual(yield* ledger.status("A1"), issued)
          const again = yield* failure(ledger.issue({ code: "A1" }))
          assert.strictEqual(again._tag, "CodeAlreadyIssued")
          const missing = yield* failure(ledger.status("NOPE"))
          assert.strictEqual(missing._tag, "CodeNotFound")
        })
      )
    )

    it.effect("refuses an issue request that breaks the schema, naming the field", () =>
      run(
        Effect.gen(function* () {
          const ledger = yield* Ledger
          const e = yield* failure(ledger.issue({ code: "A1", maxUses: 0 }))
          assert.strictEqual(e._tag, "InvalidLedgerInput")
          assert.match(e.message, /maxUses/)
          const status = yield* failure(ledger.status("A1"))
          assert.strictEqual(status._tag, "CodeNotFound")
        })
      )
    )

    it.effect("redeems a one-use code once and refuses the second use with where it was used", () =>
      run(
        Effect.gen(function* () {
          const ledger = yield* Ledger
          yield* TestClock.setTime(1_000)
          yield* ledger.issue({ code: "T1" })
          const first = yield* ledger.redeem({ code: "T1", redemptionId: "r1", doorId: "north" })
          assert.deepStrictEqual(first, {
            code: "T1",
            redemptionId: "r1",
            use: 1,
            remaining: 0,
            at: 1_000,
            replayed: false
          })
          yield* TestClock.setTime(2_000)
          const second = yield* failure(ledger.redeem({ code: "T1", redemptionId: "r2", doorId: "south" }))
          assert.strictEqual(second._tag, "CodeAlreadyRedeemed")
          if (second._tag === "CodeAlreadyRedeemed")
            assert.deepStrictEqual(second.lastUse, { at: 1_000, doorId: "north" })
          assert.match(second.message, /last at door north/)
          assert.strictEqual((yield* ledger.status("T1")).state, "used")
        })
      )
    )

    it.effect("answers a retried redemption id from the first result without a second use", () =>
      run(
        Effect.gen(function* () {
          const ledger = yield* Ledger
          yield* ledger.issue({ code: "T2", maxUses: 2 })
          const first = yield* ledger.redeem({ code: "T2", redemptionId: "scan-1", doorId: "d" })
          yield* TestClock.adjust(500)
          const retry = yield* ledger.redeem({ code: "T2", redemptionId: "scan-1", doorId: "d" })
          assert.deepStrictEqual(retry, { ...first, replayed: true })
          assert.strictEqual((yield* ledger.status("T2")).uses, 1)
          const history = yield* ledger.history("T2")
          assert.deepStrictEqual(
            history.map((a) => [a.outcome, a.redemptionId, a.use]),
            [
              ["redeemed", "scan-1", 1],
              ["replayed", "scan-1", 1]
            ]
          )
        })
      )
    )

    it.effect("scopes a redemption id to its code and keeps ids and doors with any characters intact", () =>
      run(
        Effect.gen(function* () {
          const ledger = yield* Ledger
          yield* ledger.issue({ code: "P1" })
          yield* ledger.issue({ code: "P2" })
          const odd = { redemptionId: "scan|7:x", doorId: "door|north:1" }
          assert.strictEqual((yield* ledger.redeem({ code: "P1", ...odd })).use, 1)
          assert.strictEqual((yield* ledger.redeem({ code: "P2", ...odd })).replayed, false)
          assert.deepStrictEqual(yield* ledger.history("P1"), [
            {
              at: 0,
              doorId: "door|north:1",
              redemptionId: "scan|7:x",
              source: "online",
              outcome: "redeemed",
              use: 1
            }
          ])
          const again = yield* failure(ledger.redeem({ code: "P1", redemptionId: "other", doorId: "x" }))
          assert.strictEqual(again._tag, "CodeAlreadyRedeemed")
          if (again._tag === "CodeAlreadyRedeemed")
            assert.deepStrictEqual(again.lastUse, { at: 0, doorId: "door|north:1" })
        })
      )
    )

    it.effect("lets an N-use code be used N times and no more", () =>
      run(
        Effect.gen(function* () {
          const ledger = yield* Ledger
          yield* ledger.issue({ code: "N3", maxUses: 3 })
          for (let i = 1; i <= 3; i++) {
            const r = yield* ledger.redeem({ code: "N3", redemptionId: `r${i}`, doorId: "d" })
            assert.strictEqual(r.use, i)
            assert.strictEqual(r.remaining, 3 - i)
          }
          const fourth = yield* failure(ledger.redeem({ code: "N3", redemptionId: "r4", doorId: "d" }))
          assert.strictEqual(fourth._tag, "CodeAlreadyRedeemed")
          assert.deepStrictEqual(
            (yield* ledger.history("N3")).map((a) => a.outcome),
            ["redeemed", "redeemed", "redeemed", "exhausted"]
          )
        })
      )
    )

    it.effect("refuses a code from its expiry time on", () =>
      run(
        Effect.gen(function* () {
          const ledger = yield* Ledger
          yield* ledger.issue({ code: "E1", maxUses: 5, expiresAt: 10_000 })
          yield* TestClock.setTime(9_999)
          assert.strictEqual((yield* ledger.redeem({ code: "E1", redemptionId: "a", doorId: "d" })).use, 1)
          yield* TestClock.setTime(10_000)
          const e = yield* failure(ledger.redeem({ code: "E1", redemptionId: "b", doorId: "d" }))
          assert.strictEqual(e._tag, "CodeExpired")
          assert.strictEqual((yield* ledger.status("E1")).state, "expired")
          assert.strictEqual((yield* ledger.status("E1")).remaining, 0)
        })
      )
    )

    it.effect("refuses a revoked code and keeps the first revocation time", () =>
      run(
        Effect.gen(function* () {
          const ledger = yield* Ledger
          yield* ledger.issue({ code: "V1" })
          yield* TestClock.setTime(3_000)
          const revoked = yield* ledger.revoke("V1")
          assert.deepStrictEqual(revoked, {
            code: "V1",
            maxUses: 1,
            uses: 0,
            remaining: 0,
            revokedAt: 3_000,
            state: "revoked"
          })
          yield* TestClock.setTime(4_000)
          assert.strictEqual((yield* ledger.revoke("V1")).revokedAt, 3_000)
          const e = yield* failure(ledger.redeem({ code: "V1", redemptionId: "a", doorId: "d" }))
          assert.strictEqual(e._tag, "CodeRevoked")
          assert.strictEqual((yield* failure(ledger.revoke("NOPE")))._tag, "CodeNotFound")
          assert.deepStrictEqual(
            (yield* ledger.history("V1")).map((a) => a.outcome),
            ["revoked"]
          )
        })
      )
    )

    it.effect("rate-limits unknown codes per client with a retry-after, without blocking other doors", () =>
      run(
        Effect.gen(function* () {
          const ledger = yield* Ledger
          yield* ledger.issue({ code: "OK1", maxUses: 5 })
          yield* TestClock.setTime(100_000)
          for (let i = 0; i < 3; i++) {
            const e = yield* failure(
              ledger.redeem({ code: `GUESS${i}`, redemptionId: `g${i}`, doorId: "gate" })
            )
            assert.strictEqual(e._tag, "CodeNotFound")
          }
          yield* TestClock.adjust(10_000)
          const limited = yield* failure(
            ledger.redeem({ code: "GUESS9", redemptionId: "g9", doorId: "gate" })
          )
          assert.strictEqual(limited._tag, "RateLimited")
          if (limited._tag === "RateLimited") {
            assert.strictEqual(limited.retryAfterMs, 50_000)
            assert.strictEqual(limited.client, "gate")
          }
          // Another door and another client at the same door are not affected.
          assert.strictEqual(
            (yield* ledger.redeem({ code: "OK1", redemptionId: "o1", doorId: "side" })).use,
            1
          )
          assert.strictEqual(
            (yield* ledger.redeem({ code: "OK1", redemptionId: "o2", doorId: "gate", clientId: "phone-2" }))
              .use,
            2
          )
          yield* TestClock.adjust(50_000)
          assert.strictEqual(
            (yield* ledger.redeem({ code: "OK1", redemptionId: "o3", doorId: "gate" })).use,
            3
          )
        }),
        { maxFailures: 3, windowMs: 60_000 }
      )
    )

    it.effect("rejects a bad redeem request before touching the store", () =>
      run(
        Effect.gen(function* () {
          const ledger = yield* Ledger
          const e = yield* failure(ledger.redeem({ code: "", redemptionId: "r", doorId: "d" }))
          assert.strictEqual(e._tag, "InvalidLedgerInput")
          assert.match(e.message, /code: must be a string/)
        })
      )
    )

    it.effect(
      "accepts offline scans once each and reports a double use across doors in door-time order",
      () =>
        run(
          Effect.gen(function* () {
            const ledger = yield* Ledger
            yield* ledger.issue({ code: "X1" })
            yield* ledger.issue({ code: "X2" })
            yield* TestClock.setTime(1_000_000)
            const north = yield* ledger.sync("north", [
              { nonce: "n-1", code: "X1", at: 500 },
              { nonce: "n-2", code: "X2", at: 600 }
            ])
            assert.deepStrictEqual(north, {
              accepted: ["n-1", "n-2"],
              duplicates: [],
              rejected: [],
              conflicts: []
            })
            // The south door scanned X1 earlier by its clock, but uploads later.
            const south = yield* ledger.sync("south", [
              { nonce: "s-1", code: "X1", at: 400 },
              { nonce: "s-2", code: "NOPE", at: 410 }
            ])
            assert.deepStrictEqual(south.accepted, [])
            assert.deepStrictEqual(south.rejected, [{ nonce: "s-2", code: "NOPE", reason: "unknown" }])
            assert.strictEqual(south.conflicts.length, 1)
            const conflict = south.conflicts[0]
            assert.strictEqual(conflict?.code, "X1")
            assert.strictEqual(conflict?.maxUses, 1)
            assert.deepStrictEqual(
              conflict?.uses.map((u) => [u.doorId, u.at, u.outcome]),
              [
                ["south", 400, "conflict"],
                ["north", 500, "redeemed"]
              ]
            )
            // Uploading the same scans again changes nothing.
            const again = yield* ledger.sync("north", [{ nonce: "n-1", code: "X1", at: 500 }])
            assert.deepStrictEqual(again, { accepted: [], duplicates: ["n-1"], rejected: [], conflicts: [] })
            assert.strictEqual((yield* ledger.history("X1")).length, 2)
            assert.strictEqual((yield* ledger.status("X1")).uses, 1)
          })
        )
    )

    it.effect("rejects offline scans of revoked or expired codes and keeps them in the history", () =>
      run(
        Effect.gen(function* () {
          const ledger = yield* Ledger
          yield* ledger.issue({ code: "R1" })
          yield* ledger.issue({ code: "R2", expiresAt: 1_000 })
          yield* ledger.revoke("R1")
          const report = yield* ledger.sync("door", [
            { nonce: "a", code: "R1", at: 50 },
            { nonce: "b", code: "R2", at: 2_000 }
          ])
          assert.deepStrictEqual(report.rejected, [
            { nonce: "a", code: "R1", reason: "revoked" },
            { nonce: "b", code: "R2", reason: "expired" }
          ])
          assert.deepStrictEqual(
            (yield* ledger.history("R1")).map((a) => [a.outcome, a.source]),
            [["revoked", "offline"]]
          )
        })
      )
    )

    it.effect("refuses an upload that breaks the schema and applies none of it", () =>
      run(
        Effect.gen(function* () {
          const ledger = yield* Ledger
          yield* ledger.issue({ code: "U1" })
          const e = yield* failure(
            ledger.sync("door", [
              { nonce: "a", code: "U1", at: 5 },
              { nonce: "b", code: "U1" }
            ])
          )
          assert.strictEqual(e._tag, "InvalidLedgerInput")
          // names the missing field of the second scan, as a path from the upload
          assert.include(e.message, "scans.1.at: is required")
          if (e._tag === "InvalidLedgerInput")
            assert.deepStrictEqual(e.issues, [{ path: "scans.1.at", rule: "is required" }])
          assert.strictEqual((yield* ledger.status("U1")).uses, 0)
        })
      )
    )

    it.effect(
      "under 60 concurrent redeems of a 3-use code, exactly 3 succeed and the history has all 60",
      () =>
        run(
          Effect.gen(function* () {
            const ledger = yield* Ledger
            yield* ledger.issue({ code: "HOT", maxUses: 3 })
            const results = yield* Effect.forEach(
              Array.from({ length: 60 }, (_, i) => i),
              (i) =>
                Effect.result(ledger.redeem({ code: "HOT", redemptionId: `c${i}`, doorId: `door-${i % 4}` })),
              { concurrency: "unbounded" }
            )
            const wins = results.filter((r) => r._tag === "Success")
            assert.strictEqual(wins.length, 3)
            assert.deepStrictEqual(
              wins.map((w) => (w._tag === "Success" ? w.success.use : 0)).sort(),
              [1, 2, 3]
            )
            for (const r of results)
              if (r._tag === "Failure") assert.strictEqual(r.failure._tag, "CodeAlreadyRedeemed")
            const history = yield* ledger.history("HOT")
            assert.strictEqual(history.length, 60)
            assert.strictEqual(history.filter((a) => a.outcome === "redeemed").length, 3)
            assert.strictEqual((yield* ledger.status("HOT")).uses, 3)
          })
        )
    )

    it.effect("under 20 concurrent retries of one redemption id, exactly one use is taken", () =>
      run(
        Effect.gen(function* () {
          const ledger = yield* Ledger
          yield* ledger.issue({ code: "RID", maxUses: 5 })
          const results = yield* Effect.forEach(
            Array.from({ length: 20 }),
            () => ledger.redeem({ code: "RID", redemptionId: "same", doorId: "d" }),
            { concurrency: "unbounded" }
          )
          assert.strictEqual(results.filter((r) => !r.replayed).length, 1)
          for (const r of results) assert.strictEqual(r.use, 1)
          assert.strictEqual((yield* ledger.status("RID")).uses, 1)
        })
      )
    )

    it.effect("refuses text no store keeps exactly (a lone surrogate, U+0000), naming the field", () =>
      run(
        Effect.gen(function* () {
          const ledger = yield* Ledger
          yield* ledger.issue({ code: "S1" })
          for (const [field, value] of [
            ["doorId", "north\uD800"],
            ["redemptionId", "a\u0000b"],
            ["code", "\uDC00"]
          ] as const) {
            const e = yield* failure(
              ledger.redeem({ code: "S1", redemptionId: "r", doorId: "d", [field]: value })
            )
            assert.strictEqual(e._tag, "InvalidLedgerInput")
            assert.include(e.message, field)
          }
          const issue = yield* failure(ledger.issue({ code: "x\u0000" }))
          assert.strictEqual(issue._tag, "InvalidLedgerInput")
          const sync = yield* failure(ledger.sync("d", [{ nonce: "\uD800", code: "S1", at: 1 }]))
          assert.strictEqual(sync._tag, "InvalidLedgerInput")
          assert.strictEqual((yield* ledger.status("S1")).uses, 0)
        })
      )
    )

    it.effect("keeps offline scans of unknown codes apart when code and nonce share separators", () =>
      run(
        Effect.gen(function* () {
          const ledger = yield* Ledger
          // (code "U:V", nonce "W") and (code "U", nonce "V:W") must not be one scan
          const first = yield* ledger.sync("d", [{ nonce: "W", code: "U:V", at: 1 }])
          const second = yield* ledger.sync("d", [{ nonce: "V:W", code: "U", at: 1 }])
          assert.deepStrictEqual(first.rejected, [{ nonce: "W", code: "U:V", reason: "unknown" }])
          assert.deepStrictEqual(second.rejected, [{ nonce: "V:W", code: "U", reason: "unknown" }])
          assert.deepStrictEqual(second.duplicates, [])
          const again = yield* ledger.sync("d", [{ nonce: "V:W", code: "U", at: 1 }])
          assert.deepStrictEqual(again.duplicates, ["V:W"])
        })
      )
    )

    describe("properties", () => {
      it("every text field (code, door, redemption id, client, nonce) with any Unicode round-trips exactly", async () => {
        const runtime = ManagedRuntime.make(Ledger.layer().pipe(Layer.provide(makeStore())))
        const seen = new Set<string>()
        try {
          await fc.assert(
            fc.asyncProperty(
              fc.record({
                code: anyText,
                unknownCode: anyText,
                door: anyText,
                door2: anyText,
                rid: anyText,
                rid2: anyText,
                client: anyText,
                nonce: anyText
              }),
              async (t) => {
                if (seen.has(t.code) || seen.has(t.unknownCode) || t.code === t.unknownCode) return
                if (t.rid === t.rid2 || t.rid === t.nonce || t.rid2 === t.nonce) return
                seen.add(t.code).add(t.unknownCode)
                const run = <A, E>(f: (l: Ledger["Service"]) => Effect.Effect<A, E>) =>
                  runtime.runPromise(Ledger.use(f))
                const flip = <A, E>(f: (l: Ledger["Service"]) => Effect.Effect<A, E>) =>
                  runtime.runPromise(Effect.flip(Ledger.use(f)))
                await run((l) => l.issue({ code: t.code }))
                const first = await run((l) =>
                  l.redeem({ code: t.code, redemptionId: t.rid, doorId: t.door, clientId: t.client })
                )
                expect([first.code, first.redemptionId, first.use]).toEqual([t.code, t.rid, 1])
                const refused = await flip((l) =>
                  l.redeem({ code: t.code, redemptionId: t.rid2, doorId: t.door2 })
                )
                expect(refused).toMatchObject({
                  _tag: "CodeAlreadyRedeemed",
                  code: t.code,
                  lastUse: { doorId: t.door }
                })
                const retry = await run((l) =>
                  l.redeem({ code: t.code, redemptionId: t.rid, doorId: t.door })
                )
                expect([retry.redemptionId, retry.replayed]).toEqual([t.rid, true])
                const report = await run((l) =>
                  l.sync(t.door2, [
                    { nonce: t.nonce, code: t.code, at: first.at + 1 },
                    { nonce: t.nonce, code: t.unknownCode, at: first.at + 1 }
                  ])
                )
                expect(report.rejected).toEqual([{ nonce: t.nonce, code: t.unknownCode, reason: "unknown" }])
                expect(
                  report.conflicts.map((c) => [c.code, c.uses.map((u) => [u.doorId, u.redemptionId])])
                ).toEqual([
                  [
                    t.code,
                    [
                      [t.door, t.rid],
                      [t.door2, t.nonce]
                    ]
                  ]
                ])
                const history = await run((l) => l.history(t.code))
                expect(history.map((a) => [a.outcome, a.doorId, a.redemptionId])).toEqual([
                  ["redeemed", t.door, t.rid],
                  ["exhausted", t.door2, t.rid2],
                  ["replayed", t.door, t.rid],
                  ["conflict", t.door2, t.nonce]
                ])
                expect((await run((l) => l.status(t.code))).code).toBe(t.code)
                const reupload = await run((l) =>
                  l.sync(t.door2, [{ nonce: t.nonce, code: t.unknownCode, at: 1 }])
                )
                expect(reupload.duplicates).toEqual([t.nonce])
              }
            ),
            { numRuns: 25 }
          )
        } finally {
          await runtime.dispose()
        }
      })
    })
  })
}
