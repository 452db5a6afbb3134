/**
 * `@microdrop/codes/postgres`: the ledger store for PostgreSQL and PGlite. Install the driver you use
 * yourself (`pg` or `@electric-sql/pglite`); this entry imports neither.
 *
 * @since 0.2.0
 */
export type { PostgresStoreOptions } from "./LedgerPostgres.js"
export { postgresStore } from "./LedgerPostgres.js"
export type { PGliteLike, PgClient, PgPoolLike, SqlQueryable } from "./PgClient.js"
export { fromPGlite, fromPgPool } from "./PgClient.js"
