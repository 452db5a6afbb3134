/** A drop's page: its window with a countdown, its items with live stock, and the order form. */
import type { Drop } from "@microdrop/drops"
import type { EventDefinition } from "../../services/event.ts"
import type { Offer } from "../../services/orders.ts"
import { OrderForm } from "../event/page.tsx"
import { countdown } from "../shared/countdown.ts"
import { formatWhen, Layout } from "../shared/layout.tsx"

/** What a drop's window is doing at `now`, and the instant the countdown runs to. */
export const windowState = (
  drop: Drop,
  now: number
):
  | { readonly state: "open"; readonly name: string; readonly until: number }
  | { readonly state: "upcoming"; readonly name: string; readonly until: number }
  | { readonly state: "closed" } => {
  const open = drop.windows.find((w) => w.opensAt <= now && now < w.closesAt)
  if (open !== undefined) return { state: "open", name: open.name, until: open.closesAt }
  const next = drop.windows.filter((w) => w.opensAt > now).sort((a, b) => a.opensAt - b.opensAt)[0]
  return next === undefined
    ? { state: "closed" }
    : { state: "upcoming", name: next.name, until: next.opensAt }
}

/** The drop page. */
export const DropPage = (props: {
  readonly event: EventDefinition
  readonly drop: Drop
  readonly offer: Offer
  readonly submission: string
}) => {
  const { drop, offer } = props
  const w = windowState(drop, offer.at)
  const items = offer.items.filter((i) => drop.items.some((d) => d.sku === i.sku))
  return (
    <Layout title={drop.name}>
      <h1>{drop.name}</h1>
      {w.state === "closed" ? (
        <p role="status">This drop has closed.</p>
      ) : (
        <p>
          {w.state === "open" ? `${w.name} is open. It closes in ` : `${w.name} opens in `}
          <span role="timer" aria-live="off" data-until={String(w.until)}>
            {countdown(w.until - offer.at)}
          </span>{" "}
          ({formatWhen(w.until)}).
        </p>
      )}
      <OrderForm event={props.event} items={items} submission={props.submission} heading="Buy" />
      <p>
        <a href="/">Back to the event</a>
      </p>
      <script type="module" src="/assets/event.js" />
      <script type="module" src="/assets/drop.js" />
    </Layout>
  )
}
