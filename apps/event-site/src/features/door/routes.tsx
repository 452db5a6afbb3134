/**
 * The door page (`/door/`) for staff, and what it needs to work offline: its service worker
 * (`/door/sw.js`, scope `/door/`), the data it verifies with (`/door/data.json`), the QR decoder's
 * WebAssembly, the online check of a typed short code (`POST /door/code`, rate limited per
 * session across instances) and the upload of queued scans (`POST /door/sync`). The promoter
 * also sees a door link to hand to door staff (a signed, expiring link that starts a door
 * session on their phone).
 */
import { existsSync } from "node:fs"
import { readFile } from "node:fs/promises"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { Result, Schema } from "effect"
import type { Context, Hono } from "hono"
import type { TooManyAttempts } from "../../errors.ts"
import { decodeInput } from "../../http/decode.ts"
import type { SiteEnv } from "../../http/env.ts"
import { renewSession } from "../../http/session.ts"
import { checkTypedCode, doorData, syncDoor } from "../../services/door.ts"
import { type RateRule, rateKey } from "../../services/rateLimit.ts"
import type { SiteServices } from "../../services/site.ts"
import { retryAfter, staffMember } from "../login/routes.tsx"
import { Layout } from "../shared/layout.tsx"

/** Failed typed codes allowed per door session and window. */
export const DOOR_CODE_RULE: RateRule = { action: "code entries", maxFailures: 10, windowMs: 60_000 }

const Id = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(128))

/** A door's upload of queued scans. */
export const DoorSyncBody = Schema.Struct({
  doorId: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(64)),
  scans: Schema.Array(
    Schema.Struct({
      nonce: Id,
      code: Id,
      at: Schema.Number.check(Schema.isInt(), Schema.isGreaterThanOrEqualTo(0))
    })
  ).check(Schema.isMaxLength(1000))
})

/** A short code typed at the door. */
export const DoorCodeBody = Schema.Struct({
  code: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(64))
})

/** The app's folder (the one with build.mjs), from here or from the bundled dist/main.js. */
const appDir = (() => {
  let dir = import.meta.dirname
  while (!existsSync(join(dir, "build.mjs")) && dirname(dir) !== dir) dir = dirname(dir)
  return dir
})()
const assetsDir = join(appDir, "dist", "public", "assets")
const wasmPath = (): string =>
  join(
    createRequire(import.meta.url)
      .resolve("zxing-wasm/reader")
      .split("/dist/")[0] ?? "",
    "dist",
    "reader",
    "zxing_reader.wasm"
  )

const DoorPage = (props: { readonly doorLink?: string | undefined }) => (
  <Layout title="Door check-in" head={<script type="module" src="/assets/door.js" />}>
    <h1>Door check-in</h1>
    <noscript>
      <p class="error">The door page needs JavaScript: it checks tickets on this device, also offline.</p>
    </noscript>
    <p id="connection" role="status" class="muted">
      Loading the door's keys…
    </p>
    <div id="verdict" role="alert" aria-live="assertive" />
    <label for="door-name">Door name</label>
    <input id="door-name" name="door-name" autocomplete="off" maxlength={64} />
    <section aria-labelledby="camera-heading">
      <h2 id="camera-heading">Scan a ticket</h2>
      <p>
        <button type="button" id="camera-start">
          Start camera
        </button>
      </p>
      <video id="camera" aria-label="Camera preview" muted playsinline width={320} height={240} />
    </section>
    <section aria-labelledby="typed-heading">
      <h2 id="typed-heading">Type a short code</h2>
      <form id="typed">
        <label for="short-code">Short code</label>
        <input id="short-code" name="code" autocomplete="off" autocapitalize="characters" required />
        <button type="submit">Check in</button>
      </form>
    </section>
    <section aria-labelledby="scans-heading">
      <h2 id="scans-heading">Scans at this door</h2>
      <p>
        <button type="button" id="sync">
          Sync now
        </button>{" "}
        <span id="sync-status" role="status" />
      </p>
      <table>
        <caption class="muted">Newest first; kept on this device until synced</caption>
        <thead>
          <tr>
            <th scope="col">Ticket</th>
            <th scope="col">Time</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody id="scans" />
      </table>
    </section>
    {props.doorLink === undefined ? null : (
      <section aria-labelledby="link-heading">
        <h2 id="link-heading">Door staff</h2>
        <label for="door-link">Door link for staff (works for 24 hours)</label>
        <input id="door-link" readonly value={props.doorLink} size={60} />
      </section>
    )}
    <p>
      <a href="/login">Staff account</a>
    </p>
  </Layout>
)

/**
 * Adds the door routes.
 *
 * @param app - The site's Hono app.
 * @param site - The site's services.
 */
export const doorRoutes = (app: Hono<SiteEnv>, site: SiteServices): void => {
  const staffOnly = { roles: ["promoter", "door"] as const }
  app.get("/door", (c) => c.redirect("/door/", 301))
  app.get("/door/", async (c) => {
    const member = await staffMember(site, c, staffOnly.roles)
    if (member === undefined) return c.redirect("/login?next=/door/", 303)
    let doorLink: string | undefined
    if (member.role === "promoter") {
      const link = site.staff.doorLink(Date.now())
      const origin = site.config.publicUrl ?? new URL(c.req.url).origin
      doorLink = `${origin}/door/join?${new URLSearchParams(link)}`
    }
    c.header("cache-control", "no-cache")
    return c.html(<DoorPage doorLink={doorLink} />)
  })
  app.get("/door/join", async (c) => {
    if (!site.staff.checkDoorLink(c.req.query(), Date.now()))
      return c.html(
        <Layout title="Door link not valid">
          <h1>Door link not valid</h1>
          <p role="alert" class="error">
            This door link has expired or was changed: ask the promoter for a new one.
          </p>
        </Layout>,
        403
      )
    const sessionId = await renewSession(c, site.keys.sessionSecret, site.config.cookieSecure)
    await site.staff.startSession(sessionId, { staffId: "door-link", role: "door" }, Date.now())
    return c.redirect("/door/", 303)
  })
  app.get("/door/sw.js", async (c) => {
    const body = await readFile(join(assetsDir, "door-worker.js")).catch(() => undefined)
    if (body === undefined) return c.notFound()
    return c.body(body, 200, {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "no-cache"
    })
  })
  app.get("/door/zxing_reader.wasm", async (c) =>
    c.body(await readFile(wasmPath()), 200, {
      "content-type": "application/wasm",
      "cache-control": "no-cache"
    })
  )
  app.get("/door/data.json", async (c) => {
    if ((await staffMember(site, c, staffOnly.roles)) === undefined)
      return c.json({ error: { tag: "StaffOnly", message: "Log in as staff first." } }, 401)
    c.header("cache-control", "no-store")
    return c.json(await doorData(site, Date.now()))
  })
  /** A staff-only JSON route: 401 without a staff session, 400 naming the field of a bad body. */
  const staffJson =
    <S extends Schema.Top>(schema: S, handle: (c: Context<SiteEnv>, body: S["Type"]) => Promise<Response>) =>
    async (c: Context<SiteEnv>) => {
      if ((await staffMember(site, c, staffOnly.roles)) === undefined)
        return c.json({ error: { tag: "StaffOnly", message: "Log in as staff first." } }, 401)
      const decoded = decodeInput(schema, await c.req.json().catch(() => undefined))
      if (Result.isFailure(decoded)) {
        const e = decoded.failure
        return c.json({ error: { tag: e._tag, message: e.message, field: e.field } }, 400)
      }
      return handle(c, decoded.success)
    }
  app.post(
    "/door/code",
    staffJson(DoorCodeBody, async (c, body) => {
      const key = rateKey("door-code", c.get("sessionId"))
      const now = Date.now()
      const limited = (refusal: TooManyAttempts) => {
        const after = retryAfter(refusal, now)
        c.header("Retry-After", String(after.seconds))
        return c.json(
          {
            error: {
              tag: refusal._tag,
              message: `Too many wrong codes: try again in ${after.seconds} seconds (after ${after.at}).`,
              retryAfterMs: refusal.retryAfterMs
            }
          },
          429
        )
      }
      const before = await site.rateLimiter.check(DOOR_CODE_RULE, key, now)
      if (before !== undefined) return limited(before)
      const checked = await checkTypedCode(site, body.code)
      if (checked.ok) return c.json({ id: checked.id, kind: checked.kind })
      // A revoked ticket is a real code, not a guess: only wrong codes count.
      const after =
        checked.tag === "CodeRevoked" ? undefined : await site.rateLimiter.fail(DOOR_CODE_RULE, key, now)
      if (after !== undefined) return limited(after)
      return c.json({ error: { tag: checked.tag, message: checked.message } }, 422)
    })
  )
  app.post(
    "/door/sync",
    staffJson(DoorSyncBody, async (c, body) => c.json(await syncDoor(site, body.doorId, body.scans)))
  )
}
