import { makeDropClient } from "@microdrop/drops/promise"

const drops = makeDropClient() // or makeDropClient(layerPostgres(...)) / makeDropClient(layerRedis(...))
const now = Date.now()
const drop = await drops.createDrop({
  id: "zine-drop",
  name: "Night Tapes zine",
  items: [{ sku: "ZINE", stock: 1 }],
  windows: [{ name: "General sale", opensAt: now, closesAt: now + 3_600_000 }],
  limits: { perOrder: 1 },
  holdMs: 300_000,
  mode: "fcfs",
  lateConfirm: "reject"
}) // decoded with the Drop schema first: a bad field rejects with an InvalidDropInput

const events = await drops.events(drop.id) // subscribe first, then act: no event is missed
const line = { sku: "ZINE", quantity: 1 }
const hold = await drops.hold({ dropId: drop.id, customerId: "ann", lines: [line], idempotencyKey: "ann-1" })
// ... the customer pays; then the hold becomes a claim (retrying with the same key is safe)
const claim = await drops.confirm({ dropId: drop.id, holdId: hold.id, idempotencyKey: "ann-1-paid" })
console.log(`ann owns ${claim.lines[0]?.quantity} (status ${claim.status})`)
await drops
  .hold({ dropId: drop.id, customerId: "bob", lines: [line], idempotencyKey: "bob-1" })
  .catch((e) => {
    console.log(`bob: ${e._tag}`) // rejections are the tagged errors: OutOfStock, WindowNotOpen …
  })
for await (const event of events) {
  console.log(event._tag)
  if (event._tag === "HoldConfirmed") break // break ends the subscription
}
await drops.dispose()
