/** The membership page: subscribe in the sandbox, then the member pass. */
import { Result } from "effect"
import type { Hono } from "hono"
import QRCode from "qrcode"
import { decodeInput } from "../../http/decode.ts"
import type { SiteEnv } from "../../http/env.ts"
import type { Membership } from "../../services/memberships.ts"
import type { SiteServices } from "../../services/site.ts"
import { PayForm } from "../checkout/routes.tsx"
import { formatAmount, formatWhen, Layout } from "../shared/layout.tsx"

const MembershipPage = (props: {
  readonly membership: Membership | undefined
  readonly active: boolean
  readonly price: string | undefined
  readonly qr: string | undefined
  readonly error?: string | undefined
}) => {
  const m = props.membership
  return (
    <Layout title="Membership">
      <h1>Membership</h1>
      {props.active && m !== undefined ? (
        <>
          <p class="ok" role="status">
            You are a member until {formatWhen(m.periodEnd)}. It renews each month with the card you gave.
          </p>
          <h2>Your member pass</h2>
          {props.qr === undefined ? null : (
            <img src={props.qr} alt="QR code of your member pass" width="192" height="192" />
          )}
          <p>
            Member prices apply on the <a href="/">event page</a> in this browser.
          </p>
        </>
      ) : (
        <>
          <p>
            Monthly access to the archived binaural masters, member prices (remote passes) and member-only
            drops, for <strong>{props.price ?? "—"}</strong> a month.
          </p>
          {m !== undefined && m.status === "past_due" ? (
            <p role="alert" class="error">
              Your last renewal was declined: subscribe again with another card.
            </p>
          ) : null}
          {props.error === undefined ? null : (
            <p role="alert" class="error">
              {props.error}
            </p>
          )}
          <form method="post" action="/membership" aria-labelledby="subscribe">
            <h2 id="subscribe">Subscribe</h2>
            <label for="card-number">Card number</label>
            <input id="card-number" name="cardNumber" autocomplete="cc-number" inputmode="numeric" required />
            <p class="muted">Sandbox: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined.</p>
            <button type="submit">Subscribe for {props.price ?? ""} a month</button>
          </form>
        </>
      )}
    </Layout>
  )
}

/**
 * Adds `/membership` and starts the renewal timer.
 *
 * @param app - The site's Hono app.
 * @param site - The site's services.
 */
export const membershipRoutes = (app: Hono<SiteEnv>, site: SiteServices): void => {
  const { memberships } = site
  const render = async (sessionId: string, error?: string) => {
    const membership = await memberships.get(sessionId)
    const active = await memberships.isMember(sessionId)
    const cost = memberships.price()
    const qr =
      membership === undefined || !active
        ? undefined
        : `data:image/svg+xml;base64,${Buffer.from(await QRCode.toString(membership.pass, { type: "svg", errorCorrectionLevel: "M", margin: 2 })).toString("base64")}`
    return (
      <MembershipPage
        membership={membership}
        active={active}
        price={cost === undefined ? undefined : formatAmount(cost.amount, cost.currency)}
        qr={qr}
        error={error}
      />
    )
  }
  app.get("/membership", async (c) => c.html(await render(c.get("sessionId"))))
  app.post("/membership", async (c) => {
    const decoded = decodeInput(PayForm, await c.req.parseBody())
    if (Result.isFailure(decoded))
      return c.html(await render(c.get("sessionId"), decoded.failure.message), 400)
    const outcome = await memberships.subscribe(
      c.get("sessionId"),
      decoded.success.cardNumber.replace(/[\s-]/g, "")
    )
    if (!outcome.ok) return c.html(await render(c.get("sessionId"), outcome.message), 402)
    return c.redirect("/membership", 303)
  })
}
