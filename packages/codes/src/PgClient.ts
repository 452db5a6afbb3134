/**
 * The small SQL client interface the PostgreSQL ledger store needs, with adapters for a `pg` Pool (a
 * real server) and for PGlite (PostgreSQL in-process). Structural types only: this module imports
 * neither driver, so installing one is up to the application.
 */
import { refuse } from "./internal/options.js"

/**
 * Something that runs one parameterised statement (`$1`, `$2` …) and returns its rows.
 *
 * @category models
 * @since 0.2.0
 */
export interface SqlQueryable {
  /** Runs `text` with `params`; resolves with the result rows. */
  readonly query: (
    text: string,
    params?: ReadonlyArray<unknown>
  ) => Promise<{ readonly rows: ReadonlyArray<unknown> }>
}

/**
 * The client the PostgreSQL store takes: statements, and transactions whose body must use the `tx`
 * it is given (on PGlite, a query on the outer client inside a transaction deadlocks).
 *
 * @category models
 * @since 0.2.0
 */
export interface PgClient extends SqlQueryable {
  /** Runs `body` in one transaction on one connection: COMMIT if it resolves, ROLLBACK if it rejects. */
  readonly transaction: <A>(body: (tx: SqlQueryable) => Promise<A>) => Promise<A>
}

/**
 * The parts of a `pg` Pool the adapter uses.
 *
 * @category models
 * @since 0.2.0
 */
export interface PgPoolLike {
  /** `pool.query(text, values)`. */
  query(text: string, values?: Array<unknown>): Promise<{ rows: Array<unknown> }>
  /** `pool.connect()`: a client to run a transaction on, released afterwards. */
  connect(): Promise<{
    query(text: string, values?: Array<unknown>): Promise<{ rows: Array<unknown> }>
    release(err?: Error | boolean): void
    /** `client.on("error", …)`: a pooled connection that dies mid-transaction emits "error". */
    on?(event: "error", listener: (error: Error) => void): unknown
    /** `client.off("error", …)`. */
    off?(event: "error", listener: (error: Error) => void): unknown
  }>
  /** `pool.on("error", …)`: `pg` emits "error" when an idle connection dies (a restart, a terminated backend). */
  on?(event: "error", listener: (error: Error) => void): unknown
}

/**
 * A `pg` pool or pooled connection emits "error" when its connection dies, and Node ends a process
 * whose emitter has no listener for it; the failure itself reaches the store another way (the
 * running query rejects with `LedgerUnavailable`, the pool drops an idle connection), so this is all.
 */
const ignoreError = (): void => undefined
const guardedPools = new WeakSet<object>()

/**
 * The parts of a PGlite database the adapter uses.
 *
 * @category models
 * @since 0.2.0
 */
export interface PGliteLike {
  /** `db.query(text, params)`. */
  query<T>(text: string, params?: Array<unknown>): Promise<{ rows: Array<T> }>
  /** `db.transaction(fn)`: `fn` gets a `tx` with its own `query`. */
  transaction<T>(
    body: (tx: { query<R>(text: string, params?: Array<unknown>): Promise<{ rows: Array<R> }> }) => Promise<T>
  ): Promise<T>
}

/**
 * Adapts a `pg` Pool (`new Pool({ connectionString })` from the `pg` package) for `postgresStore`.
 * It listens for the pool's `error` event: `pg` emits it when an idle connection dies (the database
 * restarted, an administrator ended the session), and with no listener Node ends the process; the
 * pool drops that connection and the next call opens a new one. Your own listeners still run. A
 * connection that fails inside a transaction is discarded, not returned to the pool.
 *
 * @param pool - A `pg` Pool; the caller owns it and ends it.
 * @returns A `PgClient`.
 * @throws InvalidCodeOptions when `pool` has no `query` and `connect` methods.
 * @example
 * ```ts
 * import pg from "pg"
 * import { fromPgPool, postgresStore } from "@microdrop/codes/postgres"
 * const store = postgresStore({ client: fromPgPool(new pg.Pool({ connectionString: process.env["DATABASE_URL"] })) })
 * ```
 * @since 0.2.0
 */
export const fromPgPool = (pool: PgPoolLike): PgClient => {
  if (
    typeof pool !== "object" ||
    pool === null ||
    typeof pool.query !== "function" ||
    typeof pool.connect !== "function"
  ) {
    return refuse("pool", "must be a pg Pool (new pg.Pool({ connectionString }))", pool)
  }
  if (!guardedPools.has(pool)) {
    guardedPools.add(pool)
    pool.on?.("error", ignoreError)
  }
  return {
    query: (text, params) => pool.query(text, params === undefined ? undefined : [...params]),
    transaction: async (body) => {
      const client = await pool.connect()
      // a connection that dies mid-transaction rejects the running query (handled below) and emits "error"
      client.on?.("error", ignoreError)
      const tx: SqlQueryable = {
        query: (text, params) => client.query(text, params === undefined ? undefined : [...params])
      }
      try {
        await client.query("BEGIN")
        const result = await body(tx)
        await client.query("COMMIT")
        client.off?.("error", ignoreError)
        client.release()
        return result
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined)
        client.off?.("error", ignoreError)
        client.release(error instanceof Error ? error : true)
        throw error
      }
    }
  }
}

/**
 * Adapts a PGlite database (`await PGlite.create(dir)` from `@electric-sql/pglite`) for `postgresStore`.
 *
 * @param db - A PGlite instance; the caller owns it and closes it.
 * @returns A `PgClient` whose transactions run on `db.transaction` and only use its `tx`.
 * @throws InvalidCodeOptions when `db` has no `query` and `transaction` methods.
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite"
 * import { fromPGlite, postgresStore } from "@microdrop/codes/postgres"
 * const store = postgresStore({ client: fromPGlite(await PGlite.create("./data")) })
 * ```
 * @since 0.2.0
 */
export const fromPGlite = (db: PGliteLike): PgClient => {
  if (
    typeof db !== "object" ||
    db === null ||
    typeof db.query !== "function" ||
    typeof db.transaction !== "function"
  )
    return refuse("db", "must be a PGlite database (await PGlite.create())", db)
  return {
    query: (text, params) => db.query(text, params === undefined ? undefined : [...params]),
    transaction: (body) =>
      db.transaction((tx) =>
        body({ query: (text, params) => tx.query(text, params === undefined ? undefined : [...params]) })
      )
  }
}
