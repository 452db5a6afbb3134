/**
 * The drop page's lists: a first-come drop's waiting list once it sells out, and a raffle with a
 * published draw. Every rule is `@microdrop/drops`' (one entry per customer, the group rule, who
 * is promoted, the draw itself, member-only windows through passes); the app remembers which
 * session made which entry, publishes the draw, and turns the hold a drop offers an entry (a
 * promotion or a raffle win) into an order the buyer pays like any other.
 *
 * Raffle entrants are pseudonyms (an HMAC of the session), since the draw publishes them; waiting
 * lists use the session itself, so the drop's per-customer limit counts them with the buyer's
 * orders.
 */
import { createHmac } from "node:crypto"
import { AlreadyEntered, checkWindow, LimitExceeded, stockOf, WindowNotOpen } from "@microdrop/drops"
import type { DropClient } from "@microdrop/drops/promise"
import { decodeCart, decodeQuoteContext, quote } from "@microdrop/pricing"
import { and, eq } from "drizzle-orm"
import type { Orm } from "../db/database.ts"
import type { CartLine, EntryList, PublishedDraw, Tables } from "../db/tables.ts"
import { tagOf } from "../errors.ts"
import type { EventDefinition } from "./event.ts"
import type { SiteKeys } from "./keys.ts"
import { summarize } from "./orders.ts"
import { entriesDigest } from "./publishedDraw.ts"

/** Where a session stands on a drop's list. */
export type EntryView =
  | { readonly state: "none" }
  /** Entered the raffle; the draw has not happened yet. */
  | { readonly state: "entered"; readonly entrant: string }
  /** Waiting: `place` of `waiting` on the drop's waiting list. */
  | {
      readonly state: "waiting"
      readonly list: EntryList
      readonly place: number
      readonly waiting: number
      readonly entrant: string
    }
  /** The drop offered a hold (a promotion or a raffle win): an order to pay. */
  | {
      readonly state: "offered"
      readonly list: EntryList
      readonly orderId: string
      readonly entrant: string
    }
  /** The entry left the list without an offer this session can pay (e.g. a limit). */
  | { readonly state: "ended"; readonly entrant: string }

/** A refusal from drops or pricing, in a buyer's words, with the package error's tag. */
export interface EntryRefusal {
  readonly ok: false
  readonly tag: string
  readonly message: string
}

/** The entries service. */
export interface Entries {
  /** Where this session stands on the drop's waiting list or raffle. */
  readonly status: (sessionId: string, dropId: string) => Promise<EntryView>
  /** Joins a first-come drop's waiting list (one entry per session; joining again is a no-op). */
  readonly joinWaitingList: (
    sessionId: string,
    dropId: string,
    lines: ReadonlyArray<CartLine>,
    passes: ReadonlyArray<string>
  ) => Promise<{ readonly ok: true } | EntryRefusal>
  /** Enters a raffle (one entry per session; entering again is a no-op). */
  readonly enterRaffle: (
    sessionId: string,
    dropId: string,
    lines: ReadonlyArray<CartLine>,
    passes: ReadonlyArray<string>
  ) => Promise<{ readonly ok: true } | EntryRefusal>
  /** The published draw of a raffle drop, once drawn. */
  readonly publishedDraw: (dropId: string) => Promise<PublishedDraw | undefined>
  /** Draws every raffle whose entries have closed and that is not drawn yet; returns how many. */
  readonly drawDue: (now: number) => Promise<number>
  /** Offers free units to the waiting lists (lapsed holds are noticed on a quiet drop too). */
  readonly promoteDue: () => Promise<void>
}

/** The dependencies of the entries service. */
export interface EntryDeps {
  readonly orm: Orm
  readonly tables: Tables
  readonly drops: DropClient
  readonly keys: SiteKeys
  readonly event: EventDefinition
  /** The raffles' secret seeds, by drop id (their hashes are the drops' commitments). */
  readonly seeds: ReadonlyMap<string, string>
  readonly now: () => number
  /** Whether a session has an active membership (member prices apply). */
  readonly isMember: (sessionId: string) => Promise<boolean>
}

/** A uuid-shaped id derived from a secret and a text (an order's id, stable across instances). */
const derivedUuid = (secret: Uint8Array, text: string): string => {
  const h = createHmac("sha256", secret).update(text).digest("hex")
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
}

/**
 * Makes the entries service.
 *
 * @param deps - Database, drops, keys, event, raffle seeds and clock.
 */
export const makeEntries = (deps: EntryDeps): Entries => {
  const { orm, tables, drops, event } = deps
  const t = tables.dropEntries

  const dropOf = (dropId: string) => event.drops.find((d) => d.id === dropId)
  const entrantOf = (dropId: string, sessionId: string) =>
    `e-${createHmac("sha256", deps.keys.idSecret).update(`entrant:${dropId}:${sessionId}`).digest("hex").slice(0, 16)}`

  const refusal = (error: unknown): EntryRefusal => {
    const tag = tagOf(error)
    if (error instanceof WindowNotOpen)
      return {
        ok: false,
        tag,
        message: error.passRequired ? "This drop is for members only." : "Entries are not open right now."
      }
    if (error instanceof LimitExceeded)
      return {
        ok: false,
        tag,
        message: `At most ${error.max} per ${error.limit === "perOrder" ? "entry" : "buyer"}.`
      }
    return { ok: false, tag, message: error instanceof Error ? error.message : "Something went wrong." }
  }

  const rowOf = async (sessionId: string, dropId: string, list: EntryList) => {
    const [row] = await orm
      .select()
      .from(t)
      .where(and(eq(t.dropId, dropId), eq(t.list, list), eq(t.sessionId, sessionId)))
    return row
  }

  const enter =
    (list: EntryList): Entries["joinWaitingList"] =>
    async (sessionId, dropId, lines, passes) => {
      const drop = dropOf(dropId)
      const wanted = lines.filter((l) => l.quantity > 0)
      if (drop === undefined) return { ok: false, tag: "DropNotFound", message: "There is no such drop." }
      if (wanted.length === 0) return { ok: false, tag: "EmptyEntry", message: "Choose at least one item." }
      if ((await rowOf(sessionId, dropId, list)) !== undefined) return { ok: true }
      // Drops checks a raffle entry's window itself; a waiting list is joined while the drop's window
      // admits this customer (a closed or member-only drop has no list to join).
      const closed = list === "waiting" ? checkWindow(drop, passes, deps.now()) : undefined
      if (closed !== undefined) return refusal(closed)
      const customerId = list === "raffle" ? entrantOf(dropId, sessionId) : sessionId
      const request = {
        dropId,
        customerId,
        lines: wanted,
        ...(passes.length > 0 ? { passes: [...passes] } : {})
      }
      let token: string
      try {
        const entry =
          list === "raffle" ? await drops.enterRaffle(request) : await drops.joinWaitingList(request)
        token = entry.token
      } catch (error) {
        if (!(error instanceof AlreadyEntered)) return refusal(error)
        // Entered through another instance (or before a crash between the two writes): find it.
        const found =
          list === "waiting"
            ? (await drops.waitingList(dropId)).find((e) => e.customerId === customerId)
            : undefined
        if (found === undefined) return refusal(error)
        token = found.token
      }
      await orm
        .insert(t)
        .values({ dropId, list, sessionId, customerId, token, lines: wanted, createdAt: deps.now() })
        .onConflictDoNothing()
      return { ok: true }
    }

  /** Turns the hold a drop offered an entry into this session's order (idempotent). */
  const adopt = async (sessionId: string, dropId: string, holdId: string): Promise<string | undefined> => {
    const hold = (await drops.snapshot(dropId)).holds.find((h) => h.id === holdId)
    if (hold === undefined) return undefined
    const orderId = derivedUuid(deps.keys.idSecret, `offer:${dropId}:${holdId}`)
    const cart = hold.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }))
    const decodedCart = decodeCart({ lines: cart })
    const member = await deps.isMember(sessionId)
    const context = decodeQuoteContext({ now: new Date(hold.createdAt).toISOString(), member })
    if (!decodedCart.ok || !context.ok) return undefined
    const q = quote(event.catalog, decodedCart.value, context.value)
    if (!q.ok) return undefined
    await orm
      .insert(tables.orders)
      .values({
        id: orderId,
        sessionId,
        eventId: event.id,
        status: "held",
        cart,
        summary: summarize(q.value),
        holds: [{ dropId, holdId }],
        expiresAt: hold.expiresAt,
        createdAt: hold.createdAt,
        updatedAt: deps.now()
      })
      .onConflictDoNothing()
    return orderId
  }

  const status: Entries["status"] = async (sessionId, dropId) => {
    const drop = dropOf(dropId)
    if (drop === undefined) return { state: "none" }
    const raffle = drop.mode === "raffle"
    const row = await rowOf(sessionId, dropId, raffle ? "raffle" : "waiting")
    if (row === undefined) return { state: "none" }
    const entrant = row.customerId
    if (raffle && (await publishedDraw(dropId)) === undefined) return { state: "entered", entrant }
    // Reading availability expires lapsed holds and promotes the waiting list (drops' rule).
    await drops.availability(dropId)
    const waiting = await drops.waitingList(dropId)
    const place = waiting.findIndex((e) => e.token === row.token)
    if (place >= 0)
      return { state: "waiting", list: row.list, place: place + 1, waiting: waiting.length, entrant }
    // Off the list: the hold it was offered is keyed by the entry's token (drops' keys).
    const keys = new Set([`raffle:${row.token}`, `waitlist:${row.token}`])
    const offered = (await drops.snapshot(dropId)).holdKeys.filter((k) => keys.has(k.key))
    // A raffle winner whose hold lapsed may be offered again from the waiting list: the newest counts.
    const last = offered.find((k) => k.key.startsWith("waitlist:")) ?? offered[0]
    const orderId = last === undefined ? undefined : await adopt(sessionId, dropId, last.holdId)
    return orderId === undefined
      ? { state: "ended", entrant }
      : { state: "offered", list: row.list, orderId, entrant }
  }

  const publishedDraw: Entries["publishedDraw"] = async (dropId) => {
    const [row] = await orm.select().from(tables.raffleDraws).where(eq(tables.raffleDraws.dropId, dropId))
    return row?.draw
  }

  const drawDue: Entries["drawDue"] = async (now) => {
    let drawn = 0
    for (const drop of event.drops) {
      const seed = deps.seeds.get(drop.id)
      const closesAt = Math.max(...drop.windows.map((w) => w.closesAt))
      if (drop.mode !== "raffle" || seed === undefined || drop.commitment === undefined || now < closesAt)
        continue
      if ((await publishedDraw(drop.id)) !== undefined) continue
      // Drawing again gives the same outcome (drops keys the winners' holds by entry), so two
      // instances drawing at once publish the same draw; the first insert wins.
      const outcome = await drops.drawRaffle(drop.id, seed)
      const entries = outcome.entries.map((e) => ({ customerId: e.customerId, lines: e.lines }))
      const draw: PublishedDraw = {
        dropId: drop.id,
        commitment: drop.commitment,
        seed,
        entriesDigest: entriesDigest(entries),
        entries,
        winners: outcome.winners.map((e) => ({ customerId: e.customerId, lines: e.lines })),
        waitingList: outcome.waitingList.map((e) => ({ customerId: e.customerId, lines: e.lines })),
        stock: stockOf(drop.items)
      }
      const inserted = await orm
        .insert(tables.raffleDraws)
        .values({ dropId: drop.id, draw, drawnAt: now })
        .onConflictDoNothing()
        .returning({ dropId: tables.raffleDraws.dropId })
      drawn += inserted.length
    }
    return drawn
  }

  const promoteDue: Entries["promoteDue"] = async () => {
    for (const drop of event.drops)
      if (event.waitingLists.includes(drop.id) || drop.mode === "raffle")
        await drops.promoteWaitingList(drop.id)
  }

  return {
    status,
    joinWaitingList: enter("waiting"),
    enterRaffle: enter("raffle"),
    publishedDraw,
    drawDue,
    promoteDue
  }
}
