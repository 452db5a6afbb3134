/**
 * CSRF protection for forms and JSON alike. `hono/csrf` checks only form content types and lets a
 * JSON POST from a foreign origin through (SITE-NOTES), so this checks every unsafe request,
 * whatever its content type: it passes when the browser says the request comes from this site
 * (`Sec-Fetch-Site: same-origin`) or its `Origin` is one of the site's origins. A request with
 * neither (curl, another server) is refused: the site's own pages always send them.
 */
import type { MiddlewareHandler } from "hono"

/**
 * The CSRF middleware.
 *
 * @param origins - Extra accepted origins (the public URL); the request's own origin is always accepted.
 * @param refuse - Renders the refusal (403).
 */
export const sameOrigin =
  (
    origins: ReadonlyArray<string>,
    refuse: (origin: string) => Response | Promise<Response>
  ): MiddlewareHandler =>
  async (c, next) => {
    const method = c.req.method
    if (method === "GET" || method === "HEAD" || method === "OPTIONS") return next()
    const site = c.req.header("sec-fetch-site")
    const origin = c.req.header("origin")
    const own = new URL(c.req.url).origin
    if (site === "same-origin" || (origin !== undefined && (origin === own || origins.includes(origin))))
      return next()
    return refuse(origin ?? site ?? "an unknown origin")
  }
