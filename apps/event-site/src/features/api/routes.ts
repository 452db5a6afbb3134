/** The JSON API beside the pages: the same services, bodies decoded with the documented Schemas. */
import { Result } from "effect"
import type { Context, Hono } from "hono"
import { decodeInput } from "../../http/decode.ts"
import type { SiteEnv } from "../../http/env.ts"
import type { OrderView } from "../../services/orders.ts"
import type { SiteServices } from "../../services/site.ts"
import { openApiDocument } from "./openapi.ts"
import { OrderRequest, PayRequest } from "./schemas.ts"

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const orderJson = (o: OrderView) => ({
  id: o.id,
  status: o.status,
  expiresAt: o.expiresAt,
  message: o.message,
  total: o.summary?.total ?? null,
  currency: o.summary?.currency ?? null,
  tickets: o.tickets.map((t) => ({
    id: t.id,
    kind: t.kind,
    label: t.label,
    shortCode: t.shortCode,
    token: t.token
  }))
})

const fail = (c: Context<SiteEnv>, status: 400 | 404 | 409, tag: string, message: string, field?: string) =>
  c.json({ error: { tag, message, ...(field === undefined ? {} : { field }) } }, status)

const body = async (c: Context<SiteEnv>): Promise<unknown> => c.req.json().catch(() => undefined)

/**
 * Adds the API routes and `/api/openapi.json`.
 *
 * @param app - The site's Hono app.
 * @param site - The site's services.
 */
export const apiRoutes = (app: Hono<SiteEnv>, site: SiteServices): void => {
  const { event, orders } = site
  const document = openApiDocument(
    event.id,
    event.drops.map((d) => ({
      id: d.id,
      entries: d.mode === "raffle" ? "raffle" : event.waitingLists.includes(d.id) ? "waiting-list" : "none"
    }))
  )
  app.get("/api/openapi.json", (c) => c.json(document))

  app.get(`/api/events/${event.id}`, async (c) => {
    const offer = await orders.offer(await site.memberships.isMember(c.get("sessionId")))
    return c.json({
      id: event.id,
      name: event.name,
      startsAt: event.startsAt,
      at: offer.at,
      items: offer.items.map(({ window: _window, ...i }) => ({ ...i, price: i.price?.toString() ?? null }))
    })
  })

  app.post(`/api/events/${event.id}/orders`, async (c) => {
    const decoded = decodeInput(OrderRequest, await body(c))
    if (Result.isFailure(decoded))
      return fail(c, 400, "InvalidRequest", decoded.failure.message, decoded.failure.field)
    const sessionId = c.get("sessionId")
    const placed = await orders.place({
      orderId: decoded.success.submission,
      sessionId,
      cart: decoded.success.lines
    })
    if (!placed.ok) return fail(c, 409, placed.tag, placed.message)
    return c.json(orderJson(placed.order), 201)
  })

  app.get("/api/orders/:id", async (c) => {
    const id = c.req.param("id")
    const order = uuid.test(id) ? await orders.get(id, c.get("sessionId")) : undefined
    return order === undefined
      ? fail(c, 404, "OrderNotFound", "No such order in this session.")
      : c.json(orderJson(order))
  })

  app.post("/api/orders/:id/pay", async (c) => {
    const id = c.req.param("id")
    if (!uuid.test(id)) return fail(c, 404, "OrderNotFound", "No such order in this session.")
    const decoded = decodeInput(PayRequest, await body(c))
    if (Result.isFailure(decoded))
      return fail(c, 400, "InvalidRequest", decoded.failure.message, decoded.failure.field)
    const sessionId = c.get("sessionId")
    const order = await orders.pay(id, sessionId, decoded.success.cardNumber.replace(/[\s-]/g, ""))
    return order === undefined
      ? fail(c, 404, "OrderNotFound", "No such order in this session.")
      : c.json(orderJson(order))
  })
}
