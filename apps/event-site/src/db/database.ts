/**
 * Opens the site's database: embedded PGlite in a locked folder by default, PostgreSQL with
 * `DATABASE_URL`. The app's own tables go through drizzle (one schema definition for both
 * engines); drops (or Redis with `REDIS_URL`) and the codes ledger get their packages' own stores
 * on the same database. Migrations run at every start, idempotently, under an advisory lock so
 * several instances may start at once.
 */
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { PGlite } from "@electric-sql/pglite"
import type { LedgerStore } from "@microdrop/codes"
import { fromPGlite, fromPgPool, postgresStore } from "@microdrop/codes/postgres"
import type { DropStore } from "@microdrop/drops"
import { layerPostgres, pgliteClient, pgPoolClient } from "@microdrop/drops/postgres"
import { layerRedis } from "@microdrop/drops/redis"
import { sql } from "drizzle-orm"
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres"
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core"
import { drizzle as drizzlePglite } from "drizzle-orm/pglite"
import type { Layer } from "effect"
import { Redis } from "ioredis"
import pg from "pg"
import type { Config } from "../config/config.ts"
import { lockDataFolder } from "./lock.ts"
import { makeTables, migrationSql, type Tables } from "./tables.ts"

/** The query layer over the app's tables (drizzle on PGlite or node-postgres). */
export type Orm = PgDatabase<PgQueryResultHKT>

/** An open database and the stores built on it. */
export interface Database {
  /** `"pglite"` (embedded) or `"postgres"`. */
  readonly engine: "pglite" | "postgres"
  /** Drizzle over the app's tables. */
  readonly orm: Orm
  /** The app's tables. */
  readonly tables: Tables
  /** The drops store: PostgreSQL/PGlite, or Redis with `REDIS_URL`. */
  readonly drops: Layer.Layer<DropStore, unknown>
  /** The codes ledger's store on the same database. */
  readonly ledger: Layer.Layer<LedgerStore, unknown>
  /** Closes connections and releases the folder lock. Call after the stores are disposed. */
  readonly close: () => Promise<void>
}

/** A number from a schema name, for the migration's advisory lock. */
const lockKey = (name: string): number => {
  let h = 0
  for (const ch of `event-site:${name}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0
  return h
}

const migrate = async (orm: Orm, schema: string): Promise<void> => {
  await orm.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${lockKey(schema)})`)
    for (const statement of migrationSql(schema)) await tx.execute(sql.raw(statement))
  })
}

/**
 * Opens the database the config names, runs the app's migrations and prepares the stores.
 *
 * @param config - The site's config.
 * @returns The open database.
 * @throws DataFolderInUse when another live process holds the PGlite folder.
 */
export const openDatabase = async (config: Config): Promise<Database> => {
  const closers: Array<() => Promise<void> | void> = []
  const close = async () => {
    for (const c of closers.reverse()) await Promise.resolve(c()).catch(() => undefined)
    closers.length = 0
  }
  try {
    const schema = config.databaseSchema
    let engine: Database["engine"]
    let orm: Orm
    let drops: Layer.Layer<DropStore, unknown>
    let ledger: Layer.Layer<LedgerStore, unknown>
    if (config.databaseUrl === undefined) {
      engine = "pglite"
      closers.push(lockDataFolder(config.dataDir))
      mkdirSync(config.dataDir, { recursive: true })
      const db = await PGlite.create(join(config.dataDir, "pglite"))
      closers.push(() => db.close())
      orm = drizzlePglite({ client: db }) as unknown as Orm
      drops = layerPostgres({ client: pgliteClient(db), schema: `${schema}_drops` })
      ledger = postgresStore({ client: fromPGlite(db), schema: `${schema}_codes` })
    } else {
      engine = "postgres"
      const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 })
      pool.on("error", () => undefined) // an idle connection died; the pool opens a new one
      closers.push(() => pool.end())
      orm = drizzleNodePg({ client: pool }) as unknown as Orm
      let listener: pg.Client | undefined
      if (config.redisUrl === undefined) {
        listener = new pg.Client({ connectionString: config.databaseUrl })
        listener.on("error", () => undefined)
        await listener.connect()
        const l = listener
        closers.push(() => l.end())
      }
      drops = layerPostgres({
        client: pgPoolClient(pool),
        schema: `${schema}_drops`,
        ...(listener === undefined ? {} : { listener })
      })
      ledger = postgresStore({ client: fromPgPool(pool), schema: `${schema}_codes` })
    }
    if (config.redisUrl !== undefined) {
      const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 })
      const subscriber = redis.duplicate()
      closers.push(() => void redis.disconnect())
      closers.push(() => void subscriber.disconnect())
      drops = layerRedis({ client: redis, subscriber, prefix: config.redisPrefix })
    }
    await migrate(orm, schema)
    return { engine, orm, tables: makeTables(schema), drops, ledger, close }
  } catch (error) {
    await close()
    throw error
  }
}
