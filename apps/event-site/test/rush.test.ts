// A small rush through the JSON API: buyers arriving together share the batched writes (orders,
// pay claims, charges, paid orders with tickets), yet each gets exactly its own order, one charge
// per paid order, no unit sold twice, and a declined card fails only its own pay.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { SANDBOX_CARDS } from "../src/services/payments.ts"
import { startTestSite, type TestSite } from "./support/site.ts"

const STOCK = 10
const BUYERS = 30
let site: TestSite | undefined

beforeAll(async () => {
  site = await startTestSite({ stock: { BUNDLE: STOCK } })
}, 60_000)
afterAll(async () => {
  await site?.stop()
}, 60_000)

interface OrderJson {
  readonly id: string
  readonly status: string
  readonly message: string | null
  readonly tickets: ReadonlyArray<{ readonly id: string; readonly kind: string }>
}

describe("a rush of buyers", () => {
  it("sells each unit once, pays each order once with its own tickets, and a declined card fails alone", async () => {
    const url = (site as TestSite).url
    const sessions = await Promise.all(
      Array.from({ length: BUYERS }, async () => {
        const r = await fetch(`${url}/api/events/night-tapes`)
        await r.arrayBuffer()
        return (r.headers.get("set-cookie") ?? "").split(";")[0] ?? ""
      })
    )
    const post = (cookie: string, path: string, body: unknown) =>
      fetch(`${url}${path}`, {
        method: "POST",
        headers: { cookie, origin: url, "content-type": "application/json" },
        body: JSON.stringify(body)
      })
    const placed = await Promise.all(
      sessions.map(async (cookie) => {
        const submission = crypto.randomUUID()
        const r = await post(cookie, "/api/events/night-tapes/orders", {
          submission,
          lines: [{ sku: "BUNDLE", quantity: 1 }]
        })
        return { cookie, submission, status: r.status, order: (await r.json()) as OrderJson }
      })
    )
    const held = placed.filter((p) => p.status === 201)
    expect(held.length).toBe(STOCK)
    for (const p of held) expect(p.order).toMatchObject({ id: p.submission, status: "held" })
    for (const p of placed.filter((p) => p.status !== 201)) expect(p.status).toBe(409)

    // Two buyers' cards are declined; every other buyer presses Pay twice at once.
    const declined = new Set(held.slice(0, 2).map((p) => p.submission))
    const paid = await Promise.all(
      held.map(async (p) => {
        const card = declined.has(p.submission) ? SANDBOX_CARDS.declined : SANDBOX_CARDS.success
        const pay = () =>
          post(p.cookie, `/api/orders/${p.submission}/pay`, { cardNumber: card }).then(
            (r) => r.json() as Promise<OrderJson>
          )
        return { submission: p.submission, answers: await Promise.all([pay(), pay()]) }
      })
    )
    const ticketIds = new Set<string>()
    for (const { submission, answers } of paid) {
      for (const a of answers) expect(a.id).toBe(submission)
      const charges = await (site as TestSite).services.payments.chargesFor(submission)
      if (declined.has(submission)) {
        for (const a of answers) expect(a).toMatchObject({ status: "held", tickets: [] })
        expect(charges.filter((c) => c.status === "succeeded")).toEqual([])
      } else {
        const last = answers.find((a) => a.status === "paid")
        expect(last?.tickets.map((t) => t.kind)).toEqual(["digital"])
        for (const t of last?.tickets ?? []) ticketIds.add(t.id)
        expect(charges.filter((c) => c.status === "succeeded").length).toBe(1)
      }
    }
    // Each paid order has its own code.
    expect(ticketIds.size).toBe(STOCK - declined.size)
    const { services } = site as TestSite
    const dropId = services.event.products.find((p) => p.sku === "BUNDLE")?.dropId ?? ""
    const a = await services.drops.availability(dropId)
    expect(a.items.find((i) => i.sku === "BUNDLE")?.confirmed).toBe(STOCK - declined.size)
  }, 120_000)
})
