// Store behaviour on virtual time with @effect/vitest's it.effect (TestClock pre-installed).
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Stream } from "effect"
import { TestClock } from "effect/testing"
import { DropStore, layerMemory } from "../src/index.ts"
import { testDrop } from "../src/testing.ts"

const MINUTE = 60_000

describe("memory store on the test clock", () => {
  it.effect("a hold lapses exactly at expiresAt, not a millisecond earlier", () =>
    Effect.gen(function* () {
      const store = yield* DropStore
      const drop = testDrop({ items: [{ sku: "TAPE", stock: 1 }], holdMs: 5 * MINUTE })
      yield* store.createDrop(drop)
      const h = yield* store.hold({
        dropId: drop.id,
        customerId: "ann",
        lines: [{ sku: "TAPE", quantity: 1 }],
        idempotencyKey: "k1"
      })
      assert.strictEqual(h.expiresAt, 5 * MINUTE)
      yield* TestClock.setTime(5 * MINUTE - 1)
      assert.strictEqual((yield* store.availability(drop.id)).items[0]?.available, 0)
      yield* TestClock.setTime(5 * MINUTE)
      assert.strictEqual((yield* store.availability(drop.id)).items[0]?.available, 1)
      const late = yield* Effect.flip(store.confirm({ dropId: drop.id, holdId: h.id, idempotencyKey: "k2" }))
      assert.strictEqual(late._tag, "HoldAlreadyExpired")
    }).pipe(Effect.provide(layerMemory()))
  )

  it.effect("window events arrive on the clock, and a hold is refused until the window opens", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const store = yield* DropStore
        const drop = testDrop({ windows: [{ name: "Drop", opensAt: 10 * MINUTE, closesAt: 20 * MINUTE }] })
        yield* store.createDrop(drop)
        const events = yield* store.subscribe(drop.id)
        const first = yield* Effect.forkChild(Stream.runCollect(Stream.take(events, 1)))
        const early = yield* Effect.flip(
          store.hold({
            dropId: drop.id,
            customerId: "a",
            lines: [{ sku: "TAPE", quantity: 1 }],
            idempotencyKey: "k"
          })
        )
        assert.strictEqual(early._tag, "WindowNotOpen")
        yield* TestClock.adjust(10 * MINUTE)
        const [opened] = yield* Fiber.join(first)
        assert.deepStrictEqual(opened, {
          _tag: "WindowOpened",
          dropId: drop.id,
          at: 10 * MINUTE,
          window: "Drop"
        })
        yield* store.hold({
          dropId: drop.id,
          customerId: "a",
          lines: [{ sku: "TAPE", quantity: 1 }],
          idempotencyKey: "k"
        })
      })
    ).pipe(Effect.provide(layerMemory()))
  )

  it.effect("a lapse is published as HoldExpired and StockChanged when the store next decides", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const store = yield* DropStore
        const drop = testDrop({ items: [{ sku: "TAPE", stock: 1 }], holdMs: MINUTE })
        yield* store.createDrop(drop)
        const h = yield* store.hold({
          dropId: drop.id,
          customerId: "ann",
          lines: [{ sku: "TAPE", quantity: 1 }],
          idempotencyKey: "k1"
        })
        const events = yield* store.subscribe(drop.id)
        const seen = yield* Effect.forkChild(Stream.runCollect(Stream.take(events, 2)))
        yield* TestClock.adjust(MINUTE)
        yield* store.availability(drop.id)
        const [expired, stock] = yield* Fiber.join(seen)
        assert.deepStrictEqual(expired, {
          _tag: "HoldExpired",
          dropId: drop.id,
          at: MINUTE,
          holdId: h.id,
          customerId: "ann"
        })
        assert.deepStrictEqual(stock, {
          _tag: "StockChanged",
          dropId: drop.id,
          at: MINUTE,
          sku: "TAPE",
          available: 1
        })
      })
    ).pipe(Effect.provide(layerMemory()))
  )
})
