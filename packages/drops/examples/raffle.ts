import { randomBytes } from "node:crypto"
import { commitSeed, DropStore, layerMemory, stockOf, verifyDraw } from "@microdrop/drops"
import { Effect } from "effect"
import { TestClock } from "effect/testing"

const program = Effect.gen(function* () {
  const store = yield* DropStore
  const seed = randomBytes(16).toString("hex") // keep it secret until the draw
  const hour = 3_600_000
  // 3 cassettes and 2 prints, raffled: entries for an hour, winners then have 10 minutes to pay
  const drop = yield* store.createDrop({
    id: "tape-raffle",
    name: "Night Tapes raffle",
    items: [
      { sku: "TAPE", stock: 3 },
      { sku: "PRINT", stock: 2 }
    ],
    windows: [{ name: "Entries", opensAt: 0, closesAt: hour }],
    limits: { perOrder: 2 },
    holdMs: 600_000,
    mode: "raffle",
    lateConfirm: "reject",
    commitment: commitSeed(seed) // publish the commitment before entries open
  })
  // an entry names its lines (units per SKU), won together or not at all
  for (const [customerId, lines] of [
    [
      "ann",
      [
        { sku: "TAPE", quantity: 1 },
        { sku: "PRINT", quantity: 1 }
      ]
    ],
    ["bob", [{ sku: "TAPE", quantity: 2 }]],
    ["cy", [{ sku: "PRINT", quantity: 2 }]],
    ["dee", [{ sku: "TAPE", quantity: 1 }]],
    ["eve", [{ sku: "PRINT", quantity: 1 }]]
  ] as const)
    yield* store.enterRaffle({ dropId: drop.id, customerId, lines })

  yield* TestClock.adjust(hour) // entries close
  const outcome = yield* store.drawRaffle({ dropId: drop.id, seed })
  yield* Effect.log(`winners: ${outcome.winners.map((w) => w.customerId).join(", ")}`)
  yield* Effect.log(`waiting: ${outcome.waitingList.map((w) => w.customerId).join(", ")}`)
  // anyone can repeat the draw from the published seed, entries and stock
  const check = verifyDraw(drop.commitment ?? "", seed, outcome.entries, outcome.winners, stockOf(drop.items))
  yield* Effect.log(`verified: ${check.ok}`)
})

// TestClock moves time at once here; a real event site uses the live clock
Effect.runPromise(program.pipe(Effect.provide(layerMemory()), Effect.provide(TestClock.layer())))
