/**
 * The SQL client contract every Microdrop store on PostgreSQL takes, with adapters for a `pg` Pool (a
 * real server) and for PGlite (PostgreSQL in-process, the event site's embedded database).
 * Structural types only: this module imports neither driver, so installing one is the application's
 * choice. A team passes the same Pool to `@microdrop/codes` and `@microdrop/drops`.
 *
 * Reconnects: the adapters hold no connection of their own. A `pg` Pool opens a new connection for
 * the next call after one dies (a database restart, an administrator ending the session); the call
 * that was running on the dead connection rejects and the store reports its retryable error. PGlite
 * runs in-process and has no connection to lose.
 */

/**
 * A handle that runs one SQL statement with `$1`-style parameters and returns its rows.
 *
 * @category models
 * @since 0.1.0
 */
export interface SqlQueryable {
  /** Runs `text` with `params`; resolves with the result rows. */
  readonly query: (
    text: string,
    params?: ReadonlyArray<unknown>
  ) => Promise<{ readonly rows: ReadonlyArray<unknown> }>
}

/**
 * The database client a store takes: plain statements, and transactions whose body must use the
 * `tx` handle it is given (on PGlite, a query on the outer client inside a transaction deadlocks).
 *
 * @category models
 * @since 0.1.0
 */
export interface SqlClient extends SqlQueryable {
  /** Runs `body` in one transaction on one connection: COMMIT if it resolves, ROLLBACK if it rejects. */
  readonly transaction: <A>(body: (tx: SqlQueryable) => Promise<A>) => Promise<A>
}

/** A `pg` query config: a name makes the server keep the parsed plan for that connection. */
interface PgQueryConfig {
  readonly name: string
  readonly text: string
  readonly values: Array<unknown>
}

/** A connection checked out of a `pg` Pool. */
export interface PgPoolClientLike {
  query(text: string, params?: Array<unknown>): Promise<{ rows: Array<unknown> }>
  query(config: PgQueryConfig): Promise<{ rows: Array<unknown> }>
  release(err?: Error | boolean): void
  on(event: "error", listener: (error: Error) => void): unknown
  off(event: "error", listener: (error: Error) => void): unknown
}

/**
 * The parts of a `pg` Pool the adapter uses (structural, so no entry imports `pg`).
 *
 * @category models
 * @since 0.1.0
 */
export interface PgPoolLike {
  /** `pool.connect()`: a connection to run a transaction on, released afterwards. */
  connect(): Promise<PgPoolClientLike>
  /** `pool.query(text, values)`. */
  query(text: string, params?: Array<unknown>): Promise<{ rows: Array<unknown> }>
  /** `pool.on("error", …)`: emitted when an idle connection dies. */
  on?(event: "error", listener: (error: Error) => void): unknown
}

/**
 * The parts of a PGlite database the adapter uses.
 *
 * @category models
 * @since 0.1.0
 */
export interface PGliteLike {
  /** `db.query(text, params)`. */
  query(text: string, params?: Array<unknown>): Promise<{ rows: Array<unknown> }>
  /** `db.transaction(fn)`: `fn` gets a `tx` with its own `query`. */
  transaction<T>(
    fn: (tx: {
      query(text: string, params?: Array<unknown>): Promise<{ rows: Array<unknown> }>
    }) => Promise<T>
  ): Promise<T>
}

/** FNV-1a of the statement text, so each distinct statement is prepared once per connection. */
const statementName = (text: string): string => {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return `microdrop_${(h >>> 0).toString(36)}_${text.length}`
}

/**
 * A `pg` Pool, pooled connection or listener client emits "error" when its connection dies, and Node
 * ends a process whose emitter has no listener for it. The failure itself reaches the store another
 * way (the running query rejects; the pool drops an idle connection), so this is all it takes.
 */
export const ignoreConnectionError = (): void => undefined
const guardedPools = new WeakSet<PgPoolLike>()

/**
 * Adapts a `pg` Pool (`new Pool({ connectionString })`). Statements inside transactions are prepared
 * once per connection (named by a hash of their text). A connection that fails inside a transaction
 * is discarded, not returned to the pool. The adapter listens for the pool's `error` event, so a
 * dying idle connection does not end the process; your own listeners still run.
 *
 * @param pool - A `pg` Pool; the caller owns it and ends it.
 * @returns A `SqlClient`.
 * @category constructors
 * @since 0.1.0
 */
export const pgPoolClient = (pool: PgPoolLike): SqlClient => {
  if (!guardedPools.has(pool)) {
    guardedPools.add(pool)
    pool.on?.("error", ignoreConnectionError)
  }
  return {
    query: (text, params) => pool.query(text, params as Array<unknown>),
    transaction: async (body) => {
      const client = await pool.connect()
      // a connection that dies mid-transaction rejects the running query (handled below) and emits "error"
      client.on("error", ignoreConnectionError)
      try {
        await client.query("BEGIN")
        const out = await body({
          query: (text, params) =>
            params === undefined || params.length === 0
              ? client.query(text)
              : client.query({ name: statementName(text), text, values: params as Array<unknown> })
        })
        await client.query("COMMIT")
        client.off("error", ignoreConnectionError)
        client.release()
        return out
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined)
        client.off("error", ignoreConnectionError)
        client.release(error instanceof Error ? error : true)
        throw error
      }
    }
  }
}

/**
 * Adapts a PGlite database (`await PGlite.create(dir)` from `@electric-sql/pglite`).
 *
 * @param db - A PGlite instance; the caller owns it and closes it.
 * @returns A `SqlClient` whose transactions run on `db.transaction` and use only its `tx`.
 * @category constructors
 * @since 0.1.0
 */
export const pgliteClient = (db: PGliteLike): SqlClient => ({
  query: (text, params) => db.query(text, params as Array<unknown>),
  transaction: (body) =>
    db.transaction((tx) => body({ query: (text, params) => tx.query(text, params as Array<unknown>) }))
})
