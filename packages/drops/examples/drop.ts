import { DropStore, layerMemory } from "@microdrop/drops"
import { Clock, Effect, Fiber, Stream } from "effect"

const program = Effect.scoped(
  Effect.gen(function* () {
    const store = yield* DropStore
    const now = yield* Clock.currentTimeMillis
    const minute = 60_000
    // 3 cassettes: VIP presale for 10 minutes, then general sale; holds last 5 minutes
    const drop = yield* store.createDrop({
      id: "tape-drop",
      name: "Night Tapes cassette",
      items: [{ sku: "TAPE-NIGHT", stock: 3 }],
      windows: [
        { name: "VIP presale", opensAt: now, closesAt: now + 10 * minute, passes: ["vip"] },
        { name: "General sale", opensAt: now + 10 * minute, closesAt: now + 60 * minute }
      ],
      limits: { perCustomer: 2, perOrder: 2 },
      holdMs: 5 * minute,
      mode: "fcfs",
      lateConfirm: "reject"
    })

    // subscribe first, then act: no event is missed
    const events = yield* store.subscribe(drop.id)
    const log = yield* Effect.forkChild(
      Stream.runForEach(Stream.take(events, 7), (e) =>
        Effect.log(
          `${e._tag}${"sku" in e ? ` ${e.sku}` : ""}${"available" in e ? ` available=${e.available}` : ""}`
        )
      )
    )

    const line = { sku: "TAPE-NIGHT", quantity: 2 }
    const fan = yield* Effect.flip(
      store.hold({ dropId: drop.id, customerId: "fan-1", lines: [line], idempotencyKey: "fan-1-a" })
    )
    yield* Effect.log(`fan-1: ${fan.message}`)

    const hold = yield* store.hold({
      dropId: drop.id,
      customerId: "vip-1",
      lines: [line],
      passes: ["vip"],
      idempotencyKey: "vip-1-a"
    })
    // ... the customer pays; then the hold becomes a claim
    const claim = yield* store.confirm({ dropId: drop.id, holdId: hold.id, idempotencyKey: "vip-1-a-paid" })
    yield* Effect.log(`vip-1 owns ${claim.lines[0]?.quantity} (status ${claim.status})`)

    yield* store.hold({
      dropId: drop.id,
      customerId: "vip-2",
      lines: [{ sku: "TAPE-NIGHT", quantity: 1 }],
      passes: ["vip"],
      idempotencyKey: "vip-2-a"
    })
    const late = yield* Effect.flip(
      store.hold({
        dropId: drop.id,
        customerId: "vip-3",
        lines: [{ sku: "TAPE-NIGHT", quantity: 1 }],
        passes: ["vip"],
        idempotencyKey: "vip-3-a"
      })
    )
    yield* Effect.log(`vip-3: ${late._tag}`)
    yield* Fiber.join(log)
    const a = yield* store.availability(drop.id)
    yield* Effect.log(
      `stock ${a.items[0]?.stock}: confirmed ${a.items[0]?.confirmed}, held ${a.items[0]?.held}, available ${a.items[0]?.available}`
    )
  })
)

Effect.runPromise(program.pipe(Effect.provide(layerMemory())))
