/**
 * The monthly membership: subscribe with a card (kept in the payment provider's vault), renew each
 * period, and a member pass (an Ed25519 token of kind `member` from `@microdrop/codes`) valid until
 * the period ends. The price is the catalog's subscription price (`@microdrop/pricing`); members
 * get the catalog's member prices. A subscribe charge is keyed by session, period and a hash of
 * the card (a double submit charges once; another card after a decline is a new attempt); a
 * renewal by session and period, so renewals run twice (two instances) never charge twice; the
 * period moves on in one guarded UPDATE.
 */
import { createHash, createHmac } from "node:crypto"
import { encode, signToken } from "@microdrop/codes"
import { decodeCart, decodeQuoteContext, quote } from "@microdrop/pricing"
import { and, eq, lte } from "drizzle-orm"
import type { Orm } from "../db/database.ts"
import type { Tables } from "../db/tables.ts"
import type { EventDefinition } from "./event.ts"
import type { SiteKeys } from "./keys.ts"
import type { PaymentProvider } from "./payments.ts"

/** One membership period. */
export const PERIOD_MS = 30 * 24 * 3_600_000

/** A membership as its page shows it. */
export type Membership = Tables["memberships"]["$inferSelect"] & {
  readonly pass: string
  readonly passId: string
}

/** The memberships service. */
export interface Memberships {
  /** The price of one period now (gross, minor units), from the catalog. */
  readonly price: () => { readonly amount: bigint; readonly currency: string } | undefined
  /** This session's membership, if it has one. */
  readonly get: (sessionId: string) => Promise<Membership | undefined>
  /** Whether this session's membership is active now. */
  readonly isMember: (sessionId: string) => Promise<boolean>
  /** Subscribes: saves the card, charges the first period. */
  readonly subscribe: (
    sessionId: string,
    cardNumber: string
  ) => Promise<{ readonly ok: true } | { readonly ok: false; readonly message: string }>
  /** Charges every membership whose period has ended (run on a timer); returns how many renewed. */
  readonly renewDue: (now: number) => Promise<number>
}

/** Makes the memberships service. */
export const makeMemberships = (deps: {
  readonly orm: Orm
  readonly tables: Tables
  readonly payments: PaymentProvider
  readonly keys: SiteKeys
  readonly event: EventDefinition
  readonly now: () => number
}): Memberships => {
  const { orm, tables, event, keys } = deps
  const m = tables.memberships

  const price: Memberships["price"] = () => {
    const cart = decodeCart({ lines: [{ sku: event.membershipSku, quantity: 1 }] })
    const context = decodeQuoteContext({ now: new Date(deps.now()).toISOString() })
    if (!cart.ok || !context.ok) return undefined
    const q = quote(event.catalog, cart.value, context.value)
    return q.ok ? { amount: q.value.totals.total.amount, currency: q.value.currency } : undefined
  }

  const passFor = (row: Tables["memberships"]["$inferSelect"]) => {
    const digest = createHmac("sha256", keys.idSecret).update(`member:${row.sessionId}`).digest()
    const passId = `M${encode(new Uint8Array(digest.subarray(0, 5)))}`
    const pass = signToken(
      {
        id: passId,
        event: event.id,
        kind: "member",
        nbf: Math.floor(row.createdAt / 1000),
        exp: Math.floor(row.periodEnd / 1000)
      },
      keys.tokenPrivateKey
    )
    return { pass, passId }
  }

  const get: Memberships["get"] = async (sessionId) => {
    const [row] = await orm.select().from(m).where(eq(m.sessionId, sessionId))
    return row === undefined ? undefined : { ...row, ...passFor(row) }
  }

  const isMember: Memberships["isMember"] = async (sessionId) => {
    const [row] = await orm.select().from(m).where(eq(m.sessionId, sessionId))
    return row !== undefined && row.status === "active" && deps.now() < row.periodEnd
  }

  const subscribe: Memberships["subscribe"] = async (sessionId, cardNumber) => {
    if (await isMember(sessionId)) return { ok: true }
    const cost = price()
    if (cost === undefined) return { ok: false, message: "The membership is not on sale right now." }
    const savedCard = await deps.payments.saveCard(cardNumber)
    const [existing] = await orm.select().from(m).where(eq(m.sessionId, sessionId))
    const period = existing === undefined ? 0 : existing.renewals + 1
    const card = createHash("sha256").update(cardNumber).digest("base64url").slice(0, 16)
    const charge = await deps.payments.charge({
      idempotencyKey: `member:${sessionId}:${period}:${card}`,
      amount: cost.amount,
      currency: cost.currency,
      source: { savedCard }
    })
    if (charge.status !== "succeeded") return { ok: false, message: charge.reason }
    const now = deps.now()
    const values = {
      status: "active" as const,
      periodEnd: now + PERIOD_MS,
      renewals: period,
      method: savedCard,
      amount: cost.amount.toString(),
      currency: cost.currency,
      updatedAt: now
    }
    await orm
      .insert(m)
      .values({ sessionId, createdAt: now, ...values })
      .onConflictDoUpdate({ target: m.sessionId, set: values })
    return { ok: true }
  }

  const renewDue: Memberships["renewDue"] = async (now) => {
    const due = await orm
      .select()
      .from(m)
      .where(and(eq(m.status, "active"), lte(m.periodEnd, now)))
    let renewed = 0
    for (const row of due) {
      const period = row.renewals + 1
      const charge = await deps.payments.charge({
        idempotencyKey: `member:${row.sessionId}:${period}:renewal`,
        amount: BigInt(row.amount),
        currency: row.currency,
        source: { savedCard: row.method }
      })
      // Guarded on the period we charged for: a second runner renewing at once changes nothing.
      const next =
        charge.status === "succeeded"
          ? { renewals: period, periodEnd: row.periodEnd + PERIOD_MS, updatedAt: now }
          : { status: "past_due" as const, updatedAt: now }
      const moved = await orm
        .update(m)
        .set(next)
        .where(and(eq(m.sessionId, row.sessionId), eq(m.renewals, row.renewals), eq(m.status, "active")))
        .returning({ sessionId: m.sessionId })
      if (charge.status === "succeeded" && moved.length > 0) renewed++
    }
    return renewed
  }

  return { price, get, isMember, subscribe, renewDue }
}
