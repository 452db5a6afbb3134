/** Redeeming a bundle's code for the digital master, and the signed download. */
import { Result, Schema } from "effect"
import type { Hono } from "hono"
import { decodeInput } from "../../http/decode.ts"
import type { SiteEnv } from "../../http/env.ts"
import { checkDownload, demoMaster, MASTER, redeemForDownload } from "../../services/downloads.ts"
import type { SiteServices } from "../../services/site.ts"
import { ErrorPage, Layout } from "../shared/layout.tsx"

/** The redeem form. */
export const RedeemForm = Schema.Struct({
  code: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(64))
})

const RedeemPage = (props: { readonly error?: string | undefined; readonly url?: string | undefined }) => (
  <Layout title="Redeem a code">
    <h1>Redeem a code</h1>
    {props.url === undefined ? null : (
      <p class="ok" role="status">
        Code redeemed. <a href={props.url}>Download the digital master</a> (the link works for 10 minutes;
        redeem the code again in this browser for a new one).
      </p>
    )}
    {props.error === undefined ? null : (
      <p role="alert" class="error">
        {props.error}
      </p>
    )}
    <form method="post" action="/redeem">
      <label for="code">Redemption code</label>
      <input id="code" name="code" autocomplete="off" autocapitalize="characters" required />
      <button type="submit">Redeem</button>
    </form>
  </Layout>
)

/**
 * Adds `/redeem` and the signed download route.
 *
 * @param app - The site's Hono app.
 * @param site - The site's services.
 */
export const redeemRoutes = (app: Hono<SiteEnv>, site: SiteServices): void => {
  const master = demoMaster()
  app.get("/redeem", (c) => c.html(<RedeemPage />))
  app.post("/redeem", async (c) => {
    const decoded = decodeInput(RedeemForm, await c.req.parseBody())
    if (Result.isFailure(decoded)) return c.html(<RedeemPage error={decoded.failure.message} />, 400)
    const outcome = await redeemForDownload(
      site.ledger,
      site.keys.downloadSecret,
      decoded.success.code,
      c.get("sessionId"),
      Date.now()
    )
    if (outcome.ok) return c.html(<RedeemPage url={outcome.url} />)
    if (outcome.retryAfterMs !== undefined)
      c.header("Retry-After", String(Math.max(1, Math.ceil(outcome.retryAfterMs / 1000))))
    return c.html(<RedeemPage error={outcome.message} />, outcome.tag === "RateLimited" ? 429 : 409)
  })
  app.get(`/downloads/${MASTER.name}`, (c) => {
    const verdict = checkDownload(site.keys.downloadSecret, c.req.query(), Date.now())
    if (verdict !== "ok")
      return c.html(
        <ErrorPage
          title="Link not valid"
          message={
            verdict === "expired"
              ? "This download link has expired: redeem your code again for a new one."
              : "This download link is not valid."
          }
        />,
        403
      )
    return c.body(new Uint8Array(master), 200, {
      "content-type": MASTER.type,
      "content-disposition": `attachment; filename="${MASTER.name}"`,
      "cache-control": "private, no-store"
    })
  })
}
