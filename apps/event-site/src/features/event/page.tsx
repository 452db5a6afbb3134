/** The event page: tiers with live prices, add-on rules, window and stock states, one order form. */
import type { EventDefinition } from "../../services/event.ts"
import type { Offer, OfferItem } from "../../services/orders.ts"
import { formatAmount, formatWhen, Layout } from "../shared/layout.tsx"

/** The stock line of a product (the client script rewrites it from live events). */
export const stockText = (item: Pick<OfferItem, "available" | "stock" | "state" | "window">): string => {
  switch (item.state) {
    case "sold-out":
      return "Sold out"
    case "not-yet":
      return item.window !== undefined && "opensAt" in item.window
        ? `On sale from ${formatWhen(item.window.opensAt)}`
        : "Not on sale yet"
    case "closed":
      return "Sale closed"
    default:
      return `${item.available} of ${item.stock} left`
  }
}

const Product = (props: { readonly item: OfferItem; readonly max: number; readonly value: number }) => {
  const { item } = props
  const id = `p-${item.sku}`
  return (
    <section class="product" aria-labelledby={id}>
      <h3 id={id}>{item.name}</h3>
      <p>{item.blurb}</p>
      <p class="price">
        {item.price === undefined ? "Not on sale" : formatAmount(item.price, item.currency)}
      </p>
      <p class="muted">
        <span data-stock={item.sku} data-total={item.stock} aria-live="polite">
          {stockText(item)}
        </span>
        {item.window !== undefined && "closesAt" in item.window
          ? ` · ${item.window.name} until ${formatWhen(item.window.closesAt)}`
          : ""}
      </p>
      <label for={`qty-${item.sku}`}>{item.name} quantity</label>
      <input
        id={`qty-${item.sku}`}
        name={`qty-${item.sku}`}
        type="number"
        inputmode="numeric"
        min="0"
        max={String(props.max)}
        value={String(props.value)}
        disabled={item.state !== "on-sale"}
      />
    </section>
  )
}

/** The order form over some of the event's products (the event page: all; a drop page: its own). */
export const OrderForm = (props: {
  readonly event: EventDefinition
  readonly items: ReadonlyArray<OfferItem>
  readonly submission: string
  readonly heading: string
  readonly chosen?: Readonly<Record<string, number>> | undefined
}) => (
  <form method="post" action={`/events/${props.event.id}/orders`} aria-labelledby="buy">
    <h2 id="buy">{props.heading}</h2>
    <input type="hidden" name="submission" value={props.submission} />
    {props.items.map((item) => (
      <Product item={item} max={props.event.maxPerLine} value={props.chosen?.[item.sku] ?? 0} />
    ))}
    <p class="muted">Prices include VAT. Fees are shown at checkout, before you pay.</p>
    <button type="submit">Check out</button>
  </form>
)

/** The event page. */
export const EventPage = (props: {
  readonly event: EventDefinition
  readonly offer: Offer
  readonly submission: string
  readonly error?: string | undefined
  readonly chosen?: Readonly<Record<string, number>>
}) => {
  const { event, offer } = props
  return (
    <Layout title={event.name}>
      <h1>{event.name}</h1>
      <p>
        {formatWhen(event.startsAt)} · {event.venue}
      </p>
      {props.error === undefined ? null : (
        <p role="alert" class="error">
          {props.error}
        </p>
      )}
      <OrderForm
        event={event}
        items={offer.items.filter((i) => event.products.find((p) => p.sku === i.sku)?.dropPageOnly !== true)}
        submission={props.submission}
        heading="Tickets and the micro-drop"
        chosen={props.chosen}
      />
      <p>
        <a href="/membership">Become a member</a>: archive access, member prices and member-only drops.
      </p>
      <nav aria-label="Drops">
        <h2>Drops</h2>
        <ul>
          {event.drops.map((d) => (
            <li>
              <a href={`/drops/${d.id}`}>{d.name}</a>
            </li>
          ))}
        </ul>
      </nav>
      <script type="module" src="/assets/event.js" />
    </Layout>
  )
}
