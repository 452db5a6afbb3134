// Every public function and promise method, called with undefined, null or a value of the wrong
// kind in each argument, answers with a tagged error naming what is wrong (InvalidDropArgument,
// InvalidTime, InvalidStoreOptions or an InvalidDropInput naming the field), never a raw TypeError or
// RangeError from deep inside, and never a success.
import { Cause, Effect, Exit } from "effect"
import { describe, expect, it } from "vitest"
import { decodeDrop } from "../src/Drop.ts"
import { DropStore, makeDropStore, makeRelayedDropStore } from "../src/DropStore.ts"
import { layerMemory, memoryBackend } from "../src/DropStoreMemory.ts"
import { migrationSql, pgliteClient, pgPoolClient, postgresRelay } from "../src/DropStorePostgres.ts"
import { redisRelay } from "../src/DropStoreRedis.ts"
import { decodeHoldAction, decodeHoldRequest, type HoldRequest } from "../src/Hold.ts"
import { DropState, fingerprint, precheckHold } from "../src/internal/engine.ts"
import { makeDropClient } from "../src/promise.ts"
import {
  commitSeed,
  drawRaffle,
  entryFits,
  offerInOrder,
  rankEntries,
  stockOf,
  verifyDraw
} from "../src/raffle.ts"
import { checkWindow, sumLines, totalUnits } from "../src/rules.ts"
import { conformanceSuite, testDrop } from "../src/testing.ts"

const TAGS = ["InvalidDropArgument", "InvalidTime", "InvalidStoreOptions", "InvalidDropInput"]

/** What an argument must be: the values of the wrong kind for it are taken from BAD. */
type Kind = "string" | "array" | "object" | "time" | "id" | "any" | "optionalObject" | "optional"
const BAD: ReadonlyArray<unknown> = [undefined, null, 42, Number.NaN, "text", true, [], {}, () => 1, 10n]
const wrongFor = (kind: Kind): ReadonlyArray<unknown> =>
  BAD.filter((v) => {
    switch (kind) {
      case "string":
        return typeof v !== "string"
      case "id":
        return typeof v !== "string"
      case "array":
        return !Array.isArray(v)
      case "object":
        return typeof v !== "object" || v === null || Array.isArray(v) || Object.keys(v).length > 0
      case "optionalObject":
        return v !== undefined && (typeof v !== "object" || v === null || Array.isArray(v))
      case "optional":
        return v !== undefined
      case "time":
        return !(typeof v === "number" && Number.isSafeInteger(v))
      default:
        return true
    }
  })

/** The error a call ends with: thrown, rejected, or an Effect's failure or defect. */
const outcome = async (call: () => unknown): Promise<unknown> => {
  let result: unknown
  try {
    result = call()
  } catch (e) {
    return e
  }
  if (Effect.isEffect(result)) {
    const exit = await Effect.runPromiseExit(Effect.scoped(result as Effect.Effect<unknown, unknown, never>))
    return Exit.isFailure(exit) ? Cause.squash(exit.cause) : "succeeded"
  }
  if (result instanceof Promise)
    return result.then(
      () => "succeeded",
      (e: unknown) => e
    )
  return "succeeded"
}

const expectTagged = (error: unknown, label: string) => {
  expect(error, label).toBeInstanceOf(Error)
  expect(TAGS, `${label}: ${String((error as Error)?.message)}`).toContain((error as { _tag?: string })._tag)
}

const drop = testDrop()
const request: HoldRequest = {
  dropId: drop.id,
  customerId: "c",
  lines: [{ sku: "TAPE", quantity: 1 }],
  idempotencyKey: "k"
}
const action = { dropId: drop.id, holdId: "H1", idempotencyKey: "k" }
const entries = [{ customerId: "a", lines: [{ sku: "TAPE", quantity: 1 }] }]
const state = () => new DropState(drop, false)

/** [name, call with these arguments, the valid arguments, each argument's kind]. */
// biome-ignore lint/suspicious/noExplicitAny: one table calls functions of every signature
type Row = readonly [string, (...args: Array<any>) => unknown, ReadonlyArray<unknown>, ReadonlyArray<Kind>]
const plain: ReadonlyArray<Row> = [
  ["totalUnits", totalUnits, [request.lines], ["array"]],
  ["sumLines", sumLines, [request.lines], ["array"]],
  ["fingerprint", fingerprint, ["hold", request], ["any", "object"]],
  ["checkWindow", checkWindow, [drop, [], 0], ["object", "array", "time"]],
  ["precheckHold", precheckHold, [drop, request, 0], ["object", "object", "time"]],
  [
    "new DropState",
    (d, t) => new DropState(d, t),
    [drop, false],
    ["object", "any"].slice(0, 1) as Array<Kind>
  ],
  ["DropState.expireDue", (n) => state().expireDue(n), [0], ["time"]],
  [
    "DropState.hold",
    (r, f, n) => state().hold(r, f, n, () => "H1"),
    [request, "f", 0],
    ["object", "string", "time"]
  ],
  [
    "DropState.confirm",
    (a, f, n) => state().confirm(a, f, n),
    [action, "f", 0],
    ["object", "string", "time"]
  ],
  ["DropState.release", (a, f) => state().release(a, f), [action, "f"], ["object", "string"]],
  [
    "DropState.apply",
    (o, n) => state().apply(o, n, () => "H1"),
    [{ _tag: "hold", request, fingerprint: "f" }, 0],
    ["object", "time"]
  ],
  ["stockOf", stockOf, [drop.items], ["array"]],
  ["commitSeed", commitSeed, ["seed"], ["string"]],
  ["rankEntries", rankEntries, ["seed", entries], ["string", "array"]],
  ["entryFits", entryFits, [entries[0], { TAPE: 1 }], ["object", "object"]],
  ["offerInOrder", offerInOrder, [entries, { TAPE: 1 }], ["array", "object"]],
  ["drawRaffle", drawRaffle, ["seed", entries, { TAPE: 1 }], ["string", "array", "object"]],
  [
    "verifyDraw",
    verifyDraw,
    [commitSeed("seed"), "seed", entries, entries, { TAPE: 1 }],
    ["string", "string", "array", "array", "object"]
  ],
  ["migrationSql", migrationSql, ["drops"], ["string"]],
  ["pgPoolClient", pgPoolClient, [{ connect: () => 1, query: () => 1, on: () => 1 }], ["object"]],
  ["pgliteClient", pgliteClient, [{ query: () => 1, transaction: () => 1 }], ["object"]],
  ["postgresRelay", postgresRelay, [{ client: { query: () => 1, transaction: () => 1 } }], ["object"]],
  ["redisRelay", redisRelay, [{ client: {} }], ["object"]],
  ["memoryBackend", memoryBackend, [{}], ["optionalObject"]],
  [
    "layerMemory",
    (o) =>
      Effect.provide(
        DropStore.use((s) => Effect.succeed(s.name)),
        layerMemory(o)
      ),
    [{}],
    ["optionalObject"]
  ],
  ["makeDropStore", makeDropStore, [memoryBackend()], ["object"]],
  ["makeRelayedDropStore", makeRelayedDropStore, [memoryBackend(), undefined], ["object", "optional"]],
  ["makeDropClient", (l) => makeDropClient(l).dispose(), [undefined], ["optional"]],
  ["decodeDrop", decodeDrop, [drop], ["object"]],
  ["decodeHoldRequest", decodeHoldRequest, [request], ["object"]],
  ["decodeHoldAction", decodeHoldAction, [action], ["object"]]
]

describe("plain functions and constructors", () => {
  for (const [name, call, valid, kinds] of plain)
    it(`${name}: each argument of the wrong kind gives a tagged error`, async () => {
      expect(await outcome(() => call(...valid)), `${name} with valid arguments`).toBe("succeeded")
      for (const [i, kind] of kinds.entries())
        for (const bad of wrongFor(kind)) {
          const args = valid.map((v, j) => (j === i ? bad : v))
          expectTagged(await outcome(() => call(...args)), `${name} argument ${i} = ${String(bad)}`)
        }
    })

  it("conformanceSuite: a bad name, layer or options gives a tagged error", async () => {
    for (const args of [
      [undefined, () => layerMemory()],
      ["memory", undefined],
      ["memory", layerMemory()],
      ["memory", () => layerMemory(), null],
      ["memory", () => layerMemory(), { numRuns: Number.NaN }],
      ["memory", () => layerMemory(), { seed: "1" }]
    ])
      expectTagged(
        await outcome(() => conformanceSuite(...(args as [string, () => never]))),
        JSON.stringify(args)
      )
  })
})

/** Store methods with one argument: [method, its kind]. */
const methods: ReadonlyArray<readonly [string, Kind]> = [
  ["createDrop", "any"],
  ["getDrop", "id"],
  ["hold", "any"],
  ["confirm", "any"],
  ["release", "any"],
  ["availability", "id"],
  ["snapshot", "id"],
  ["enterRaffle", "any"],
  ["joinWaitingList", "any"],
  ["waitingList", "id"],
  ["promoteWaitingList", "id"]
]

describe("the DropStore service (Effect API)", () => {
  for (const [method, kind] of [...methods, ["subscribe", "id"] as const, ["drawRaffle", "any"] as const])
    it(`${method}: undefined, null or a wrong kind fails with an InvalidDropInput`, async () => {
      for (const bad of wrongFor(kind)) {
        const program = DropStore.use(
          (s) =>
            (s as unknown as Record<string, (x: unknown) => Effect.Effect<unknown, unknown>>)[method]?.(
              bad
            ) as Effect.Effect<unknown, unknown>
        )
        expectTagged(await outcome(() => Effect.provide(program, layerMemory())), `${method}(${String(bad)})`)
      }
    })
})

describe("the promise client", () => {
  for (const [method, kind] of [...methods, ["events", "id"] as const])
    it(`${method}: undefined, null or a wrong kind rejects with an InvalidDropInput`, async () => {
      const drops = makeDropClient()
      try {
        for (const bad of wrongFor(kind))
          expectTagged(
            await outcome(() =>
              (drops as unknown as Record<string, (x: unknown) => Promise<unknown>>)[method]?.(bad)
            ),
            `${method}(${String(bad)})`
          )
      } finally {
        await drops.dispose()
      }
    })

  it("drawRaffle: a bad drop id or seed rejects with an InvalidDropInput", async () => {
    const drops = makeDropClient()
    try {
      for (const [dropId, seed] of [
        [undefined, "s"],
        ["d", undefined],
        [null, null],
        [42, "s"],
        ["d", 7]
      ])
        expectTagged(
          await outcome(() => drops.drawRaffle(dropId as string, seed as string)),
          `${dropId}, ${seed}`
        )
    } finally {
      await drops.dispose()
    }
  })
})
