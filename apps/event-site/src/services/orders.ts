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
import {
  HoldAlreadyExpired,
  HoldAlreadyReleased,
  HoldNotFound,
  IdempotencyKeyReused,
  LimitExceeded,
  OutOfStock,
  RequestInFlight,
  WindowNotOpen
} from "@microdrop/drops"
import type { DropClient } from "@microdrop/drops/promise"
import {
  AddonWithoutTicket,
  decodeCart,
  decodeQuoteContext,
  NotOnSale,
  ProductSoldOut,
  type Quote,
  quote
} from "@microdrop/pricing"
import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm"
import { batched } from "../db/batch.ts"
import type { Orm } from "../db/database.ts"
import type { CartLine, OrderHold, OrderSummary, Tables } from "../db/tables.ts"
import { tagOf } from "../errors.ts"
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

/** What placing an order answers: the order as placed, or the refusal. */
export type PlaceResult =
  | { readonly ok: true; readonly orderId: string; readonly order: OrderView }
  | PlaceRefusal

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
  /** The passes a session presents with its holds (members: the member pass). */
  readonly passes?: (sessionId: string) => Promise<ReadonlyArray<string>>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A paying order whose process vanished for this long may be taken over (same attempt key). */
const STALE_PAYING_MS = 60_000

/** What an order keeps of its quote (also for orders made from a hold a drop offered). */
export const summarize = (q: Quote): OrderSummary => ({
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

/** Puts a package's refusal in a buyer's words (names, not SKUs); the rule stays the package's. */
const buyerMessage = (event: EventDefinition, error: unknown): string => {
  const name = (sku: string) => event.catalog.products.find((p) => p.sku === sku)?.name ?? sku
  const left = (sku: string, units: number) =>
    units > 0 ? `Only ${units} × ${name(sku)} left: choose fewer.` : `${name(sku)} is sold out.`
  // drops: not enough free stock; pricing: a first-N tier or a product sold out
  if (error instanceof OutOfStock) return left(error.sku, error.available)
  if (error instanceof ProductSoldOut) return left(error.sku, error.remaining)
  if (error instanceof AddonWithoutTicket)
    return `${name(error.sku)} needs a base ticket in the same order (at most ${error.maxPerTicket} per ticket).`
  if (error instanceof WindowNotOpen)
    return error.passRequired
      ? "That is for members only: become a member to buy it."
      : "That is not on sale right now."
  if (error instanceof NotOnSale) return "That is not on sale right now."
  if (error instanceof LimitExceeded)
    return `At most ${error.max} items of this kind per ${error.limit === "perOrder" ? "order" : "buyer"}.`
  return error instanceof Error ? error.message : "Something went wrong."
}

/** An order being placed: its quote is done, its holds are next. */
interface Placing {
  readonly orderId: string
  readonly sessionId: string
  readonly lines: ReadonlyArray<CartLine>
  readonly now: number
  readonly summary: OrderSummary
}

/** The orders service. */
export interface Orders {
  /** Live prices (member prices for members) and stock of the event's products. */
  readonly offer: (member?: boolean) => Promise<Offer>
  /**
   * Places an order: quote, then holds; idempotent on `orderId` (the form's submission id).
   * Answers with the order as placed, so a caller need not read it again.
   */
  readonly place: (input: {
    readonly orderId: string
    readonly sessionId: string
    readonly cart: ReadonlyArray<CartLine>
  }) => Promise<PlaceResult>
  /** Reads an order of this session (with its tickets once paid). */
  readonly get: (
    orderId: string,
    sessionId: string
  ) => Promise<(OrderRow & { readonly tickets: ReadonlyArray<TicketRow> }) | undefined>
  /**
   * Pays a held order; a second submit waits for the first instead of charging again. Answers
   * with the order after the attempt (paid, held with a message, or lapsed), or `undefined` when
   * this session has no such order.
   */
  readonly pay: (orderId: string, sessionId: string, cardNumber: string) => Promise<OrderView | undefined>
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

  // The statements of the rush (place, pay) are built once: drizzle then only fills in values.
  const placeholder = sql.placeholder
  const loadStatement = orm
    .select()
    .from(o)
    .where(and(eq(o.id, placeholder("orderId")), eq(o.sessionId, placeholder("sessionId"))))
    .prepare("event_site_load_order")
  // The rush's writes go out in batches (see db/batch.ts): the orders placed, claimed for paying
  // and paid by requests arriving together are each written by one statement.
  const sameOrder = (row: OrderRow, w: { readonly orderId: string; readonly sessionId: string }) =>
    row.id === w.orderId && row.sessionId === w.sessionId
  /** Writes held orders; each answers its row, or `undefined` when its id was taken (a twin placed it). */
  const insertHeld = batched(
    async (
      items: ReadonlyArray<
        Placing & { readonly holds: ReadonlyArray<OrderHold>; readonly expiresAt: number | null }
      >
    ) => {
      const updatedAt = deps.now()
      const rows = await orm
        .insert(o)
        .values(
          items.map((i) => ({
            id: i.orderId,
            sessionId: i.sessionId,
            eventId: event.id,
            status: "held" as const,
            cart: i.lines,
            summary: i.summary,
            holds: i.holds,
            expiresAt: i.expiresAt,
            createdAt: i.now,
            updatedAt
          }))
        )
        .onConflictDoNothing()
        .returning()
      return items.map((i) => rows.find((r) => sameOrder(r, i)))
    }
  )
  /**
   * One guarded step takes a held order whose hold has not lapsed to `paying`: of two submits (on
   * any instances), one wins; a `paying` order whose process vanished may be taken over with the
   * same attempt (so the same charge key). Answers each order's row, or `undefined` when not taken.
   */
  const claim = batched(
    async (items: ReadonlyArray<{ readonly orderId: string; readonly sessionId: string }>) => {
      const now = deps.now()
      const rows = await orm
        .update(o)
        .set({
          status: "paying",
          attempt: sql`CASE WHEN ${o.status} = 'held' THEN ${o.attempt} + 1 ELSE ${o.attempt} END`,
          updatedAt: now
        })
        .where(
          and(
            or(...items.map((i) => and(eq(o.id, i.orderId), eq(o.sessionId, i.sessionId)))),
            isNotNull(o.summary),
            isNotNull(o.holds),
            or(
              and(eq(o.status, "held"), or(isNull(o.expiresAt), gt(o.expiresAt, now))),
              and(eq(o.status, "paying"), lt(o.updatedAt, now - STALE_PAYING_MS))
            )
          )
        )
        .returning()
      return items.map((i) => rows.find((r) => sameOrder(r, i)))
    }
  )
  /** Records paid orders and their tickets together (one transaction per batch). */
  const markPaid = batched(
    async (
      items: ReadonlyArray<{
        readonly orderId: string
        readonly paymentId: string
        readonly tickets: ReadonlyArray<TicketRow>
      }>
    ) => {
      const now = deps.now()
      const rows = await orm.transaction(async (tx) => {
        const tickets = items.flatMap((i) => i.tickets)
        if (tickets.length > 0) await tx.insert(tables.tickets).values(tickets).onConflictDoNothing()
        return tx
          .update(o)
          .set({
            status: "paid",
            paymentId: sql`CASE ${o.id} ${sql.join(
              items.map((i) => sql`WHEN ${i.orderId} THEN ${i.paymentId}`),
              sql` `
            )} END`,
            message: null,
            updatedAt: now
          })
          .where(
            inArray(
              o.id,
              items.map((i) => i.orderId)
            )
          )
          .returning()
      })
      return items.map((i) => rows.find((r) => r.id === i.orderId))
    }
  )

  const load = async (orderId: string, sessionId: string): Promise<OrderRow | undefined> => {
    const [row] = await loadStatement.execute({ orderId, sessionId })
    return row
  }

  /** An order row as its page shows it: a hold past its time has lapsed, whether or not anyone has tried to pay since. */
  const view = (row: OrderRow, tickets: ReadonlyArray<TicketRow>): OrderView => {
    const lapsed = row.status === "held" && row.expiresAt !== null && deps.now() >= row.expiresAt
    return { ...row, status: lapsed ? "lapsed" : row.status, tickets }
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

  // Membership changes a quote only through member price rules: the lookup is skipped for carts without their SKUs.
  const memberPriced = new Set(
    (event.catalog.priceRules ?? []).flatMap((r) => (r.kind === "member" ? r.skus : []))
  )

  // Passes only open windows that ask for them: the buyer's passes (a membership read) are looked up
  // only for carts touching such a drop.
  const gated = new Set(
    event.drops.filter((d) => d.windows.some((w) => w.passes !== undefined)).map((d) => d.id)
  )
  const passesFor = async (sessionId: string, byDrop: ReadonlyMap<string, unknown>) =>
    [...byDrop.keys()].some((id) => gated.has(id)) ? ((await deps.passes?.(sessionId)) ?? []) : []

  /** Requests of this process working on an order now: a twin (double click, retry) shares the first one's answer. */
  const placing = new Map<string, { readonly sessionId: string; readonly done: Promise<PlaceResult> }>()
  const paying = new Map<
    string,
    { readonly sessionId: string; readonly done: Promise<OrderView | undefined> }
  >()
  const singleFlight = <A>(
    running: Map<string, { readonly sessionId: string; readonly done: Promise<A> }>,
    orderId: string,
    sessionId: string,
    work: () => Promise<A>
  ): Promise<A> => {
    const twin = running.get(orderId)
    if (twin !== undefined && twin.sessionId === sessionId) return twin.done
    const done = work().finally(() => {
      if (running.get(orderId)?.done === done) running.delete(orderId)
    })
    running.set(orderId, { sessionId, done })
    return done
  }

  /** The order a twin request (this process or another) placed under this submission id. */
  const placedBefore = async (orderId: string, sessionId: string): Promise<PlaceResult> => {
    const existing = await settle(orderId, sessionId, "new")
    return existing === undefined
      ? { ok: false, tag: "OrderNotFound", message: "That order form was already used: reload the page." }
      : { ok: true, orderId, order: await get(orderId, sessionId).then((v) => v ?? view(existing, [])) }
  }

  const place: Orders["place"] = ({ orderId, sessionId, cart }) =>
    singleFlight(placing, orderId, sessionId, async () => {
      const lines = cart.filter((l) => l.quantity > 0)
      if (lines.length === 0) return { ok: false, tag: "EmptyCart", message: "Choose at least one item." }
      const now = deps.now()
      // Units sold only change a price through first-N tiers: without them, skip reading the drops.
      const { sold } = tiered ? await soldAndAvailable() : { sold: {} }
      const member = lines.some((l) => memberPriced.has(l.sku)) ? await deps.isMember(sessionId) : false
      const decodedCart = decodeCart({ lines })
      const context = decodeQuoteContext({ now: new Date(now).toISOString(), sold, member })
      if (!decodedCart.ok)
        return { ok: false, tag: decodedCart.error._tag, message: decodedCart.error.message }
      if (!context.ok) return { ok: false, tag: context.error._tag, message: context.error.message }
      const q = quote(event.catalog, decodedCart.value, context.value)
      if (!q.ok) return { ok: false, tag: q.error._tag, message: buyerMessage(event, q.error) }

      const byDrop = new Map<string, Array<CartLine>>()
      for (const line of lines) {
        const dropId = event.products.find((p) => p.sku === line.sku)?.dropId
        if (dropId === undefined) continue
        byDrop.set(dropId, [...(byDrop.get(dropId) ?? []), line])
      }
      const order = { orderId, sessionId, lines, now, summary: summarize(q.value) }
      return byDrop.size <= 1 ? placeInOneDrop(order, byDrop) : placeAcrossDrops(order, byDrop)
    })

  /** Holds an order's lines of one drop, keyed by the order: a retried request gets the same hold. */
  /** Holds one drop's lines for the order, presenting the buyer's passes (members: the member pass). */
  const holdIn = async (
    order: Placing,
    dropId: string,
    lines: ReadonlyArray<CartLine>,
    passes: ReadonlyArray<string>
  ) => {
    const hold = await drops.hold({
      dropId,
      customerId: order.sessionId,
      lines,
      idempotencyKey: `${order.orderId}:hold`,
      ...(passes.length > 0 ? { passes: [...passes] } : {})
    })
    return { dropId, holdId: hold.id, expiresAt: hold.expiresAt }
  }

  const heldValues = (holds: ReadonlyArray<OrderHold & { readonly expiresAt: number }>) => ({
    holds: holds.map(({ dropId, holdId }) => ({ dropId, holdId })),
    expiresAt: holds.length === 0 ? null : Math.min(...holds.map((h) => h.expiresAt))
  })

  /**
   * One drop (the common cart, and every drop rush): hold first, then write the order once. The
   * hold's idempotency key is the order's, so a twin request on another instance gets the same
   * hold back and its insert finds the order; a refused hold writes nothing.
   */
  const placeInOneDrop = async (
    order: Placing,
    byDrop: Map<string, Array<CartLine>>
  ): Promise<PlaceResult> => {
    const { orderId, sessionId } = order
    const holds: Array<OrderHold & { expiresAt: number }> = []
    const passes = await passesFor(sessionId, byDrop)
    for (const [dropId, dropLines] of byDrop) {
      try {
        holds.push(await holdIn(order, dropId, dropLines, passes))
      } catch (error) {
        // The same submission with another cart, or still running: the twin's order answers.
        if (error instanceof IdempotencyKeyReused || error instanceof RequestInFlight)
          return placedBefore(orderId, sessionId)
        return { ok: false, tag: tagOf(error), message: buyerMessage(event, error) }
      }
    }
    const row = await insertHeld({ ...order, ...heldValues(holds) })
    return row === undefined ? placedBefore(orderId, sessionId) : { ok: true, orderId, order: view(row, []) }
  }

  /**
   * Several drops: the order is written first (`new`), so of two twin requests only one places
   * holds; a refusal by a later drop releases the earlier holds and removes the order.
   */
  const placeAcrossDrops = async (
    order: Placing,
    byDrop: Map<string, Array<CartLine>>
  ): Promise<PlaceResult> => {
    const { orderId, sessionId } = order
    const inserted = await orm
      .insert(o)
      .values({
        id: orderId,
        sessionId,
        eventId: event.id,
        status: "new",
        cart: order.lines,
        createdAt: order.now,
        updatedAt: order.now
      })
      .onConflictDoNothing()
      .returning({ id: o.id })
    // The same submission again (a double click or a retried request): answer with its order.
    if (inserted.length === 0) return placedBefore(orderId, sessionId)
    const holds: Array<OrderHold & { expiresAt: number }> = []
    const passes = await passesFor(sessionId, byDrop)
    try {
      for (const [dropId, dropLines] of byDrop) holds.push(await holdIn(order, dropId, dropLines, passes))
    } catch (error) {
      for (const h of holds)
        await drops
          .release({ dropId: h.dropId, holdId: h.holdId, idempotencyKey: `${orderId}:release` })
          .catch(() => undefined)
      await orm.delete(o).where(eq(o.id, orderId))
      return { ok: false, tag: tagOf(error), message: buyerMessage(event, error) }
    }
    const [row] = await orm
      .update(o)
      .set({ status: "held", ...heldValues(holds), summary: order.summary, updatedAt: deps.now() })
      .where(eq(o.id, orderId))
      .returning()
    return row === undefined ? placedBefore(orderId, sessionId) : { ok: true, orderId, order: view(row, []) }
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
    return view(row, tickets)
  }

  /** Marks an order lapsed and returns it. */
  const lapse = async (orderId: string, message: string, paymentId: string | null = null) => {
    const [row] = await orm
      .update(o)
      .set({ status: "lapsed", message, updatedAt: deps.now(), ...(paymentId === null ? {} : { paymentId }) })
      .where(eq(o.id, orderId))
      .returning()
    return row === undefined ? undefined : view(row, [])
  }

  /** Why a pay could not take the order: answers with the order as it is (or lapses a hold past its time). */
  const notClaimed = async (orderId: string, sessionId: string, now: number) => {
    const order = await load(orderId, sessionId)
    if (order === undefined) return undefined
    if (order.status === "held" && order.expiresAt !== null && now >= order.expiresAt)
      return lapse(
        orderId,
        "Your hold lapsed before you paid, so the items went back on sale. You were not charged."
      )
    // Another request (maybe on another instance) is paying: wait for its outcome.
    if (order.status === "paying") await settle(orderId, sessionId, "paying")
    return get(orderId, sessionId)
  }

  const pay: Orders["pay"] = (orderId, sessionId, cardNumber) =>
    singleFlight(paying, orderId, sessionId, async () => {
      const now = deps.now()
      const order = await claim({ orderId, sessionId })
      if (order === undefined || order.summary === null || order.holds === null)
        return notClaimed(orderId, sessionId, now)
      const settled = async (values: Partial<OrderRow>, tickets: ReadonlyArray<TicketRow> = []) => {
        const [row] = await orm
          .update(o)
          .set({ ...values, updatedAt: deps.now() })
          .where(eq(o.id, orderId))
          .returning()
        return row === undefined ? undefined : view(row, tickets)
      }
      let paymentId = order.paymentId
      if (paymentId === null) {
        const charge = await deps.payments.charge({
          idempotencyKey: `${orderId}:${order.attempt}`,
          amount: BigInt(order.summary.total),
          currency: order.summary.currency,
          source: { cardNumber }
        })
        if (charge.status !== "succeeded") return settled({ status: "held", message: charge.reason })
        paymentId = charge.paymentId
      }
      // From here on every outcome records the payment: an order back in `held` confirms without charging again.
      try {
        for (const h of order.holds)
          await drops.confirm({ dropId: h.dropId, holdId: h.holdId, idempotencyKey: `${orderId}:confirm` })
      } catch (error) {
        if (
          error instanceof HoldAlreadyExpired ||
          error instanceof HoldAlreadyReleased ||
          error instanceof HoldNotFound
        ) {
          await deps.payments.refund(paymentId)
          return lapse(
            orderId,
            "Your hold lapsed before the payment went through. The charge was refunded.",
            paymentId
          )
        }
        // Unknown outcome (the store did not answer): the charge is recorded, so paying again
        // confirms without charging again.
        return settled({
          status: "held",
          paymentId,
          message: "We could not finish your order. Press Pay again: you will not be charged twice."
        })
      }
      const tickets = await issueTickets(deps, { id: orderId, cart: order.cart })
      const row = await markPaid({ orderId, paymentId, tickets })
      return row === undefined ? undefined : view(row, tickets)
    })

  const retry: Orders["retry"] = async (orderId, sessionId, newOrderId) => {
    const order = await load(orderId, sessionId)
    if (order === undefined) return { ok: false, tag: "OrderNotFound", message: "That order does not exist." }
    return place({ orderId: newOrderId, sessionId, cart: order.cart })
  }

  return { offer, place, get, pay, retry }
}
