/**
 * The app's own tables (drizzle, pg-core). Drops and the codes ledger keep their tables through
 * their packages, in `<schema>_drops` and `<schema>_codes` of the same database.
 * Times are milliseconds since the epoch (bigint columns read as numbers).
 */
import { bigint, integer, jsonb, pgSchema, primaryKey, text } from "drizzle-orm/pg-core"

/** What an order summary shows: the quote's lines, fees, taxes and total, as minor-unit strings. */
export interface OrderSummary {
  readonly currency: string
  readonly lines: ReadonlyArray<{
    readonly sku: string
    readonly name: string
    readonly quantity: number
    readonly gross: string
  }>
  readonly fees: ReadonlyArray<{ readonly name: string; readonly amount: string }>
  readonly taxes: ReadonlyArray<{ readonly name: string; readonly amount: string }>
  readonly total: string
}

/** One drop hold an order keeps while the buyer pays. */
export interface OrderHold {
  readonly dropId: string
  readonly holdId: string
}

/** A cart line as the buyer chose it. */
export interface CartLine {
  readonly sku: string
  readonly quantity: number
}

/** The tables, in the given PostgreSQL schema. */
export const makeTables = (schemaName: string) => {
  const s = pgSchema(schemaName)
  return {
    secrets: s.table("secrets", {
      name: text("name").primaryKey(),
      value: text("value").notNull()
    }),
    events: s.table("events", {
      id: text("id").primaryKey(),
      anchor: bigint("anchor", { mode: "number" }).notNull(),
      createdAt: bigint("created_at", { mode: "number" }).notNull()
    }),
    orders: s.table("orders", {
      id: text("id").primaryKey(),
      sessionId: text("session_id").notNull(),
      eventId: text("event_id").notNull(),
      status: text("status").$type<OrderStatus>().notNull(),
      cart: jsonb("cart").$type<ReadonlyArray<CartLine>>().notNull(),
      summary: jsonb("summary").$type<OrderSummary>(),
      holds: jsonb("holds").$type<ReadonlyArray<OrderHold>>(),
      expiresAt: bigint("expires_at", { mode: "number" }),
      attempt: integer("attempt").notNull().default(0),
      paymentId: text("payment_id"),
      message: text("message"),
      createdAt: bigint("created_at", { mode: "number" }).notNull(),
      updatedAt: bigint("updated_at", { mode: "number" }).notNull()
    }),
    tickets: s.table("tickets", {
      id: text("id").primaryKey(),
      orderId: text("order_id").notNull(),
      position: integer("position").notNull(),
      kind: text("kind").$type<TicketKind>().notNull(),
      label: text("label").notNull(),
      token: text("token"),
      shortCode: text("short_code"),
      createdAt: bigint("created_at", { mode: "number" }).notNull()
    }),
    memberships: s.table("memberships", {
      sessionId: text("session_id").primaryKey(),
      status: text("status").$type<"active" | "past_due">().notNull(),
      periodEnd: bigint("period_end", { mode: "number" }).notNull(),
      renewals: integer("renewals").notNull(),
      method: text("method").notNull(),
      amount: text("amount").notNull(),
      currency: text("currency").notNull(),
      createdAt: bigint("created_at", { mode: "number" }).notNull(),
      updatedAt: bigint("updated_at", { mode: "number" }).notNull()
    }),
    sandboxCards: s.table("sandbox_cards", {
      id: text("id").primaryKey(),
      number: text("number").notNull(),
      createdAt: bigint("created_at", { mode: "number" }).notNull()
    }),
    sandboxCharges: s.table("sandbox_charges", {
      idempotencyKey: text("idempotency_key").primaryKey(),
      id: text("id").notNull(),
      status: text("status").$type<"succeeded" | "declined" | "refunded">().notNull(),
      amount: text("amount").notNull(),
      currency: text("currency").notNull(),
      last4: text("last4").notNull(),
      reason: text("reason"),
      createdAt: bigint("created_at", { mode: "number" }).notNull()
    }),
    // Staff accounts and sessions (promoter, door) and the shared rate limits.
    staff: s.table("staff", {
      id: text("id").primaryKey(),
      email: text("email").notNull().unique(),
      role: text("role").$type<StaffRole>().notNull(),
      passwordHash: text("password_hash").notNull(),
      createdAt: bigint("created_at", { mode: "number" }).notNull()
    }),
    staffSessions: s.table("staff_sessions", {
      sessionId: text("session_id").primaryKey(),
      staffId: text("staff_id").notNull(),
      role: text("role").$type<StaffRole>().notNull(),
      expiresAt: bigint("expires_at", { mode: "number" }).notNull()
    }),
    rateLimits: s.table("rate_limits", {
      key: text("key").primaryKey(),
      windowStart: bigint("window_start", { mode: "number" }).notNull(),
      count: integer("count").notNull()
    }),
    // Drop entries and published draws (the drop page's waiting list and raffle).
    dropEntries: s.table(
      "drop_entries",
      {
        dropId: text("drop_id").notNull(),
        list: text("list").$type<EntryList>().notNull(),
        sessionId: text("session_id").notNull(),
        /** The customer id the drop knows (the session, or a pseudonym for a published raffle). */
        customerId: text("customer_id").notNull(),
        /** The drop's token of the entry: the hold offered to it is keyed `<list>:<token>`. */
        token: text("token").notNull(),
        lines: jsonb("lines").$type<ReadonlyArray<CartLine>>().notNull(),
        createdAt: bigint("created_at", { mode: "number" }).notNull()
      },
      (t) => [primaryKey({ columns: [t.dropId, t.list, t.sessionId] })]
    ),
    raffleDraws: s.table("raffle_draws", {
      dropId: text("drop_id").primaryKey(),
      draw: jsonb("draw").$type<PublishedDraw>().notNull(),
      drawnAt: bigint("drawn_at", { mode: "number" }).notNull()
    })
  }
}

/** A staff member's role: the `promoter` runs the event; `door` staff check tickets in. */
export type StaffRole = "promoter" | "door"

/** Which list an entry is on: a first-come drop's waiting list, or a raffle. */
export type EntryList = "waiting" | "raffle"

/** A raffle entry as the draw publishes it: a pseudonymous entrant and the units wanted. */
export interface PublishedEntry {
  readonly customerId: string
  readonly lines: ReadonlyArray<CartLine>
}

/** What a raffle publishes once drawn: everything `verifyDraw` needs, plus the entries' digest. */
export interface PublishedDraw {
  readonly dropId: string
  readonly commitment: string
  readonly seed: string
  /** SHA-256 (hex) of the entries' canonical JSON, in the order they were made. */
  readonly entriesDigest: string
  readonly entries: ReadonlyArray<PublishedEntry>
  readonly winners: ReadonlyArray<PublishedEntry>
  readonly waitingList: ReadonlyArray<PublishedEntry>
  /** Units per SKU the raffle offered. */
  readonly stock: Readonly<Record<string, number>>
}

/** The app's tables. */
export type Tables = ReturnType<typeof makeTables>

/** An order's life: `new` (holds being placed), `held`, `paying`, `paid`, `lapsed`. */
export type OrderStatus = "new" | "held" | "paying" | "paid" | "lapsed"

/** What an order issued: a door ticket (`ga`, `vip`), a `remote` pass, or a `digital` master code. */
export type TicketKind = "ga" | "vip" | "remote" | "digital"

/** The statements that create the tables; each is idempotent. */
export const migrationSql = (schema: string): ReadonlyArray<string> => [
  `CREATE SCHEMA IF NOT EXISTS "${schema}"`,
  `CREATE TABLE IF NOT EXISTS "${schema}".secrets (name text PRIMARY KEY, value text NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS "${schema}".events (id text PRIMARY KEY, anchor bigint NOT NULL, created_at bigint NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS "${schema}".orders (
     id text PRIMARY KEY, session_id text NOT NULL, event_id text NOT NULL, status text NOT NULL,
     cart jsonb NOT NULL, summary jsonb, holds jsonb, expires_at bigint, attempt integer NOT NULL DEFAULT 0,
     payment_id text, message text, created_at bigint NOT NULL, updated_at bigint NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS orders_session ON "${schema}".orders (session_id)`,
  `CREATE TABLE IF NOT EXISTS "${schema}".tickets (
     id text PRIMARY KEY, order_id text NOT NULL, position integer NOT NULL, kind text NOT NULL, label text NOT NULL,
     token text, short_code text, created_at bigint NOT NULL, UNIQUE (order_id, position))`,
  `CREATE TABLE IF NOT EXISTS "${schema}".memberships (
     session_id text PRIMARY KEY, status text NOT NULL, period_end bigint NOT NULL, renewals integer NOT NULL,
     method text NOT NULL, amount text NOT NULL, currency text NOT NULL, created_at bigint NOT NULL,
     updated_at bigint NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS "${schema}".sandbox_cards (id text PRIMARY KEY, number text NOT NULL, created_at bigint NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS "${schema}".sandbox_charges (
     idempotency_key text PRIMARY KEY, id text NOT NULL, status text NOT NULL, amount text NOT NULL,
     currency text NOT NULL, last4 text NOT NULL, reason text, created_at bigint NOT NULL)`,
  // Staff accounts and sessions (promoter, door) and the shared rate limits.
  `CREATE TABLE IF NOT EXISTS "${schema}".staff (
     id text PRIMARY KEY, email text NOT NULL UNIQUE, role text NOT NULL, password_hash text NOT NULL,
     created_at bigint NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS "${schema}".staff_sessions (
     session_id text PRIMARY KEY, staff_id text NOT NULL, role text NOT NULL, expires_at bigint NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS "${schema}".rate_limits (key text PRIMARY KEY, window_start bigint NOT NULL, count integer NOT NULL)`,
  // Drop entries and published draws.
  `CREATE TABLE IF NOT EXISTS "${schema}".drop_entries (
     drop_id text NOT NULL, list text NOT NULL, session_id text NOT NULL, customer_id text NOT NULL,
     token text NOT NULL, lines jsonb NOT NULL, created_at bigint NOT NULL,
     PRIMARY KEY (drop_id, list, session_id))`,
  `CREATE TABLE IF NOT EXISTS "${schema}".raffle_draws (drop_id text PRIMARY KEY, draw jsonb NOT NULL, drawn_at bigint NOT NULL)`
]
