import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import type { DropStore } from "../src/DropStore.ts"
import { layerMemory } from "../src/DropStoreMemory.ts"
import { DropClientDisposed, StoreUnavailable } from "../src/errors.ts"
import { makeDropClient } from "../src/promise.ts"
import { testDrop } from "../src/testing.ts"

describe("@microdrop/drops/promise", () => {
  it("holds, confirms, sells out and streams events through promises and an async iterator", async () => {
    const drops = makeDropClient()
    try {
      const drop = testDrop({
        items: [{ sku: "TAPE", stock: 2 }],
        windows: [{ name: "General", opensAt: 0, closesAt: 8e12 }]
      })
      await drops.createDrop(drop)
      const events = await drops.events(drop.id)
      const hold = await drops.hold({
        dropId: drop.id,
        customerId: "ann",
        lines: [{ sku: "TAPE", quantity: 2 }],
        idempotencyKey: "k1"
      })
      await drops.confirm({ dropId: drop.id, holdId: hold.id, idempotencyKey: "k1-pay" })
      await expect(
        drops.hold({
          dropId: drop.id,
          customerId: "bob",
          lines: [{ sku: "TAPE", quantity: 1 }],
          idempotencyKey: "k2"
        })
      ).rejects.toMatchObject({ _tag: "OutOfStock", sku: "TAPE" })
      const seen: Array<string> = []
      for await (const e of events) {
        seen.push(e._tag)
        if (e._tag === "HoldConfirmed") break
      }
      expect(seen).toEqual(["HoldPlaced", "StockChanged", "SoldOut", "HoldConfirmed"])
      expect((await drops.availability(drop.id)).items[0]).toMatchObject({ confirmed: 2, available: 0 })
    } finally {
      await drops.dispose()
    }
  })

  it("decodes input at the edge: a bad request rejects with an InvalidDropInput naming the field", async () => {
    const drops = makeDropClient()
    try {
      await expect(
        drops.hold({ dropId: "d", customerId: "c", lines: [], idempotencyKey: "k" })
      ).rejects.toMatchObject({
        _tag: "InvalidDropInput"
      })
      await expect(drops.getDrop("nope")).rejects.toMatchObject({ _tag: "DropNotFound" })
    } finally {
      await drops.dispose()
    }
  })
})

describe("@microdrop/drops/promise waiting list", () => {
  it("promotes the next in line when a hold is released", async () => {
    const drops = makeDropClient()
    try {
      const drop = testDrop({
        items: [{ sku: "TAPE", stock: 1 }],
        windows: [{ name: "G", opensAt: 0, closesAt: 8e12 }]
      })
      await drops.createDrop(drop)
      const events = await drops.events(drop.id)
      const hold = await drops.hold({
        dropId: drop.id,
        customerId: "ann",
        lines: [{ sku: "TAPE", quantity: 1 }],
        idempotencyKey: "a"
      })
      await drops.joinWaitingList({
        dropId: drop.id,
        customerId: "bob",
        lines: [{ sku: "TAPE", quantity: 1 }]
      })
      // nothing is free yet: promoting gives nothing
      expect(await drops.promoteWaitingList(drop.id)).toEqual([])
      await drops.release({ dropId: drop.id, holdId: hold.id, idempotencyKey: "a-release" })
      expect(await drops.waitingList(drop.id)).toEqual([])
      const seen: Array<string> = []
      for await (const e of events) {
        seen.push(e._tag)
        if (e._tag === "WaitingListPromoted") {
          expect(e.customerId).toBe("bob")
          break
        }
      }
      expect(seen).toContain("HoldReleased")
      expect((await drops.snapshot(drop.id)).holds.find((h) => h.customerId === "bob")?.status).toBe("held")
    } finally {
      await drops.dispose()
    }
  })

  it("joining offers free units at once, in list order; promoteWaitingList serves what frees later", async () => {
    const drops = makeDropClient()
    try {
      const drop = testDrop({
        items: [{ sku: "TAPE", stock: 2 }],
        windows: [{ name: "G", opensAt: 0, closesAt: 8e12 }]
      })
      await drops.createDrop(drop)
      const line = (quantity: number) => [{ sku: "TAPE", quantity }]
      const zed = await drops.hold({
        dropId: drop.id,
        customerId: "zed",
        lines: line(1),
        idempotencyKey: "z"
      })
      const yan = await drops.hold({
        dropId: drop.id,
        customerId: "yan",
        lines: line(1),
        idempotencyKey: "y"
      })
      for (const [customerId, quantity] of [
        ["ann", 2],
        ["bob", 1]
      ] as const)
        await drops.joinWaitingList({ dropId: drop.id, customerId, lines: line(quantity) })
      const waiting = async () => (await drops.waitingList(drop.id)).map((e) => e.customerId)
      expect(await waiting()).toEqual(["ann", "bob"])
      expect(await drops.promoteWaitingList(drop.id)).toEqual([]) // nothing free yet
      // one unit comes back: ann's group of 2 does not fit and keeps its place, bob's 1 does
      await drops.release({ dropId: drop.id, holdId: zed.id, idempotencyKey: "z-release" })
      const held = async () =>
        (await drops.snapshot(drop.id)).holds.filter((h) => h.status === "held").map((h) => h.customerId)
      expect(await held()).toEqual(["yan", "bob"])
      expect(await waiting()).toEqual(["ann"])
      // another unit comes back; ann still does not fit, so it stays free until a newcomer joins,
      // who is offered it at once
      await drops.release({ dropId: drop.id, holdId: yan.id, idempotencyKey: "y-release" })
      expect((await drops.availability(drop.id)).items[0]?.available).toBe(1)
      await drops.joinWaitingList({ dropId: drop.id, customerId: "cy", lines: line(1) })
      expect(await held()).toEqual(["bob", "cy"])
      expect(await waiting()).toEqual(["ann"])
      expect((await drops.availability(drop.id)).items[0]?.available).toBe(0)
    } finally {
      await drops.dispose()
    }
  })
})

describe("@microdrop/drops/promise from plain JavaScript", () => {
  it("rejects a drop id that is not an Id with an InvalidDropInput naming dropId, never a bare Error", async () => {
    const drops = makeDropClient()
    try {
      const calls: ReadonlyArray<(id: never) => Promise<unknown>> = [
        drops.getDrop,
        drops.availability,
        drops.snapshot,
        drops.waitingList,
        drops.promoteWaitingList,
        drops.events,
        (id) => drops.drawRaffle(id, "seed")
      ]
      for (const call of calls)
        for (const id of [42, "", "a b", undefined]) {
          const error = await call(id as never).catch((e: unknown) => e)
          expect(error).toMatchObject({ _tag: "InvalidDropInput" })
          expect((error as Error).message).toContain("dropId: ")
        }
      const seed = await drops.drawRaffle("d", 7 as never).catch((e: unknown) => e)
      expect((seed as Error).message).toContain("seed: ")
    } finally {
      await drops.dispose()
    }
  })
})

describe("@microdrop/drops/promise start-up", () => {
  it("starts the store again on the next call when it could not start (database down at start)", async () => {
    let attempts = 0
    // a store whose first start fails, as a database that is restarting when the app starts
    const flaky = Layer.unwrap(
      Effect.suspend(() =>
        ++attempts === 1
          ? Effect.fail(
              new StoreUnavailable({ store: "test", operation: "createTables", cause: "ECONNREFUSED" })
            )
          : Effect.succeed(layerMemory())
      )
    ) as Layer.Layer<DropStore, StoreUnavailable>
    const drops = makeDropClient(flaky)
    try {
      const drop = testDrop({ windows: [{ name: "G", opensAt: 0, closesAt: 8e12 }] })
      await expect(drops.createDrop(drop)).rejects.toMatchObject({ _tag: "StoreUnavailable" })
      await expect(drops.createDrop(drop)).resolves.toEqual(drop)
      await expect(drops.getDrop(drop.id)).resolves.toEqual(drop)
      expect(attempts).toBe(2)
    } finally {
      await drops.dispose()
    }
  })
})

describe("@microdrop/drops/promise shutdown", () => {
  const within = <A>(p: Promise<A>, ms: number): Promise<A | "timed out"> =>
    Promise.race([p, new Promise<"timed out">((resolve) => setTimeout(() => resolve("timed out"), ms))])

  it("dispose() ends a for await loop that waits for the next event", async () => {
    const drops = makeDropClient()
    const drop = testDrop({ windows: [{ name: "G", opensAt: 0, closesAt: 8e12 }] })
    await drops.createDrop(drop)
    const events = await drops.events(drop.id)
    let sawTwo = (): void => undefined
    const two = new Promise<void>((resolve) => {
      sawTwo = resolve
    })
    const reader = (async () => {
      const seen: Array<string> = []
      for await (const e of events) {
        seen.push(e._tag)
        if (e._tag === "HoldPlaced") sawTwo()
      }
      return seen
    })()
    await drops.hold({
      dropId: drop.id,
      customerId: "ann",
      lines: [{ sku: "TAPE", quantity: 1 }],
      idempotencyKey: "a"
    })
    // the reader has what there was and now waits for an event that will not come
    await within(two, 5_000)
    await within(drops.dispose(), 5_000)
    const seen = await within(reader, 5_000)
    expect(seen).not.toBe("timed out")
    expect(seen).toContain("HoldPlaced")
    expect(await within(events.next(), 1_000)).toEqual({ done: true, value: undefined })
  })

  it("a call after dispose() rejects with DropClientDisposed, a tagged error naming the call", async () => {
    const drops = makeDropClient()
    await drops.dispose()
    await drops.dispose()
    const error = await drops.getDrop("d").catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DropClientDisposed)
    expect(error).toMatchObject({ _tag: "DropClientDisposed", operation: "getDrop" })
    expect((error as Error).message).toContain("make a new one with makeDropClient")
    await expect(drops.events("d")).rejects.toMatchObject({ _tag: "DropClientDisposed", operation: "events" })
  })
})
