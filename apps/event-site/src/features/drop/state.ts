/** A drop as one session sees it: shared by the drop page and the drop API. */
import type { Drop } from "@microdrop/drops"
import type { SiteServices } from "../../services/site.ts"

/** What the drop page needs for a session: offer, passes, entry, the offered order and the draw. */
export const dropState = async (site: SiteServices, drop: Drop, sessionId: string) => {
  const [member, passes, entry, draw] = await Promise.all([
    site.memberships.isMember(sessionId),
    site.passes(sessionId),
    site.entries.status(sessionId, drop.id),
    site.entries.publishedDraw(drop.id)
  ])
  const offer = await site.orders.offer(member)
  const offeredOrder = entry.state === "offered" ? await site.orders.get(entry.orderId, sessionId) : undefined
  return { offer, passes, entry, draw, offeredOrder }
}
