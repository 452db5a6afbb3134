/**
 * Staff login: `/login` (email and password; the session id is renewed on success), `/logout`,
 * and `requireStaff` for staff-only pages. Failed logins are limited, shared by every instance:
 * 5 in 15 minutes per account and client address, and 100 in 15 minutes per account from any
 * address (a guesser spread over many addresses is slowed; one who fails on purpose from one
 * address does not lock the promoter out). The next attempt gets 429 with Retry-After and a page
 * saying when to try again.
 */
import { getConnInfo } from "@hono/node-server/conninfo"
import { Result, Schema } from "effect"
import type { Context, Hono } from "hono"
import type { StaffRole } from "../../db/tables.ts"
import type { TooManyAttempts } from "../../errors.ts"
import { decodeInput } from "../../http/decode.ts"
import type { SiteEnv } from "../../http/env.ts"
import { renewSession } from "../../http/session.ts"
import { type RateRule, rateKey } from "../../services/rateLimit.ts"
import type { SiteServices } from "../../services/site.ts"
import type { StaffMember } from "../../services/staff.ts"
import { formatWhen, Layout } from "../shared/layout.tsx"

/** Failed logins allowed per account and client address, per window. */
export const LOGIN_RULE: RateRule = { action: "logins", maxFailures: 5, windowMs: 15 * 60_000 }

/** Failed logins allowed per account from all addresses together, per window. */
export const LOGIN_ACCOUNT_RULE: RateRule = { action: "logins", maxFailures: 100, windowMs: 15 * 60_000 }

/**
 * The client's address as the socket sees it. Behind a reverse proxy every client has the proxy's
 * address, and the per-address limit becomes a per-account one (as strict, never looser).
 */
const clientAddress = (c: Context<SiteEnv>): string => {
  try {
    return getConnInfo(c).remote.address ?? "unknown"
  } catch {
    return "unknown"
  }
}

/** The login form. */
export const LoginForm = Schema.Struct({
  email: Schema.String.check(Schema.isMinLength(3), Schema.isMaxLength(254)),
  password: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(256)),
  next: Schema.optionalKey(Schema.String)
})

/** Only a path of this site: never `//host` or `https://…` (no open redirect). */
const safeNext = (next: string | undefined): string =>
  next !== undefined && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : "/door/"

/** The 429 answer for a rate-limited request: Retry-After in seconds, and when, for people. */
export const retryAfter = (refusal: TooManyAttempts, now: number) => ({
  seconds: Math.max(1, Math.ceil(refusal.retryAfterMs / 1000)),
  at: formatWhen(now + refusal.retryAfterMs)
})

const LoginPage = (props: {
  readonly next: string
  readonly email?: string | undefined
  readonly error?: string | undefined
  readonly member?: StaffMember | undefined
}) => (
  <Layout title="Staff login">
    <h1>Staff login</h1>
    {props.member === undefined ? null : (
      <p class="ok" role="status">
        You are signed in as {props.member.role === "promoter" ? "the promoter" : "door staff"}.{" "}
        <a href="/door/">Open the door page</a>
      </p>
    )}
    {props.error === undefined ? null : (
      <p role="alert" class="error">
        {props.error}
      </p>
    )}
    <form method="post" action="/login">
      <input type="hidden" name="next" value={props.next} />
      <label for="email">Email</label>
      <input
        id="email"
        name="email"
        type="email"
        autocomplete="username"
        value={props.email ?? ""}
        required
      />
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required />
      <p>
        <button type="submit">Log in</button>
      </p>
    </form>
    {props.member === undefined ? null : (
      <form method="post" action="/logout">
        <button type="submit">Log out</button>
      </form>
    )}
  </Layout>
)

/**
 * The staff member of this request's session when their role is one of `roles`; otherwise
 * `undefined` (the caller redirects to `/login`).
 */
export const staffMember = async (
  site: SiteServices,
  c: Context<SiteEnv>,
  roles: ReadonlyArray<StaffRole>
): Promise<StaffMember | undefined> => {
  const member = await site.staff.memberOf(c.get("sessionId"), Date.now())
  return member !== undefined && roles.includes(member.role) ? member : undefined
}

/**
 * Adds `/login` and `/logout`.
 *
 * @param app - The site's Hono app.
 * @param site - The site's services.
 */
export const loginRoutes = (app: Hono<SiteEnv>, site: SiteServices): void => {
  app.get("/login", async (c) => {
    const member = await site.staff.memberOf(c.get("sessionId"), Date.now())
    return c.html(<LoginPage next={safeNext(c.req.query("next"))} member={member} />)
  })
  app.post("/login", async (c) => {
    const decoded = decodeInput(LoginForm, await c.req.parseBody())
    if (Result.isFailure(decoded))
      return c.html(<LoginPage next="/door/" error={decoded.failure.message} />, 400)
    const { email, password } = decoded.success
    const next = safeNext(decoded.success.next)
    const account = email.trim().toLowerCase()
    const limits = [
      { rule: LOGIN_RULE, key: rateKey("login", account, clientAddress(c)) },
      { rule: LOGIN_ACCOUNT_RULE, key: rateKey("login-account", account) }
    ] as const
    const now = Date.now()
    const limited = async (refusal: TooManyAttempts) => {
      const after = retryAfter(refusal, now)
      c.header("Retry-After", String(after.seconds))
      return c.html(
        <LoginPage
          next={next}
          email={email}
          error={`Too many failed logins for this account: try again in ${after.seconds} seconds (after ${after.at}).`}
        />,
        429
      )
    }
    for (const { rule, key } of limits) {
      const before = await site.rateLimiter.check(rule, key, now)
      if (before !== undefined) return limited(before)
    }
    const member = await site.staff.authenticate(email, password)
    if (member === undefined) {
      let refusal: TooManyAttempts | undefined
      for (const { rule, key } of limits) refusal = (await site.rateLimiter.fail(rule, key, now)) ?? refusal
      if (refusal !== undefined) return limited(refusal)
      return c.html(
        <LoginPage next={next} email={email} error="That email and password do not match." />,
        401
      )
    }
    // A success clears this address's failures; the account-wide count runs out with its window.
    await site.rateLimiter.clear(limits[0].key)
    const sessionId = await renewSession(c, site.keys.sessionSecret, site.config.cookieSecure)
    await site.staff.startSession(sessionId, member, now)
    return c.redirect(next, 303)
  })
  app.post("/logout", async (c) => {
    await site.staff.endSession(c.get("sessionId"))
    return c.redirect("/login", 303)
  })
}
