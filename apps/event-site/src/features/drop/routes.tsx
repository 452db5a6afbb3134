/** Drop page routes. */
import { randomUUID } from "node:crypto"
import type { Hono } from "hono"
import type { SiteEnv } from "../../http/env.ts"
import type { SiteServices } from "../../services/site.ts"
import { DropPage } from "./page.tsx"

/**
 * Adds a page per drop of the event at `/drops/<drop id>`.
 *
 * @param app - The site's Hono app.
 * @param site - The site's services.
 */
export const dropRoutes = (app: Hono<SiteEnv>, site: SiteServices): void => {
  for (const drop of site.event.drops) {
    app.get(`/drops/${drop.id}`, async (c) =>
      c.html(
        <DropPage
          event={site.event}
          drop={drop}
          offer={await site.orders.offer(await site.memberships.isMember(c.get("sessionId")))}
          submission={randomUUID()}
        />
      )
    )
  }
}
