/**
 * Payments: the interface every provider implements, and the built-in sandbox. The sandbox
 * records each charge under its idempotency key, so a retried charge returns the first result and
 * never charges twice (as real providers do with their idempotency keys).
 *
 * Sandbox cards: 4242 4242 4242 4242 succeeds; 4000 0000 0000 0002 is declined;
 * 4000 0000 0000 9995 is declined for insufficient funds; 4000 0000 0000 0119 fails transiently
 * (nothing charged, try again). Any other number is declined.
 */
import { randomUUID } from "node:crypto"
import { and, eq, like } from "drizzle-orm"
import { batched } from "../db/batch.ts"
import type { Orm } from "../db/database.ts"
import type { Tables } from "../db/tables.ts"

/** What a charge asks for. */
export interface ChargeRequest {
  /** The same key returns the first result: never two charges for one key. */
  readonly idempotencyKey: string
  /** Minor units. */
  readonly amount: bigint
  readonly currency: string
  /** The card: its digits, or a saved card's id from `saveCard` (recurring charges). */
  readonly source: { readonly cardNumber: string } | { readonly savedCard: string }
}

/** A charge's outcome. `unavailable`: nothing was charged, the buyer may try again. */
export type ChargeResult =
  | { readonly status: "succeeded"; readonly paymentId: string }
  | { readonly status: "declined"; readonly reason: string }
  | { readonly status: "unavailable"; readonly reason: string }

/** A payment provider: the sandbox, or an adapter to a real one. */
export interface PaymentProvider {
  readonly name: string
  readonly charge: (request: ChargeRequest) => Promise<ChargeResult>
  /** Gives a succeeded charge back (e.g. its hold lapsed before it could be confirmed). */
  readonly refund: (paymentId: string) => Promise<void>
  /** Keeps a card for recurring charges (the provider's vault) and returns its id. */
  readonly saveCard: (cardNumber: string) => Promise<string>
}

/** The sandbox's test cards. */
export const SANDBOX_CARDS = {
  success: "4242424242424242",
  declined: "4000000000000002",
  insufficientFunds: "4000000000009995",
  transientFailure: "4000000000000119"
} as const

const luhn = (digits: string): boolean => {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

/** The sandbox provider plus what tests and the promoter read back. */
export interface Sandbox extends PaymentProvider {
  /** Charges whose idempotency key starts with `prefix` (an order id). */
  readonly chargesFor: (
    prefix: string
  ) => Promise<ReadonlyArray<{ readonly status: string; readonly amount: string }>>
}

/**
 * The built-in sandbox provider, keeping its charges in the app's database.
 *
 * @param orm - The app's query layer.
 * @param tables - The app's tables.
 */
export const sandboxPayments = (orm: Orm, tables: Tables): Sandbox => {
  const t = tables.sandboxCharges
  // The charges of pays arriving together are written by one statement (see db/batch.ts); each
  // answers its row, or `undefined` when its key was charged before.
  const insertCharge = batched(async (items: ReadonlyArray<typeof t.$inferInsert>) => {
    const rows = await orm
      .insert(t)
      .values([...items])
      .onConflictDoNothing()
      .returning()
    return items.map((i) => rows.find((r) => r.idempotencyKey === i.idempotencyKey && r.id === i.id))
  })
  const decide = (card: string): ChargeResult | { status: "declined"; reason: string } => {
    if (card === SANDBOX_CARDS.success) return { status: "succeeded", paymentId: `pay_${randomUUID()}` }
    if (card === SANDBOX_CARDS.transientFailure)
      return {
        status: "unavailable",
        reason: "The card network did not answer. You were not charged: try again."
      }
    if (card === SANDBOX_CARDS.insufficientFunds)
      return { status: "declined", reason: "Your card was declined: insufficient funds." }
    if (!luhn(card)) return { status: "declined", reason: "That card number is not valid: check the digits." }
    return { status: "declined", reason: "Your card was declined. Try another card." }
  }
  return {
    name: "sandbox",
    charge: async (request) => {
      const known = async () => {
        const [row] = await orm.select().from(t).where(eq(t.idempotencyKey, request.idempotencyKey))
        return row === undefined ? undefined : stored(row)
      }
      let card: string | undefined
      if ("cardNumber" in request.source) card = request.source.cardNumber
      else {
        const first = await known()
        if (first !== undefined) return first
        const savedCard = request.source.savedCard
        card = (await orm.select().from(tables.sandboxCards).where(eq(tables.sandboxCards.id, savedCard)))[0]
          ?.number
      }
      if (card === undefined) return { status: "declined", reason: "That saved card is unknown." }
      const outcome = decide(card)
      // A transient failure charges nothing and is not remembered: the next try is judged afresh.
      if (outcome.status === "unavailable") return (await known()) ?? outcome
      // One statement in the common case: the first charge under a key is written and returned;
      // a retried key writes nothing and answers with the stored result.
      const row = await insertCharge({
        idempotencyKey: request.idempotencyKey,
        id: outcome.status === "succeeded" ? outcome.paymentId : `dec_${randomUUID()}`,
        status: outcome.status,
        amount: request.amount.toString(),
        currency: request.currency,
        last4: card.slice(-4),
        reason: outcome.status === "declined" ? outcome.reason : null,
        createdAt: Date.now()
      })
      return row === undefined ? ((await known()) ?? outcome) : stored(row)
    },
    refund: async (paymentId) => {
      await orm
        .update(t)
        .set({ status: "refunded" })
        .where(and(eq(t.id, paymentId), eq(t.status, "succeeded")))
    },
    saveCard: async (cardNumber) => {
      const id = `card_${randomUUID()}`
      await orm.insert(tables.sandboxCards).values({ id, number: cardNumber, createdAt: Date.now() })
      return id
    },
    chargesFor: async (prefix) =>
      orm
        .select({ status: t.status, amount: t.amount })
        .from(t)
        .where(like(t.idempotencyKey, `${prefix.replace(/[\\%_]/g, "\\$&")}%`))
  }
}

const stored = (row: { id: string; status: string; reason: string | null }): ChargeResult =>
  row.status === "declined"
    ? { status: "declined", reason: row.reason ?? "Your card was declined." }
    : { status: "succeeded", paymentId: row.id }
