/** Event page routes: the page, its order form, live stock (SSE) and the same offer as JSON. */
import { randomUUID } from "node:crypto"
import { Result, Schema } from "effect"
import type { Hono } from "hono"
import { streamSSE } from "hono/streaming"
import { decodeInput } from "../../http/decode.ts"
import type { SiteEnv } from "../../http/env.ts"
import type { SiteServices } from "../../services/site.ts"
import { ErrorPage } from "../shared/layout.tsx"
import { EventPage } from "./page.tsx"

/** A submission id: the order id the form will create (a uuid). */
export const Submission = Schema.String.check(
  Schema.isPattern(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
)

/** The order form of an event: a submission id and a quantity per product. */
export const orderFormSchema = (skus: ReadonlyArray<string>, max: number) => {
  const Quantity = Schema.FiniteFromString.check(
    Schema.isInt(),
    Schema.isBetween({ minimum: 0, maximum: max })
  )
  return Schema.Struct({
    submission: Submission,
    ...Object.fromEntries(skus.map((sku) => [`qty-${sku}`, Schema.optionalKey(Quantity)] as const))
  })
}

/**
 * Adds the event routes.
 *
 * @param app - The site's Hono app.
 * @param site - The site's services.
 */
export const eventRoutes = (app: Hono<SiteEnv>, site: SiteServices): void => {
  const { event, orders, drops } = site
  const form = orderFormSchema(
    event.products.map((p) => p.sku),
    event.maxPerLine
  )

  const page = async (sessionId: string, error?: string, chosen?: Record<string, number>) => (
    <EventPage
      event={event}
      offer={await orders.offer(await site.memberships.isMember(sessionId))}
      submission={randomUUID()}
      error={error}
      chosen={chosen ?? {}}
    />
  )

  app.get("/", async (c) => c.html(await page(c.get("sessionId"))))
  app.get(`/events/${event.id}`, async (c) => c.html(await page(c.get("sessionId"))))

  app.post(`/events/${event.id}/orders`, async (c) => {
    const decoded = decodeInput(form, await c.req.parseBody())
    if (Result.isFailure(decoded))
      return c.html(<ErrorPage title="Check the form" message={decoded.failure.message} />, 400)
    const values = decoded.success as Record<string, unknown>
    const cart = event.products.map((p) => ({ sku: p.sku, quantity: Number(values[`qty-${p.sku}`] ?? 0) }))
    const placed = await orders.place({
      orderId: String(values["submission"]),
      sessionId: c.get("sessionId"),
      cart
    })
    if (placed.ok) return c.redirect(`/orders/${placed.orderId}`, 303)
    const chosen = Object.fromEntries(cart.map((l) => [l.sku, l.quantity]))
    return c.html(await page(c.get("sessionId"), placed.message, chosen), 409)
  })

  app.get(`/events/${event.id}/stock`, (c) =>
    streamSSE(c, async (stream) => {
      // Subscribe first, then read availability: no sale falls between the two.
      const iterators = await Promise.all(event.drops.map((d) => drops.events(d.id)))
      stream.onAbort(() => {
        for (const it of iterators) void it.return?.()
      })
      const send = (sku: string, available: number) =>
        stream.writeSSE({ event: "stock", data: JSON.stringify({ sku, available }) })
      for (const d of event.drops) {
        const a = await drops.availability(d.id)
        for (const item of a.items) await send(item.sku, item.available)
      }
      for (const it of iterators) {
        void (async () => {
          for await (const e of it) {
            if (e._tag === "StockChanged") await send(e.sku, e.available)
            else if (e._tag === "SoldOut") await send(e.sku, 0)
          }
        })().catch(() => undefined)
      }
      while (!stream.aborted && !stream.closed) {
        await stream.sleep(15_000)
        await stream.write(": keep-alive\n\n")
      }
    })
  )
}
