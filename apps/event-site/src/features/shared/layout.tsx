/** The page frame every page shares: landmarks, a title, the site's small stylesheet. */
import { formatMoney, money } from "@microdrop/pricing"
import { raw } from "hono/html"
import type { PropsWithChildren } from "hono/jsx"

const css = `
:root { font-family: system-ui, sans-serif; color: #1b1b1f; background: #fafaf7; }
body { margin: 0; }
header.site, main, footer { max-width: 46rem; margin: 0 auto; padding: 1rem; }
header.site { border-bottom: 1px solid #ddd; }
header.site a { color: inherit; font-weight: 700; text-decoration: none; }
.product { border: 1px solid #ccc; border-radius: .5rem; padding: .75rem 1rem; margin: .75rem 0; background: #fff; }
.product h3 { margin: 0 0 .25rem; }
.price { font-size: 1.25rem; font-weight: 700; margin: .25rem 0; }
.muted { color: #555; }
.error { border-left: 4px solid #b00020; background: #fdecee; padding: .5rem .75rem; }
.ok { border-left: 4px solid #0a7d32; background: #e9f7ee; padding: .5rem .75rem; }
label { display: block; margin: .5rem 0 .25rem; font-weight: 600; }
input { font: inherit; padding: .4rem; border: 1px solid #767676; border-radius: .25rem; }
button { font: inherit; padding: .5rem 1rem; border: 0; border-radius: .25rem; background: #2b2bb8; color: #fff; cursor: pointer; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #e3e3e3; }
td.amount, th.amount { text-align: right; }
.ticket { border: 1px dashed #999; padding: .75rem; margin: .75rem 0; background: #fff; }
.ticket img { width: 12rem; height: 12rem; }
code { font-size: 1.1rem; letter-spacing: .05em; }
`

/** Most formatted amounts kept: a page shows a handful of prices and totals, over and over. */
const AMOUNTS_KEPT = 1000
const amounts = new Map<string, string>()

/**
 * Formats minor units of a currency for people. `formatMoney` builds an `Intl.NumberFormat` per
 * call (a tenth of an event page's rendering), so each amount's text is kept (bounded).
 */
export const formatAmount = (amount: bigint | string, currency: string): string => {
  const minor = typeof amount === "string" ? BigInt(amount) : amount
  const key = `${currency.length}:${currency}:${minor}`
  let text = amounts.get(key)
  if (text === undefined) {
    text = formatMoney(money(minor, currency), "en-IE")
    if (amounts.size >= AMOUNTS_KEPT) amounts.delete(amounts.keys().next().value as string)
    amounts.set(key, text)
  }
  return text
}

/** One formatter for every instant (`toLocaleString` builds one per call). */
const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })

/** Formats an instant for people (UTC, so every instance and test shows the same). */
export const formatWhen = (ms: number): string =>
  Number.isFinite(ms) ? `${when.format(ms)} UTC` : "an unknown time"

/** The page frame. */
export const Layout = (props: PropsWithChildren<{ readonly title: string; readonly head?: unknown }>) => (
  <>
    {raw("<!DOCTYPE html>")}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <style dangerouslySetInnerHTML={{ __html: css }} />
        {props.head}
      </head>
      <body>
        <header class="site">
          <a href="/">Night Tapes</a>
        </header>
        <main>{props.children}</main>
        <footer class="muted">Microdrop starter event site · payments in sandbox mode</footer>
      </body>
    </html>
  </>
)

/** A page for an error: what happened and what to do, never a stack trace. */
export const ErrorPage = (props: { readonly title: string; readonly message: string }) => (
  <Layout title={props.title}>
    <h1>{props.title}</h1>
    <p role="alert" class="error">
      {props.message}
    </p>
    <p>
      <a href="/">Back to the event</a>
    </p>
  </Layout>
)
