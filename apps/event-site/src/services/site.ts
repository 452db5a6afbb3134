/**
 * The site's services, built once at start: the database (and its lock), keys, the seeded event
 * and its drops, the ledger, payments and orders.
 */
import { createLedger, type PromiseLedger } from "@microdrop/codes/promise"
import { commitSeed } from "@microdrop/drops"
import { type DropClient, makeDropClient } from "@microdrop/drops/promise"
import { eq } from "drizzle-orm"
import type { Config } from "../config/config.ts"
import { type Database, openDatabase } from "../db/database.ts"
import { DatabaseInconsistent } from "../errors.ts"
import { type Entries, makeEntries } from "./entries.ts"
import { demoEvent, type EventDefinition, MEMBER_PASS } from "./event.ts"
import { loadKeys, type SiteKeys, secret } from "./keys.ts"
import { type Memberships, makeMemberships } from "./memberships.ts"
import { makeOrders, type Orders } from "./orders.ts"
import { type Sandbox, sandboxPayments } from "./payments.ts"
import { makeRateLimiter, type RateLimiter } from "./rateLimit.ts"
import { makeStaff, type Staff } from "./staff.ts"

/** Test and demo knobs. */
export interface SiteOptions {
  /** Stock per SKU instead of the demo's (tests sell out with small numbers). */
  readonly stock?: Readonly<Record<string, number>>
  /** Hold time of the first-come drops instead of the demo's 10 minutes (tests let holds lapse). */
  readonly holdMs?: number
  /** How long the raffle takes entries after the demo was first seeded (tests: seconds). */
  readonly raffleEntriesMs?: number
}

/** Everything the routes use. */
export interface SiteServices {
  readonly config: Config
  readonly db: Database
  readonly keys: SiteKeys
  readonly event: EventDefinition
  readonly drops: DropClient
  readonly ledger: PromiseLedger
  readonly payments: Sandbox
  readonly orders: Orders
  readonly memberships: Memberships
  /** Staff accounts and sessions (promoter, door). */
  readonly staff: Staff
  /** The promoter's password when this start created the account (print it once), else `undefined`. */
  readonly initialPassword: string | undefined
  /** Failure rate limits shared by every instance (logins, typed door codes). */
  readonly rateLimiter: RateLimiter
  /** Waiting lists and raffles of the drop pages. */
  readonly entries: Entries
  /** The passes a session presents to the drops (members: the member pass). */
  readonly passes: (sessionId: string) => Promise<ReadonlyArray<string>>
  /** Disposes the stores and closes the database (releasing its lock). */
  readonly close: () => Promise<void>
}

/**
 * Opens the database and builds the services; seeds the demo event (idempotent).
 *
 * @param config - The site's config.
 * @param options - Stock and hold overrides.
 */
export const startServices = async (config: Config, options: SiteOptions = {}): Promise<SiteServices> => {
  const db = await openDatabase(config)
  const drops = makeDropClient(db.drops)
  const ledger = createLedger({ store: db.ledger })
  const rateLimiter = makeRateLimiter({
    orm: db.orm,
    tables: db.tables,
    redisUrl: config.redisUrl,
    redisPrefix: config.redisPrefix
  })
  const close = async () => {
    await rateLimiter.close()
    await drops.dispose().catch(() => undefined)
    await ledger.dispose().catch(() => undefined)
    await db.close()
  }
  try {
    const keys = await loadKeys(db.orm, db.tables)
    const ev = db.tables.events
    const id = "night-tapes"
    const now = Date.now()
    await db.orm.insert(ev).values({ id, anchor: now, createdAt: now }).onConflictDoNothing()
    const [row] = await db.orm.select().from(ev).where(eq(ev.id, id))
    if (row === undefined) throw new DatabaseInconsistent({ what: `event ${id}` })
    // The raffle's seed is made once and kept secret until the draw; its hash is published now.
    const raffleSeed = Buffer.from(await secret(db.orm, db.tables, `raffle-seed:${id}`)).toString("hex")
    const base = demoEvent(row.anchor, {
      raffleCommitment: commitSeed(raffleSeed),
      ...(options.stock === undefined ? {} : { stock: options.stock }),
      ...(options.raffleEntriesMs === undefined ? {} : { raffleEntriesMs: options.raffleEntriesMs })
    })
    const event: EventDefinition =
      options.holdMs === undefined
        ? base
        : {
            ...base,
            drops: base.drops.map((d) =>
              d.mode === "fcfs" ? { ...d, holdMs: options.holdMs ?? d.holdMs } : d
            )
          }
    for (const drop of event.drops) await drops.createDrop(drop)
    const payments = sandboxPayments(db.orm, db.tables)
    const memberships = makeMemberships({
      orm: db.orm,
      tables: db.tables,
      payments,
      keys,
      event,
      now: Date.now
    })
    const passes = async (sessionId: string) => ((await memberships.isMember(sessionId)) ? [MEMBER_PASS] : [])
    const orders = makeOrders({
      orm: db.orm,
      tables: db.tables,
      drops,
      ledger,
      payments,
      keys,
      event,
      now: Date.now,
      isMember: memberships.isMember,
      passes
    })
    const entries = makeEntries({
      orm: db.orm,
      tables: db.tables,
      drops,
      keys,
      event,
      seeds: new Map(event.drops.filter((d) => d.mode === "raffle").map((d) => [d.id, raffleSeed])),
      now: Date.now,
      isMember: memberships.isMember
    })
    const staff = makeStaff({ orm: db.orm, tables: db.tables, linkSecret: Buffer.from(keys.sessionSecret) })
    const initialPassword = await staff.seedPromoter(config.promoterEmail, config.promoterPassword)
    return {
      config,
      db,
      keys,
      event,
      drops,
      ledger,
      payments,
      orders,
      memberships,
      entries,
      passes,
      staff,
      initialPassword,
      rateLimiter,
      close
    }
  } catch (error) {
    await close()
    throw error
  }
}
