/** Order routes: the order page (checkout, tickets or a lapsed hold), paying, trying again. */
import { randomUUID } from "node:crypto"
import { Result, Schema } from "effect"
import type { Hono } from "hono"
import QRCode from "qrcode"
import { decodeInput } from "../../http/decode.ts"
import type { SiteEnv } from "../../http/env.ts"
import type { SiteServices } from "../../services/site.ts"
import { Submission } from "../event/routes.tsx"
import { ErrorPage } from "../shared/layout.tsx"
import { OrderPage, type TicketCard } from "./page.tsx"

/** The payment form: a card number of 12 to 19 digits (spaces and dashes allowed). */
export const PayForm = Schema.Struct({
  cardNumber: Schema.String.check(
    Schema.makeFilter((s) =>
      /^\d{12,19}$/.test(s.replace(/[\s-]/g, "")) ? undefined : "a card number has 12 to 19 digits"
    )
  )
})

/** The try-again form. */
export const RetryForm = Schema.Struct({ submission: Submission })

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * Adds the order routes.
 *
 * @param app - The site's Hono app.
 * @param site - The site's services.
 */
export const checkoutRoutes = (app: Hono<SiteEnv>, site: SiteServices): void => {
  const { orders } = site
  const notFound = () => (
    <ErrorPage title="Order not found" message="There is no such order in this browser session." />
  )

  app.get("/orders/:id", async (c) => {
    const id = c.req.param("id")
    const order = uuid.test(id) ? await orders.get(id, c.get("sessionId")) : undefined
    if (order === undefined) return c.html(notFound(), 404)
    const tickets: Array<TicketCard> = []
    for (const t of order.tickets) {
      const qr =
        t.token === null
          ? undefined
          : `data:image/svg+xml;base64,${Buffer.from(await QRCode.toString(t.token, { type: "svg", errorCorrectionLevel: "M", margin: 2 })).toString("base64")}`
      tickets.push({ id: t.id, kind: t.kind, label: t.label, shortCode: t.shortCode, qr })
    }
    return c.html(<OrderPage order={order} now={Date.now()} tickets={tickets} submission={randomUUID()} />)
  })

  app.post("/orders/:id/pay", async (c) => {
    const id = c.req.param("id")
    if (!uuid.test(id)) return c.html(notFound(), 404)
    const decoded = decodeInput(PayForm, await c.req.parseBody())
    if (Result.isFailure(decoded))
      return c.html(<ErrorPage title="Check the card number" message={decoded.failure.message} />, 400)
    await orders.pay(id, c.get("sessionId"), decoded.success.cardNumber.replace(/[\s-]/g, ""))
    return c.redirect(`/orders/${id}`, 303)
  })

  app.post("/orders/:id/retry", async (c) => {
    const id = c.req.param("id")
    if (!uuid.test(id)) return c.html(notFound(), 404)
    const decoded = decodeInput(RetryForm, await c.req.parseBody())
    if (Result.isFailure(decoded))
      return c.html(<ErrorPage title="Check the form" message={decoded.failure.message} />, 400)
    const placed = await orders.retry(id, c.get("sessionId"), decoded.success.submission)
    if (placed.ok) return c.redirect(`/orders/${placed.orderId}`, 303)
    return c.html(<ErrorPage title="Could not hold your items again" message={placed.message} />, 409)
  })
}
