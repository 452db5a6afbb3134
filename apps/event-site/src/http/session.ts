/**
 * Sessions: a random id in a signed cookie (HMAC with the site's secret, shared by every instance
 * through the database), HttpOnly, SameSite=Lax and Secure. The id is the buyer's customer id for
 * drops' per-customer limits; orders belong to it.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto"
import type { Context, MiddlewareHandler } from "hono"
import { getCookie, setSignedCookie } from "hono/cookie"

/** What the session middleware puts on the context. */
export interface SessionVariables {
  readonly sessionId: string
}

const COOKIE = "sid"

/**
 * The value of a cookie signed as `setSignedCookie` signs it (`value.base64(HMAC-SHA256)`), or
 * `undefined` when the signature does not match. A synchronous HMAC: `getSignedCookie` imports the
 * key through WebCrypto on every request, which profiling showed as a tenth of a rush's CPU.
 */
export const verifySigned = (signed: string | undefined, secret: string): string | undefined => {
  if (signed === undefined) return undefined
  const dot = signed.lastIndexOf(".")
  if (dot < 0) return undefined
  const value = signed.slice(0, dot)
  const given = Buffer.from(signed.slice(dot + 1))
  const expected = Buffer.from(createHmac("sha256", secret).update(value).digest("base64"))
  return given.length === expected.length && timingSafeEqual(given, expected) ? value : undefined
}

/**
 * The session middleware.
 *
 * @param secret - The cookie signing secret.
 * @param secure - Send the cookie with `Secure`.
 */
export const session =
  (secret: string, secure: boolean): MiddlewareHandler<{ Variables: SessionVariables }> =>
  async (c, next) => {
    const existing = verifySigned(getCookie(c, COOKIE), secret)
    const id = existing !== undefined && /^[A-Za-z0-9_-]{22}$/.test(existing) ? existing : undefined
    if (id === undefined) await renewSession(c, secret, secure)
    else c.set("sessionId", id)
    await next()
  }

/**
 * Gives the browser a new session id (at login, so a session id planted before it is worthless).
 *
 * @returns The new id, also set on the context.
 */
export const renewSession = async (
  c: Context<{ Variables: SessionVariables }>,
  secret: string,
  secure: boolean
): Promise<string> => {
  const id = randomBytes(16).toString("base64url")
  await setSignedCookie(c, COOKIE, id, secret, {
    httpOnly: true,
    secure,
    sameSite: "Lax",
    path: "/",
    maxAge: 60 * 60 * 24 * 30
  })
  c.set("sessionId", id)
  return id
}
