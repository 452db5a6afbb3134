/**
 * A drop's page: its window with a countdown, its items with live stock, and what the drop's mode
 * offers: the order form (first come, first served), the waiting list once it sells out, raffle
 * entry and the published draw, or why a member-only drop refuses a non-member.
 */
import { checkWindow, type Drop } from "@microdrop/drops"
import type { PublishedDraw, PublishedEntry } from "../../db/tables.ts"
import type { EntryView } from "../../services/entries.ts"
import type { EventDefinition } from "../../services/event.ts"
import type { Offer, OfferItem, OrderView } from "../../services/orders.ts"
import { OrderForm, stockText } from "../event/page.tsx"
import { countdown, minutesLeft } from "../shared/countdown.ts"
import { formatAmount, formatWhen, Layout } from "../shared/layout.tsx"

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

/** Everything the drop page shows. */
export interface DropPageProps {
  readonly event: EventDefinition
  readonly drop: Drop
  readonly offer: Offer
  readonly submission: string
  /** The passes this session presents (members: the member pass). */
  readonly passes: ReadonlyArray<string>
  /** Where this session stands on the drop's waiting list or raffle. */
  readonly entry: EntryView
  /** The order made from a hold the drop offered this session, if any. */
  readonly offeredOrder?: OrderView | undefined
  /** The raffle's published draw, once drawn. */
  readonly draw?: PublishedDraw | undefined
  /** A refusal to show (a form that was refused). */
  readonly error?: string | undefined
}

const Items = (props: { readonly items: ReadonlyArray<OfferItem> }) => (
  <ul>
    {props.items.map((item) => (
      <li>
        <strong>{item.name}</strong>
        {item.price === undefined ? "" : `, ${formatAmount(item.price, item.currency)}`}:{" "}
        <span data-stock={item.sku} data-total={item.stock} aria-live="polite">
          {stockText(item)}
        </span>
        . {item.blurb}
      </li>
    ))}
  </ul>
)

/** The lines form of a waiting list or raffle entry: units wanted per item. */
const EntryForm = (props: {
  readonly action: string
  readonly label: string
  readonly button: string
  readonly items: ReadonlyArray<OfferItem>
  readonly max: number
}) => (
  <form method="post" action={props.action}>
    {props.items.map((item) => (
      <>
        <label for={`entry-${item.sku}`}>
          {item.name}: {props.label}
        </label>
        <input
          id={`entry-${item.sku}`}
          name={`qty-${item.sku}`}
          type="number"
          inputmode="numeric"
          min={props.items.length === 1 ? "1" : "0"}
          max={String(props.max)}
          value="1"
        />
      </>
    ))}
    <p>
      <button type="submit">{props.button}</button>
    </p>
  </form>
)

/** The hold a drop offered this session (a promotion or a raffle win), as its order stands. */
const Offered = (props: {
  readonly order: OrderView | undefined
  readonly now: number
  readonly won: boolean
}) => {
  const { order } = props
  if (order === undefined) return null
  if (order.status === "paid")
    return (
      <p class="ok" role="status">
        You bought it: <a href={`/orders/${order.id}`}>see your order</a>.
      </p>
    )
  if (order.status === "lapsed")
    return (
      <p role="status" class="error">
        The hold offered to you lapsed before you paid, so it went to the next person. You were not charged.
      </p>
    )
  const expiresAt = order.expiresAt ?? props.now
  return (
    <div class="ok" role="status">
      <p>
        {props.won ? "You won! " : "Good news: units came back and you are next. "}
        It is held for you for{" "}
        <span role="timer" aria-live="off" data-expires={String(expiresAt)}>
          {minutesLeft(expiresAt - props.now)}
        </span>{" "}
        (until {formatWhen(expiresAt)}).
      </p>
      <p>
        <a href={`/orders/${order.id}`}>Go to checkout</a>
      </p>
    </div>
  )
}

/** Where the session stands on the list, for the page (and the script that polls for changes). */
const EntryStatus = (props: {
  readonly drop: Drop
  readonly entry: EntryView
  readonly order: OrderView | undefined
  readonly now: number
}) => {
  const { entry } = props
  const poll = { "data-entry-state": entry.state, "data-drop": props.drop.id }
  switch (entry.state) {
    case "none":
      return null
    case "entered":
      return (
        <p class="ok" role="status" {...poll}>
          You entered the raffle as <code>{entry.entrant}</code>. The draw is published when entries close.
        </p>
      )
    case "waiting":
      return (
        <p role="status" {...poll}>
          {entry.list === "raffle" ? `You (${entry.entrant}) were not drawn this time. ` : ""}You are number{" "}
          {entry.place} of {entry.waiting} on the waiting list. If units come back, they are held for you and
          this page says so.
        </p>
      )
    case "offered":
      return (
        <div {...poll}>
          <Offered order={props.order} now={props.now} won={entry.list === "raffle"} />
        </div>
      )
    case "ended":
      return (
        <p role="status" {...poll}>
          Your entry is no longer on the list.
        </p>
      )
  }
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** A long hex digest, wrapped anywhere on a narrow screen. */
const Digest = (props: { readonly value: string | undefined; readonly commitment?: boolean }) => (
  <code
    style="word-break: break-all"
    {...(props.commitment === true && props.value !== undefined ? { "data-commitment": props.value } : {})}
  >
    {props.value}
  </code>
)

/** The published draw, short: the winners and a link to check it. */
const DrawSummary = (props: { readonly drop: Drop; readonly draw: PublishedDraw }) => (
  <section aria-labelledby="draw">
    <h2 id="draw">The draw</h2>
    <p>
      {plural(props.draw.entries.length, "entry", "entries")},{" "}
      {plural(props.draw.winners.length, "winner", "winners")}. Winners in rank order:{" "}
      {props.draw.winners.map((w) => w.customerId).join(", ") || "none"}.
    </p>
    <p>
      <a href={`/drops/${props.drop.id}/draw`}>Verify this draw</a>
    </p>
  </section>
)

/** The drop page. */
export const DropPage = (props: DropPageProps) => {
  const { drop, offer, entry } = props
  const w = windowState(drop, offer.at)
  const items = offer.items.filter((i) => drop.items.some((d) => d.sku === i.sku))
  const max = drop.limits.perOrder ?? props.event.maxPerLine
  const refused = checkWindow(drop, props.passes, offer.at)
  const membersOnly = refused?.passRequired === true
  const soldOut = items.every((i) => i.available === 0)
  const raffle = drop.mode === "raffle"
  const waitingList = props.event.waitingLists.includes(drop.id)
  return (
    <Layout title={drop.name}>
      <h1>{drop.name}</h1>
      {w.state === "closed" ? (
        <p role="status">{raffle ? "Entries have closed." : "This drop has closed."}</p>
      ) : (
        <p>
          {w.state === "open" ? `${w.name} is open. It closes in ` : `${w.name} opens in `}
          <span role="timer" aria-live="off" data-until={String(w.until)}>
            {countdown(w.until - offer.at)}
          </span>{" "}
          ({formatWhen(w.until)}).
        </p>
      )}
      {props.error === undefined ? null : (
        <p role="alert" class="error">
          {props.error}
        </p>
      )}
      <EntryStatus drop={drop} entry={entry} order={props.offeredOrder} now={offer.at} />
      {membersOnly ? (
        <section aria-labelledby="members">
          <h2 id="members">For members only</h2>
          <Items items={items} />
          <p role="status">
            Only members can buy this drop: it needs the member pass that comes with the monthly membership.{" "}
            <a href="/membership">Become a member</a>
          </p>
        </section>
      ) : raffle ? (
        <section aria-labelledby="raffle">
          <h2 id="raffle">Raffle</h2>
          <Items items={items} />
          <p>
            One entry per person. When entries close, the draw is made from a secret seed whose SHA-256 was
            published before they opened: <Digest value={drop.commitment} />
          </p>
          {w.state === "open" && entry.state === "none" ? (
            <EntryForm
              action={`/drops/${drop.id}/raffle-entries`}
              label="how many"
              button="Enter the raffle"
              items={items}
              max={max}
            />
          ) : null}
          {w.state === "closed" && props.draw === undefined ? (
            <p role="status">The draw is being made: this page shows it in a moment.</p>
          ) : null}
        </section>
      ) : (
        <>
          <OrderForm event={props.event} items={items} submission={props.submission} heading="Buy" />
          {waitingList && soldOut && w.state === "open" && entry.state === "none" ? (
            <section aria-labelledby="waiting">
              <h2 id="waiting">Waiting list</h2>
              <p>
                Sold out for now. Join the waiting list: when units come back (a hold lapses or is given
                back), they are held for the first in line whose whole request fits.
              </p>
              <EntryForm
                action={`/drops/${drop.id}/waiting-list`}
                label="how many you want"
                button="Join the waiting list"
                items={items}
                max={max}
              />
            </section>
          ) : null}
        </>
      )}
      {props.draw === undefined ? null : <DrawSummary drop={drop} draw={props.draw} />}
      <p>
        <a href="/">Back to the event</a>
      </p>
      <script type="module" src="/assets/event.js" />
      <script type="module" src="/assets/drop.js" />
    </Layout>
  )
}

/** Entrants and the units each asked for, as the draw published them. */
const PublishedEntries = (props: { readonly entries: ReadonlyArray<PublishedEntry> }) => (
  <ol>
    {props.entries.map((e) => (
      <li>
        <code>{e.customerId}</code>: {e.lines.map((l) => `${l.quantity} × ${l.sku}`).join(", ")}
      </li>
    ))}
  </ol>
)

/** The "verify this draw" page: the published draw, recomputed in the browser by the drop script. */
export const DrawPage = (props: { readonly drop: Drop; readonly draw: PublishedDraw | undefined }) => {
  const { drop, draw } = props
  return (
    <Layout title={`Verify the draw: ${drop.name}`}>
      <h1>Verify the draw</h1>
      <p>
        {drop.name}. Before entries opened, the drop published the SHA-256 of a secret seed. After entries
        closed, the seed was revealed and the draw ranked every entry by the SHA-256 of{" "}
        <code>seed:entrant</code>; in that order, an entry wins if what it asks for is still in stock. Your
        browser repeats all of it here with the same code the site drew with (<code>verifyDraw</code> of
        @microdrop/drops).
      </p>
      {draw === undefined ? (
        <p role="status">Not drawn yet: the draw is published when entries close.</p>
      ) : (
        <>
          <dl>
            <dt>Seed commitment (published before entries opened)</dt>
            <dd>
              <Digest value={drop.commitment} commitment />
            </dd>
            <dt>Seed (revealed at the draw)</dt>
            <dd>
              <Digest value={draw.seed} />
            </dd>
            <dt>Entries' digest (SHA-256 of the entries, in the order they were made)</dt>
            <dd>
              <Digest value={draw.entriesDigest} />
            </dd>
            <dt>Stock drawn from</dt>
            <dd>
              {Object.entries(draw.stock)
                .map(([sku, n]) => `${n} × ${sku}`)
                .join(", ")}
            </dd>
          </dl>
          <h2>Winners, in rank order</h2>
          <PublishedEntries entries={draw.winners} />
          <h2>Entries ({draw.entries.length}), in the order they were made</h2>
          <PublishedEntries entries={draw.entries} />
          <p>
            The same data as JSON: <a href={`/api/drops/${drop.id}/draw`}>the published draw</a>.
          </p>
          <button type="button" id="verify" data-drop={drop.id} disabled>
            Verify this draw
          </button>
          <p role="status" id="verdict" aria-live="polite">
            <noscript>
              Verifying runs in your browser with JavaScript; or run verifyDraw from @microdrop/drops on the
              JSON.
            </noscript>
          </p>
        </>
      )}
      <p>
        <a href={`/drops/${drop.id}`}>Back to the drop</a>
      </p>
      <script type="module" src="/assets/draw.js" />
    </Layout>
  )
}
