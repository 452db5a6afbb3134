/** The order page: checkout (summary, hold timer, payment), then the tickets; or a lapsed hold. */
import type { OrderSummary } from "../../db/tables.ts"
import type { OrderView } from "../../services/orders.ts"
import { minutesLeft } from "../shared/countdown.ts"
import { formatAmount, formatWhen, Layout } from "../shared/layout.tsx"

const Summary = (props: { readonly summary: OrderSummary }) => {
  const s = props.summary
  return (
    <table>
      <caption class="muted">Your order</caption>
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col">Quantity</th>
          <th scope="col" class="amount">
            Amount
          </th>
        </tr>
      </thead>
      <tbody>
        {s.lines.map((l) => (
          <tr>
            <td>{l.name}</td>
            <td>{l.quantity}</td>
            <td class="amount">{formatAmount(l.gross, s.currency)}</td>
          </tr>
        ))}
        {s.fees.map((f) => (
          <tr>
            <td colspan={2}>{f.name}</td>
            <td class="amount">{formatAmount(f.amount, s.currency)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colspan={2}>
            Total
          </th>
          <td class="amount">
            <strong>{formatAmount(s.total, s.currency)}</strong>
          </td>
        </tr>
        {s.taxes.map((t) => (
          <tr class="muted">
            <td colspan={2}>included {t.name}</td>
            <td class="amount">{formatAmount(t.amount, s.currency)}</td>
          </tr>
        ))}
      </tfoot>
    </table>
  )
}

/** A ticket, pass or code of a paid order, with its QR code as an SVG data URL. */
export interface TicketCard {
  readonly id: string
  readonly kind: string
  readonly label: string
  readonly shortCode: string | null
  readonly qr: string | undefined
}

const Ticket = (props: { readonly ticket: TicketCard; readonly n: number }) => {
  const t = props.ticket
  const heading = `${t.label} ${props.n}`
  const hid = `t-${t.id}`
  return (
    <article class="ticket" aria-labelledby={hid}>
      <h3 id={hid}>{heading}</h3>
      {t.qr === undefined ? null : <img src={t.qr} alt={`QR code of ${heading.toLowerCase()}`} />}
      {t.kind === "digital" ? (
        <p>
          Redemption code for the digital master: <code>{t.shortCode}</code> (<a href="/redeem">redeem it</a>)
        </p>
      ) : (
        <p>
          Door code (if the QR code will not scan): <code>{t.shortCode}</code>
        </p>
      )}
    </article>
  )
}

/** The order page for every state of the order. */
export const OrderPage = (props: {
  readonly order: OrderView
  readonly now: number
  readonly tickets: ReadonlyArray<TicketCard>
  readonly submission: string
}) => {
  const { order } = props
  if (order.status === "paid") {
    const counts = new Map<string, number>()
    return (
      <Layout title="Order confirmed">
        <h1>Order confirmed</h1>
        <p class="ok" role="status">
          Thank you! Your payment went through. Show a ticket's QR code at the door.
        </p>
        {order.summary === null ? null : <Summary summary={order.summary} />}
        <h2>Your tickets and codes</h2>
        {props.tickets.map((t) => {
          const n = (counts.get(t.label) ?? 0) + 1
          counts.set(t.label, n)
          return <Ticket ticket={t} n={n} />
        })}
      </Layout>
    )
  }
  if (order.status === "lapsed") {
    return (
      <Layout title="Your hold lapsed">
        <h1>Your hold lapsed</h1>
        <p role="alert" class="error">
          {order.message ??
            "Your hold lapsed before you paid, so the items went back on sale. You were not charged."}
        </p>
        <form method="post" action={`/orders/${order.id}/retry`}>
          <input type="hidden" name="submission" value={props.submission} />
          <button type="submit">Try again</button>
        </form>
      </Layout>
    )
  }
  if (order.status === "paying" || order.status === "new") {
    return (
      <Layout title="Payment in progress" head={<meta http-equiv="refresh" content="1" />}>
        <h1>Payment in progress</h1>
        <p role="status">One moment: this page refreshes by itself.</p>
      </Layout>
    )
  }
  const expiresAt = order.expiresAt ?? props.now
  const total = order.summary === null ? "" : formatAmount(order.summary.total, order.summary.currency)
  return (
    <Layout title="Checkout">
      <h1>Checkout</h1>
      <p>
        Your items are held for you for{" "}
        <span role="timer" aria-live="off" data-expires={String(expiresAt)}>
          {minutesLeft(expiresAt - props.now)}
        </span>{" "}
        (until {formatWhen(expiresAt)}).
      </p>
      {order.summary === null ? null : <Summary summary={order.summary} />}
      {order.message === null ? null : (
        <p role="alert" class="error">
          {order.message}
        </p>
      )}
      <form method="post" action={`/orders/${order.id}/pay`} aria-labelledby="pay">
        <h2 id="pay">Pay</h2>
        <label for="card-number">Card number</label>
        <input id="card-number" name="cardNumber" autocomplete="cc-number" inputmode="numeric" required />
        <p class="muted">
          Sandbox: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined, 4000 0000 0000 0119 fails
          transiently.
        </p>
        <button type="submit">Pay {total}</button>
      </form>
      <script type="module" src="/assets/checkout.js" />
    </Layout>
  )
}
