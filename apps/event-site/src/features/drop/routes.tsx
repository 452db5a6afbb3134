/** Drop page routes: the page, its waiting-list and raffle forms, the draw's page, and their JSON API. */
import { randomUUID } from "node:crypto"
import type { Drop } from "@microdrop/drops"
import { Result, Schema } from "effect"
import type { Context, Hono } from "hono"
import type { CartLine } from "../../db/tables.ts"
import { decodeInput } from "../../http/decode.ts"
import type { SiteEnv } from "../../http/env.ts"
import type { SiteServices } from "../../services/site.ts"
import { ErrorPage } from "../shared/layout.tsx"
import { dropApiRoutes } from "./api.ts"
import { DrawPage, DropPage } from "./page.tsx"
import { dropState } from "./state.ts"

/** The entry form of a drop: units wanted per item (`qty-<SKU>`), at most the drop's `perOrder`. */
export const entryFormSchema = (drop: Drop, max: number) => {
  const Quantity = Schema.FiniteFromString.check(
    Schema.isInt(),
    Schema.isBetween({ minimum: 0, maximum: drop.limits.perOrder ?? max })
  )
  return Schema.Struct(
    Object.fromEntries(drop.items.map((i) => [`qty-${i.sku}`, Schema.optionalKey(Quantity)] as const))
  )
}

/**
 * Adds a page per drop of the event at `/drops/<drop id>`, its forms (`/waiting-list`,
 * `/raffle-entries`), the draw's page (`/draw`) and the drop API.
 *
 * @param app - The site's Hono app.
 * @param site - The site's services.
 */
export const dropRoutes = (app: Hono<SiteEnv>, site: SiteServices): void => {
  const page = async (c: Context<SiteEnv>, drop: Drop, error?: string) => (
    <DropPage
      event={site.event}
      drop={drop}
      submission={randomUUID()}
      error={error}
      {...(await dropState(site, drop, c.get("sessionId")))}
    />
  )

  for (const drop of site.event.drops) {
    const form = entryFormSchema(drop, site.event.maxPerLine)
    app.get(`/drops/${drop.id}`, async (c) => c.html(await page(c, drop)))
    app.get(`/drops/${drop.id}/draw`, async (c) =>
      c.html(<DrawPage drop={drop} draw={await site.entries.publishedDraw(drop.id)} />)
    )
    const post = (path: string, enter: SiteServices["entries"]["enterRaffle"]) =>
      app.post(`/drops/${drop.id}/${path}`, async (c) => {
        const decoded = decodeInput(form, await c.req.parseBody())
        if (Result.isFailure(decoded))
          return c.html(<ErrorPage title="Check the form" message={decoded.failure.message} />, 400)
        const values = decoded.success as Record<string, number | undefined>
        const lines: Array<CartLine> = drop.items.map((i) => ({
          sku: i.sku,
          quantity: values[`qty-${i.sku}`] ?? 0
        }))
        const sessionId = c.get("sessionId")
        const done = await enter(sessionId, drop.id, lines, await site.passes(sessionId))
        if (done.ok) return c.redirect(`/drops/${drop.id}`, 303)
        return c.html(await page(c, drop, done.message), 409)
      })
    if (drop.mode === "raffle") post("raffle-entries", site.entries.enterRaffle)
    else if (site.event.waitingLists.includes(drop.id)) post("waiting-list", site.entries.joinWaitingList)
  }
  dropApiRoutes(app, site)
}
