/**
 * Orders: cart → quote (`@microdrop/pricing`) → holds (`@microdrop/drops`) → payment → claims →
 * tickets. The app keeps only the order's state machine (new → held → paying → paid, or lapsed);
 * prices, add-on rules, stock, windows and limits are the packages' decisions.
 *
 * Idempotency: placing an order is keyed by a submission id rendered into the page's form (a
 * double click places one order); paying moves the order from `held` to `paying` in one guarded
 * UPDATE, so of two submits only one charges; the charge carries `<order>:<attempt>` as its
 * idempotency key; confirms and ledger issues carry keys derived from the order.
 */
import type { PromiseLedger } from "@microdrop/codes/promise"
import type { DropClient } from "@microdrop/drops/promise"
import { decodeCart, decodeQuoteContext, type Quote, quote } from "@microdrop/pricing"
import { and, asc, eq, lt, or, sql } from "drizzle-orm"
import type { Orm } from "../db/database.ts"
import type { CartLine, OrderHold, OrderSummary, Tables } from "../db/tables.ts"
import type { EventDefinition } from "./event.ts"
import type { SiteKeys } from "./keys.ts"
import type { PaymentProvider } from "./payments.ts"
import { issueTickets } from "./tickets.ts"

/** Why an order could not be placed, in words for the buyer, with the package error's tag. */
export interface PlaceRefusal {
  readonly ok: false
  readonly tag: string
  readonly message: string
}

/** An order as its page shows it. */
export type OrderView = NonNullable<Awaited<ReturnType<Orders["get"]>>>

/** The dependencies of the orders service. */
export interface OrderDeps {
  readonly orm: Orm
  readonly tables: Tables
  readonly drops: DropClient
  readonly ledger: PromiseLedger
  readonly payments: PaymentProvider
  readonly keys: SiteKeys
  readonly event: EventDefinition
  /** The clock (ms); tests may move it. */
  readonly now: () => number
  /** Whether a session has an active membership (member prices apply). */
  readonly isMember: (sessionId: string) => Promise<boolean>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A paying order whose process vanished for this long may be taken over (same attempt key). */
const STALE_PAYING_MS = 60_000

const summarize = (q: Quote): OrderSummary => ({
  currency: q.currency,
  lines: q.lines.map((l) => ({
    sku: l.sku,
    name: l.name,
    quantity: l.quantity,
    gross: l.gross.amount.toString()
  })),
  fees: q.fees.filter((f) => !f.absorbed).map((f) => ({ name: f.name, amount: f.amount.amount.toString() })),
  taxes: q.taxes.map((t) => ({ name: t.name, amount: t.amount.amount.toString() })),
  total: q.totals.total.amount.toString()
})

const tagOf = (error: unknown): string =>
  typeof error === "object" && error !== null && "_tag" in error ? String(error._tag) : "Error"

/** Puts a package's refusal in a buyer's words (names, not SKUs); the rule stays the package's. */
const buyerMessage = (event: EventDefinition, error: unknown): string => {
  const e = error as Record<string, unknown>
  const name = (sku: unknown) => event.catalog.products.find((p) => p.sku === sku)?.name ?? String(sku)
  switch (tagOf(error)) {
    case "OutOfStock": // drops: not enough free stock
    case "ProductSoldOut": // pricing: a first-N tier or a product sold out
      return typeof e["available"] === "number" && e["available"] > 0
        ? `Only ${e["available"]} × ${name(e["sku"])} left: choose fewer.`
        : typeof e["remaining"] === "number" && e["remaining"] > 0
          ? `Only ${e["remaining"]} × ${name(e["sku"])} left: choose fewer.`
          : `${name(e["sku"])} is sold out.`
    case "AddonWithoutTicket":
      return `${name(e["sku"])} needs a base ticket in the same order (at most ${e["maxPerTicket"]} per ticket).`
    case "WindowNotOpen":
    case "NotOnSale":
      return "That is not on sale right now."
    case "LimitExceeded":
      return `At most ${e["max"]} items of this kind per ${e["limit"] === "perOrder" ? "order" : "buyer"}.`
    default:
      return error instanceof Error ? error.message : "Something went wrong."
  }
}

/** The orders service. */
export interface Orders {
  /** Live prices (member prices for members) and stock of the event's products. */
  readonly offer: (member?: boolean) => Promise<Offer>
  /** Places an order: quote, then holds; idempotent on `orderId` (the form's submission id). */
  readonly place: (input: {
    readonly orderId: string
    readonly sessionId: string
    readonly cart: ReadonlyArray<CartLine>
  }) => Promise<{ readonly ok: true; readonly orderId: string } | PlaceRefusal>
  /** Reads an order of this session (with its tickets once paid). */
  readonly get: (
    orderId: string,
    sessionId: string
  ) => Promise<(OrderRow & { readonly tickets: ReadonlyArray<TicketRow> }) | undefined>
  /** Pays a held order; a second submit waits for the first instead of charging again. */
  readonly pay: (orderId: string, sessionId: string, cardNumber: string) => Promise<void>
  /** Places a new order with a lapsed order's cart. */
  readonly retry: (orderId: string, sessionId: string, newOrderId: string) => ReturnType<Orders["place"]>
}

type OrderRow = Tables["orders"]["$inferSelect"]
type TicketRow = Tables["tickets"]["$inferSelect"]

/** One product on the event page. */
export interface OfferItem {
  readonly sku: string
  readonly name: string
  readonly blurb: string
  /** Unit price now (gross, minor units), or undefined when not on sale. */
  readonly price: bigint | undefined
  readonly currency: string
  /** Units free to hold now. */
  readonly available: number
  readonly stock: number
  /** `on-sale`, `sold-out`, `not-yet` (a window opens later), `closed`. */
  readonly state: "on-sale" | "sold-out" | "not-yet" | "closed"
  /** The open window's name, or when the next one opens. */
  readonly window:
    | { readonly name: string; readonly closesAt: number }
    | { readonly opensAt: number }
    | undefined
}

/** What the event page offers. */
export interface Offer {
  readonly at: number
  readonly items: ReadonlyArray<OfferItem>
}

/**
 * Makes the orders service.
 *
 * @param deps - Database, drops, ledger, payments, keys, event and clock.
 */
export const makeOrders = (deps: OrderDeps): Orders => {
  const { orm, tables, drops, event } = deps
  const o = tables.orders

  const soldAndAvailable = async () => {
    const sold: Record<string, number> = {}
    const available = new Map<string, { available: number; stock: number }>()
    for (const drop of event.drops) {
      const a = await drops.availability(drop.id)
      for (const item of a.items) {
        sold[item.sku] = item.confirmed
        available.set(item.sku, { available: item.available, stock: item.stock })
      }
    }
    return { sold, available }
  }

  const tiered = (event.catalog.priceRules ?? []).some((r) => r.kind === "first-n")

  const priceNow = (
    sku: string,
    now: number,
    sold: Record<string, number>,
    member: boolean
  ): bigint | undefined => {
    const product = event.catalog.products.find((p) => p.sku === sku)
    const lines = [{ sku, quantity: 1 }]
    // An add-on is priced beside the ticket it needs.
    const ticket = event.catalog.products.find((p) => p.kind === "ticket")
    if (product?.kind === "addon" && ticket !== undefined) lines.push({ sku: ticket.sku, quantity: 1 })
    const cart = decodeCart({ lines })
    const context = decodeQuoteContext({ now: new Date(now).toISOString(), sold, member })
    if (!cart.ok || !context.ok) return undefined
    const q = quote(event.catalog, cart.value, context.value)
    return q.ok ? q.value.lines.find((l) => l.sku === sku)?.gross.amount : undefined
  }

  const offer: Orders["offer"] = async (member = false) => {
    const now = deps.now()
    const { sold, available } = await soldAndAvailable()
    const items = event.products.map((p): OfferItem => {
      const product = event.catalog.products.find((c) => c.sku === p.sku)
      const drop = event.drops.find((d) => d.id === p.dropId)
      const open = drop?.windows.find((w) => w.opensAt <= now && now < w.closesAt)
      const next = drop?.windows.filter((w) => w.opensAt > now).sort((a, b) => a.opensAt - b.opensAt)[0]
      const stock = available.get(p.sku) ?? { available: 0, stock: 0 }
      const price = priceNow(p.sku, now, sold, member)
      return {
        sku: p.sku,
        name: product?.name ?? p.sku,
        blurb: p.blurb,
        price,
        currency: event.catalog.currency,
        available: stock.available,
        stock: stock.stock,
        state:
          open === undefined
            ? next === undefined
              ? "closed"
              : "not-yet"
            : stock.available === 0
              ? "sold-out"
              : "on-sale",
        window:
          open !== undefined
            ? { name: open.name, closesAt: open.closesAt }
            : next !== undefined
              ? { opensAt: next.opensAt }
              : undefined
      }
    })
    return { at: now, items }
  }

  const load = async (orderId: string, sessionId: string) => {
    const [row] = await orm
      .select()
      .from(o)
      .where(and(eq(o.id, orderId), eq(o.sessionId, sessionId)))
    return row
  }

  /** Waits while another request works on the order (`new` or `paying`). */
  const settle = async (orderId: string, sessionId: string, busy: string) => {
    for (let i = 0; i < 400; i++) {
      const row = await load(orderId, sessionId)
      if (row === undefined || row.status !== busy) return row
      await sleep(50)
    }
    return load(orderId, sessionId)
  }

  const place: Orders["place"] = async ({ orderId, sessionId, cart }) => {
    const lines = cart.filter((l) => l.quantity > 0)
    if (lines.length === 0) return { ok: false, tag: "EmptyCart", message: "Choose at least one item." }
    const now = deps.now()
    // Units sold only change a price through first-N tiers: without them, skip reading the drops.
    const { sold } = tiered ? await soldAndAvailable() : { sold: {} }
    const member = await deps.isMember(sessionId)
    const decodedCart = decodeCart({ lines })
    const context = decodeQuoteContext({ now: new Date(now).toISOString(), sold, member })
    if (!decodedCart.ok) return { ok: false, tag: decodedCart.error._tag, message: decodedCart.error.message }
    if (!context.ok) return { ok: false, tag: context.error._tag, message: context.error.message }
    const q = quote(event.catalog, decodedCart.value, context.value)
    if (!q.ok) return { ok: false, tag: q.error._tag, message: buyerMessage(event, q.error) }

    const inserted = await orm
      .insert(o)
      .values({
        id: orderId,
        sessionId,
        eventId: event.id,
        status: "new",
        cart: lines,
        createdAt: now,
        updatedAt: now
      })
      .onConflictDoNothing()
      .returning({ id: o.id })
    if (inserted.length === 0) {
      // The same submission again (a double click or a retried request): answer with its order.
      const existing = await settle(orderId, sessionId, "new")
      return existing === undefined
        ? { ok: false, tag: "OrderNotFound", message: "That order form was already used: reload the page." }
        : { ok: true, orderId }
    }

    const byDrop = new Map<string, Array<CartLine>>()
    for (const line of lines) {
      const dropId = event.products.find((p) => p.sku === line.sku)?.dropId
      if (dropId === undefined) continue
      byDrop.set(dropId, [...(byDrop.get(dropId) ?? []), line])
    }
    const holds: Array<OrderHold & { expiresAt: number }> = []
    try {
      for (const [dropId, dropLines] of byDrop) {
        const hold = await drops.hold({
          dropId,
          customerId: sessionId,
          lines: dropLines,
          idempotencyKey: `${orderId}:hold`
        })
        holds.push({ dropId, holdId: hold.id, expiresAt: hold.expiresAt })
      }
    } catch (error) {
      for (const h of holds)
        await drops
          .release({ dropId: h.dropId, holdId: h.holdId, idempotencyKey: `${orderId}:release` })
          .catch(() => undefined)
      await orm.delete(o).where(eq(o.id, orderId))
      return { ok: false, tag: tagOf(error), message: buyerMessage(event, error) }
    }
    await orm
      .update(o)
      .set({
        status: "held",
        holds: holds.map(({ dropId, holdId }) => ({ dropId, holdId })),
        expiresAt: Math.min(...holds.map((h) => h.expiresAt)),
        summary: summarize(q.value),
        updatedAt: deps.now()
      })
      .where(eq(o.id, orderId))
    return { ok: true, orderId }
  }

  const get: Orders["get"] = async (orderId, sessionId) => {
    const row = await load(orderId, sessionId)
    if (row === undefined) return undefined
    const tickets =
      row.status === "paid"
        ? await orm
            .select()
            .from(tables.tickets)
            .where(eq(tables.tickets.orderId, orderId))
            .orderBy(asc(tables.tickets.position))
        : []
    // A hold past its time has lapsed, whether or not anyone has tried to pay since.
    const lapsed = row.status === "held" && row.expiresAt !== null && deps.now() >= row.expiresAt
    return { ...row, status: lapsed ? "lapsed" : row.status, tickets }
  }

  const lapse = async (orderId: string, message: string) => {
    await orm.update(o).set({ status: "lapsed", message, updatedAt: deps.now() }).where(eq(o.id, orderId))
  }

  const pay: Orders["pay"] = async (orderId, sessionId, cardNumber) => {
    const order = await load(orderId, sessionId)
    if (order === undefined || order.summary === null || order.holds === null) return
    const now = deps.now()
    if (order.status === "held" && order.expiresAt !== null && now >= order.expiresAt) {
      return lapse(
        orderId,
        "Your hold lapsed before you paid, so the items went back on sale. You were not charged."
      )
    }
    // One guarded step takes the order from `held` to `paying`: of two submits, one wins.
    const claimed = await orm
      .update(o)
      .set({
        status: "paying",
        attempt: sql`CASE WHEN ${o.status} = 'held' THEN ${o.attempt} + 1 ELSE ${o.attempt} END`,
        updatedAt: now
      })
      .where(
        and(
          eq(o.id, orderId),
          or(eq(o.status, "held"), and(eq(o.status, "paying"), lt(o.updatedAt, now - STALE_PAYING_MS)))
        )
      )
      .returning({ attempt: o.attempt, paymentId: o.paymentId })
    const mine = claimed[0]
    if (mine === undefined) {
      await settle(orderId, sessionId, "paying")
      return
    }
    let paymentId = mine.paymentId
    if (paymentId === null) {
      const charge = await deps.payments.charge({
        idempotencyKey: `${orderId}:${mine.attempt}`,
        amount: BigInt(order.summary.total),
        currency: order.summary.currency,
        source: { cardNumber }
      })
      if (charge.status !== "succeeded") {
        await orm
          .update(o)
          .set({ status: "held", message: charge.reason, updatedAt: deps.now() })
          .where(and(eq(o.id, orderId), eq(o.status, "paying")))
        return
      }
      paymentId = charge.paymentId
      await orm.update(o).set({ paymentId }).where(eq(o.id, orderId))
    }
    try {
      for (const h of order.holds)
        await drops.confirm({ dropId: h.dropId, holdId: h.holdId, idempotencyKey: `${orderId}:confirm` })
    } catch (error) {
      const tag = tagOf(error)
      if (tag === "HoldAlreadyExpired" || tag === "HoldAlreadyReleased" || tag === "HoldNotFound") {
        await deps.payments.refund(paymentId)
        return lapse(orderId, "Your hold lapsed before the payment went through. The charge was refunded.")
      }
      // Unknown outcome (the store did not answer): the charge is recorded, so paying again
      // confirms without charging again.
      await orm
        .update(o)
        .set({
          status: "held",
          message: "We could not finish your order. Press Pay again: you will not be charged twice.",
          updatedAt: deps.now()
        })
        .where(eq(o.id, orderId))
      return
    }
    await issueTickets(deps, { id: orderId, cart: order.cart })
    await orm.update(o).set({ status: "paid", message: null, updatedAt: deps.now() }).where(eq(o.id, orderId))
  }

  const retry: Orders["retry"] = async (orderId, sessionId, newOrderId) => {
    const order = await load(orderId, sessionId)
    if (order === undefined) return { ok: false, tag: "OrderNotFound", message: "That order does not exist." }
    return place({ orderId: newOrderId, sessionId, cart: order.cart })
  }

  return { offer, place, get, pay, retry }
}
