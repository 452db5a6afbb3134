/**
 * The composition root: services, middleware (sessions, CSRF, errors) and each feature's routes,
 * served by Hono on Node.
 */
import { readFile } from "node:fs/promises"
import type { AddressInfo } from "node:net"
import { join } from "node:path"
import { serve } from "@hono/node-server"
import { Hono } from "hono"
import type { Config } from "./config/config.ts"
import { ForeignOrigin } from "./errors.ts"
import { apiRoutes } from "./features/api/routes.ts"
import { checkoutRoutes } from "./features/checkout/routes.tsx"
import { doorRoutes } from "./features/door/routes.tsx"
import { dropRoutes } from "./features/drop/routes.tsx"
import { eventRoutes } from "./features/event/routes.tsx"
import { loginRoutes } from "./features/login/routes.tsx"
import { membershipRoutes } from "./features/membership/routes.tsx"
import { redeemRoutes } from "./features/redeem/routes.tsx"
import { ErrorPage } from "./features/shared/layout.tsx"
import { sameOrigin } from "./http/csrf.ts"
import type { SiteEnv } from "./http/env.ts"
import { session } from "./http/session.ts"
import { type SiteOptions, type SiteServices, startServices } from "./services/site.ts"

/** Where the built client scripts are (`node build.mjs`). */
const assetsDir = join(import.meta.dirname, "..", "dist", "public", "assets")
const assetTypes: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".map": "application/json"
}

/**
 * Builds the Hono app over the services.
 *
 * @param site - The site's services.
 */
export const makeApp = (site: SiteServices): Hono<SiteEnv> => {
  const app = new Hono<SiteEnv>()
  app.onError((error, c) => {
    // Logged here, never shown: the browser gets a plain message.
    console.error(error)
    return c.html(
      <ErrorPage
        title="Something went wrong"
        message="The site could not finish that. Try again in a moment."
      />,
      500
    )
  })
  app.notFound((c) =>
    c.html(<ErrorPage title="Not found" message="There is no page at this address." />, 404)
  )

  app.get("/healthz", (c) => c.json({ ok: true, database: site.db.engine }))
  app.get("/assets/:file", async (c) => {
    const file = c.req.param("file")
    const ext = /^[a-z]+\.js(\.map)?$/.test(file) ? (file.endsWith(".map") ? ".map" : ".js") : undefined
    if (ext === undefined) return c.notFound()
    const body = await readFile(join(assetsDir, file)).catch(() => undefined)
    if (body === undefined) return c.notFound()
    return c.body(body, 200, {
      "content-type": assetTypes[ext] ?? "application/octet-stream",
      "cache-control": "no-cache"
    })
  })

  const origins = site.config.publicUrl === undefined ? [] : [new URL(site.config.publicUrl).origin]
  app.use(
    sameOrigin(origins, (origin) => {
      const refusal = new ForeignOrigin({ origin })
      return new Response(`${refusal.message}\n`, {
        status: 403,
        headers: { "content-type": "text/plain; charset=utf-8" }
      })
    })
  )
  app.use(session(site.keys.sessionSecret, site.config.cookieSecure))
  eventRoutes(app, site)
  checkoutRoutes(app, site)
  dropRoutes(app, site)
  apiRoutes(app, site)
  redeemRoutes(app, site)
  membershipRoutes(app, site)
  loginRoutes(app, site)
  doorRoutes(app, site)
  return app
}

/** A running site. */
export interface RunningSite {
  readonly url: string
  readonly port: number
  readonly services: SiteServices
  /** Stops listening (dropping open SSE streams), then closes the services. */
  readonly close: () => Promise<void>
}

/**
 * Starts the site: services, then the HTTP server.
 *
 * @param config - The site's config.
 * @param options - Stock and hold overrides for tests.
 */
export const startSite = async (config: Config, options: SiteOptions = {}): Promise<RunningSite> => {
  const services = await startServices(config, options)
  try {
    const app = makeApp(services)
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s))
      s.once("error", reject)
    })
    const port = (server.address() as AddressInfo).port
    const url = config.publicUrl ?? `http://localhost:${port}`
    // Memberships renew on a timer; each period's charge is idempotent, so instances may overlap.
    const renewals = setInterval(() => {
      services.memberships.renewDue(Date.now()).catch((error: unknown) => console.error(error))
    }, 60_000)
    renewals.unref()
    // Raffles are drawn when their entries close, and quiet waiting lists get lapsed units
    // (each draw is published once; promotions are keyed by entry, so instances may overlap).
    const draws = setInterval(() => {
      services.entries
        .drawDue(Date.now())
        .then(() => services.entries.promoteDue())
        .catch((error: unknown) => console.error(error))
    }, 5_000)
    draws.unref()
    let closing: Promise<void> | undefined
    const close = () => {
      closing ??= (async () => {
        clearInterval(renewals)
        clearInterval(draws)
        if ("closeAllConnections" in server) server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
        await services.close()
      })()
      return closing
    }
    return { url, port, services, close }
  } catch (error) {
    await services.close()
    throw error
  }
}
