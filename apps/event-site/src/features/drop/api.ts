/** The drop API: a drop's state for this session, joining its waiting list, entering its raffle, its draw. */
import { checkWindow, type Drop } from "@microdrop/drops"
import { Result } from "effect"
import type { Context, Hono } from "hono"
import { decodeInput } from "../../http/decode.ts"
import type { SiteEnv } from "../../http/env.ts"
import type { SiteServices } from "../../services/site.ts"
import { windowState } from "./page.tsx"
import { EntryRequest } from "./schemas.ts"
import { dropState } from "./state.ts"

const fail = (c: Context<SiteEnv>, status: 400 | 404 | 409, tag: string, message: string, field?: string) =>
  c.json({ error: { tag, message, ...(field === undefined ? {} : { field }) } }, status)

/**
 * Adds `/api/drops/<id>`, `/api/drops/<id>/waiting-list`, `/api/drops/<id>/raffle-entries` and
 * `/api/drops/<id>/draw`.
 *
 * @param app - The site's Hono app.
 * @param site - The site's services.
 */
export const dropApiRoutes = (app: Hono<SiteEnv>, site: SiteServices): void => {
  const json = async (drop: Drop, sessionId: string) => {
    const s = await dropState(site, drop, sessionId)
    const w = windowState(drop, s.offer.at)
    return {
      id: drop.id,
      name: drop.name,
      mode: drop.mode,
      at: s.offer.at,
      window: w.state,
      until: w.state === "closed" ? null : w.until,
      membersOnly: checkWindow(drop, s.passes, s.offer.at)?.passRequired === true,
      waitingList: site.event.waitingLists.includes(drop.id),
      commitment: drop.commitment ?? null,
      items: s.offer.items
        .filter((i) => drop.items.some((d) => d.sku === i.sku))
        .map((i) => ({ sku: i.sku, available: i.available, stock: i.stock })),
      entry: s.entry,
      drawn: s.draw !== undefined
    }
  }

  for (const drop of site.event.drops) {
    const base = `/api/drops/${drop.id}`
    app.get(base, async (c) => c.json(await json(drop, c.get("sessionId"))))
    app.get(`${base}/draw`, async (c) => {
      const draw = await site.entries.publishedDraw(drop.id)
      return draw === undefined
        ? fail(c, 404, "NotDrawn", "This drop has no published draw yet.")
        : c.json(draw)
    })
    const post = (path: string, enter: SiteServices["entries"]["enterRaffle"]) =>
      app.post(`${base}/${path}`, async (c) => {
        const decoded = decodeInput(EntryRequest, await c.req.json().catch(() => undefined))
        if (Result.isFailure(decoded))
          return fail(c, 400, "InvalidRequest", decoded.failure.message, decoded.failure.field)
        const sessionId = c.get("sessionId")
        const done = await enter(sessionId, drop.id, decoded.success.lines, await site.passes(sessionId))
        if (!done.ok) return fail(c, 409, done.tag, done.message)
        return c.json(await site.entries.status(sessionId, drop.id), 201)
      })
    if (drop.mode === "raffle") post("raffle-entries", site.entries.enterRaffle)
    else if (site.event.waitingLists.includes(drop.id)) post("waiting-list", site.entries.joinWaitingList)
  }
}
