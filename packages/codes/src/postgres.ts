/**
 * `@microdrop/codes/postgres`: the ledger store for PostgreSQL and PGlite. Install the driver you use
 * yourself (`pg` or `@electric-sql/pglite`); this entry imports neither. The client contract and its
 * adapters are the ones every Microdrop package takes: pass the same `pg` Pool to codes and drops.
 *
 * @since 0.1.0
 */
import {
  type PGliteLike,
  type PgPoolLike,
  pgliteClient,
  pgPoolClient,
  type SqlClient,
  type SqlQueryable
} from "@microdrop/kit"
import { refuse } from "./internal/options.ts"

export type { PostgresStoreOptions } from "./LedgerPostgres.ts"
export { postgresStore } from "./LedgerPostgres.ts"
export { type PGliteLike, type PgPoolLike, pgliteClient, pgPoolClient, type SqlClient, type SqlQueryable }

/**
 * The client `postgresStore` takes.
 *
 * @deprecated Use `SqlClient` (the same type, shared with `@microdrop/drops`); `PgClient` goes in the next minor release.
 * @category models
 * @since 0.1.0
 */
export type PgClient = SqlClient

/**
 * Adapts a `pg` Pool, after checking that `pool` looks like one.
 *
 * @deprecated Use `pgPoolClient(pool)` (the same adapter, shared with `@microdrop/drops`); `fromPgPool` goes in the next minor release.
 * @param pool - A `pg` Pool; the caller owns it and ends it.
 * @returns A `SqlClient`.
 * @throws InvalidCodeOptions when `pool` has no `query` and `connect` methods.
 * @example
 * ```ts
 * import pg from "pg"
 * import { pgPoolClient, postgresStore } from "@microdrop/codes/postgres"
 * const store = postgresStore({ client: pgPoolClient(new pg.Pool({ connectionString: process.env["DATABASE_URL"] })) })
 * ```
 * @since 0.1.0
 */
export const fromPgPool = (pool: PgPoolLike): SqlClient => {
  if (
    typeof pool !== "object" ||
    pool === null ||
    typeof pool.query !== "function" ||
    typeof pool.connect !== "function"
  )
    return refuse("pool", "must be a pg Pool (new pg.Pool({ connectionString }))", pool)
  return pgPoolClient(pool)
}

/**
 * Adapts a PGlite database, after checking that `db` looks like one.
 *
 * @deprecated Use `pgliteClient(db)` (the same adapter, shared with `@microdrop/drops`); `fromPGlite` goes in the next minor release.
 * @param db - A PGlite instance; the caller owns it and closes it.
 * @returns A `SqlClient`.
 * @throws InvalidCodeOptions when `db` has no `query` and `transaction` methods.
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite"
 * import { pgliteClient, postgresStore } from "@microdrop/codes/postgres"
 * const store = postgresStore({ client: pgliteClient(await PGlite.create("./data")) })
 * ```
 * @since 0.1.0
 */
export const fromPGlite = (db: PGliteLike): SqlClient => {
  if (
    typeof db !== "object" ||
    db === null ||
    typeof db.query !== "function" ||
    typeof db.transaction !== "function"
  )
    return refuse("db", "must be a PGlite database (await PGlite.create())", db)
  return pgliteClient(db)
}
