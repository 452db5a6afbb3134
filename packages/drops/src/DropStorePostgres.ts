/**
 * The PostgreSQL store, for a real server (a `pg` Pool) or PGlite in-process (the event site's
 * embedded database), through one small injectable {@link SqlClient}.
 *
 * **Concurrency control: row locking.** Each batch of operations on a drop runs in one
 * transaction that first locks the drop's item rows (`SELECT … FOR UPDATE`), then reads only the
 * rows it needs (lapsed holds, the holds and customers and idempotency keys named by the batch),
 * applies the same rules as the memory store in TypeScript, and writes back what changed in one
 * statement. Row locking rather than conditional `UPDATE`s because one decision spans several
 * rows (all SKUs of an order, the customer's units, the idempotency key) that must change
 * together; a lock per drop makes the whole decision atomic and keeps the SQL portable.
 *
 * **Throughput: claims are queued per drop.** Inside one process, operations on a drop wait in a
 * queue and run together in the next transaction (up to `maxBatch`), so a rush costs one lock
 * round per batch rather than one per claim, and throughput grows with concurrency instead of
 * collapsing on the hot row. Across processes the row lock serializes the batches.
 *
 * **Events across instances** (with a `listener` connection): each batch's events are sent with
 * `pg_notify` inside its transaction, in its write statement, so PostgreSQL delivers them if and
 * only if the transaction commits, in commit order.
 *
 * PGlite is one connection with an internal queue: the store only uses the transaction's own
 * handle inside a transaction (calling `db.query` there would deadlock).
 *
 * @since 0.1.0
 */
import {
  DEFAULT_STORE_TIMEOUT_MS,
  describeValue,
  formatIssues,
  ignoreConnectionError,
  inputIssues,
  pgliteClient as kitPgliteClient,
  pgPoolClient as kitPgPoolClient,
  makeBatcher,
  ok,
  type PGliteLike,
  type PgPoolLike,
  type SqlClient,
  type SqlQueryable
} from "@microdrop/kit"
import { Effect, type Layer, Schema } from "effect"
import { Drop } from "./Drop.ts"
import type { BatchOutcome, DropBackend, EventRelay } from "./DropBackend.ts"
import { type DropStore, makeDropStore } from "./DropStore.ts"
import { EntryLines, StoredEntry } from "./Entry.ts"
import { type InvalidStoreOptions, StoreUnavailable } from "./errors.ts"
import type { DropSnapshot, Hold, HoldStatus, Line } from "./Hold.ts"
import { anObject, requireArgument, withMethods } from "./internal/arguments.ts"
import { deriveEvents } from "./internal/deriveEvents.ts"
import { DropState, type Op, type OpResult } from "./internal/engine.ts"
import { boundedCalls, noAnswer, storeFailure } from "./internal/storeCall.ts"
import { storeLayer } from "./internal/storeLayer.ts"
import {
  checkedNewId,
  checkStoreOptions,
  dieOnBadNewId,
  hasMethods,
  isFunction,
  isNonEmptyString,
  isTimeout,
  isWholeAtLeast1,
  type OptionCheck
} from "./internal/storeOptions.ts"
import {
  decodeEventMessage,
  encodeEventMessages,
  instanceIdOf,
  listenScoped,
  messagePrefix
} from "./internal/wire.ts"

export type { PGliteLike, PgPoolLike, SqlClient, SqlQueryable } from "@microdrop/kit"

/**
 * Adapts a `pg` Pool (`new Pool({ connectionString })`): the toolkit's one adapter, the same in
 * `@microdrop/codes`, so a team passes one Pool to both. Statements inside transactions are
 * prepared once per connection; a connection that fails inside a transaction is discarded, not
 * returned to the pool. It listens for the pool's `error` event (`pg` emits it when an idle
 * connection dies: the database restarted, an administrator ended the session), so that does not
 * end the process; the pool drops that connection and the next call opens a new one. Your own
 * listeners on the pool still run.
 *
 * @param pool - a `pg` Pool; the caller owns it and ends it
 * @returns a {@link SqlClient}
 * @throws {@link InvalidDropArgument} when `pool` is not a Pool (no `connect` or `query`).
 * @example
 * ```ts
 * import { layerPostgres, pgPoolClient } from "@microdrop/drops/postgres"
 * import pg from "pg"
 * const layer = layerPostgres({ client: pgPoolClient(new pg.Pool({ connectionString: process.env["DATABASE_URL"] })) })
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const pgPoolClient = (pool: PgPoolLike): SqlClient => {
  requireArgument(
    "pgPoolClient",
    "pool",
    withMethods("a pg Pool (new Pool({ connectionString }))", ["connect", "query"]),
    pool
  )
  return kitPgPoolClient(pool)
}

/**
 * Adapts a PGlite database (`await PGlite.create(dir)`): PostgreSQL in-process. Its transactions
 * run on `db.transaction` and use only its `tx` (a query on `db` inside one would deadlock).
 *
 * @param db - a PGlite instance; the caller owns it and closes it
 * @returns a {@link SqlClient}
 * @throws {@link InvalidDropArgument} when `db` is not a PGlite instance.
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite"
 * import { layerPostgres, pgliteClient } from "@microdrop/drops/postgres"
 * const layer = layerPostgres({ client: pgliteClient(await PGlite.create()) })
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const pgliteClient = (db: PGliteLike): SqlClient => {
  requireArgument(
    "pgliteClient",
    "db",
    withMethods("a PGlite instance (await PGlite.create(dir))", ["query", "transaction"]),
    db
  )
  return kitPgliteClient(db)
}

/**
 * Options of the PostgreSQL store.
 *
 * @category models
 * @since 0.1.0
 */
export interface PostgresStoreOptions {
  /** The database client ({@link pgPoolClient} or {@link pgliteClient}). */
  readonly client: SqlClient
  /** Schema holding the tables (created if missing; default `microdrop_drops`). */
  readonly schema?: string
  /** Most operations per transaction (default 64). */
  readonly maxBatch?: number
  /** Batches per drop running at once from this process (default 1: pure group commit under the row lock). */
  readonly inFlight?: number
  /** Makes hold ids (default `crypto.randomUUID`). */
  readonly newId?: () => string
  /**
   * A dedicated connection (a `pg` `Client`, connected, not from the pool) that `LISTEN`s for
   * other instances' events: with it, each batch's events are sent with `pg_notify` on the channel
   * `<schema>_events` inside the batch's transaction (in its write statement, no extra round
   * trip), so PostgreSQL delivers them if and only if the transaction commits, in commit order;
   * and other instances' events reach this instance's subscribers. The caller owns it and closes
   * it. Without it, events stay in this instance. PGlite runs in one process: its store needs no
   * listener (the local stream already sees every operation).
   */
  readonly listener?: PgListenerLike
  /** This instance's id in sent events (default `crypto.randomUUID`). */
  readonly instanceId?: string
  /**
   * Bound of one store call in milliseconds (default 10,000): a call the database has not answered
   * by then fails with the retryable `StoreUnavailable` (a hold: retry with the same idempotency
   * key) instead of waiting for ever on a connection that died without closing.
   */
  readonly timeoutMs?: number
}

/**
 * The parts of a `pg` `Client` the store uses to hear other instances' events.
 *
 * @category models
 * @since 0.1.0
 */
export interface PgListenerLike {
  query(text: string): Promise<unknown>
  on(
    event: "notification",
    listener: (message: { channel: string; payload?: string | undefined }) => void
  ): unknown
  off(
    event: "notification",
    listener: (message: { channel: string; payload?: string | undefined }) => void
  ): unknown
}

const schemaName = /^[a-z_][a-z0-9_]{0,62}$/

const postgresOptions: Readonly<Record<string, OptionCheck>> = {
  client: hasMethods("a SqlClient (pgPoolClient(pool) or pgliteClient(db))", ["query", "transaction"]),
  schema: (v) =>
    typeof v === "string" && schemaName.test(v)
      ? undefined
      : `must be 1-63 lower-case letters, digits and underscores, not starting with a digit, got ${describeValue(v)}`,
  maxBatch: isWholeAtLeast1,
  inFlight: isWholeAtLeast1,
  newId: isFunction,
  listener: hasMethods("a connected pg Client (not from the pool)", ["query", "on", "off"]),
  instanceId: isNonEmptyString,
  timeoutMs: isTimeout
}

/**
 * The SQL that creates the store's tables (idempotent). Run by the layer; exported for teams that
 * manage migrations themselves.
 *
 * @param schema - the schema name (1-63 lower-case letters, digits and underscores)
 * @returns the statements, in order
 * @throws {@link InvalidDropArgument} for any other schema name (it is written into the SQL).
 *
 * @category sql
 * @since 0.1.0
 */
export const migrationSql = (schema: string): ReadonlyArray<string> => {
  requireArgument("migrationSql", "schema", schemaKind, schema)
  return migrations(schema)
}

const schemaKind = [
  "must be 1-63 lower-case letters, digits and underscores, not starting with a digit",
  (v: unknown) => typeof v === "string" && schemaName.test(v)
] as const

const migrations = (schema: string): ReadonlyArray<string> => [
  `CREATE SCHEMA IF NOT EXISTS ${schema}`,
  `CREATE TABLE IF NOT EXISTS ${schema}.drops (id text PRIMARY KEY, body text NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${schema}.drop_items (
     drop_id text NOT NULL, sku text NOT NULL, stock integer NOT NULL,
     held integer NOT NULL DEFAULT 0, confirmed integer NOT NULL DEFAULT 0,
     PRIMARY KEY (drop_id, sku), CHECK (held >= 0 AND confirmed >= 0 AND held + confirmed <= stock))`,
  `CREATE TABLE IF NOT EXISTS ${schema}.drop_holds (
     drop_id text NOT NULL, id text NOT NULL, customer_id text NOT NULL, lines text NOT NULL,
     status text NOT NULL, created_at bigint NOT NULL, expires_at bigint NOT NULL,
     PRIMARY KEY (drop_id, id))`,
  `CREATE INDEX IF NOT EXISTS drop_holds_live ON ${schema}.drop_holds (drop_id, expires_at) WHERE status = 'held'`,
  `CREATE TABLE IF NOT EXISTS ${schema}.drop_customers (
     drop_id text NOT NULL, customer_id text NOT NULL, units integer NOT NULL, PRIMARY KEY (drop_id, customer_id),
     CHECK (units >= 0))`,
  `CREATE TABLE IF NOT EXISTS ${schema}.drop_entries (
     drop_id text NOT NULL, list text NOT NULL, customer_id text NOT NULL, lines text NOT NULL,
     token text NOT NULL, seq bigserial, PRIMARY KEY (drop_id, list, customer_id))`,
  `CREATE TABLE IF NOT EXISTS ${schema}.drop_keys (
     drop_id text NOT NULL, key text NOT NULL, fingerprint text NOT NULL, result text NOT NULL,
     PRIMARY KEY (drop_id, key))`
]

interface HoldRow {
  readonly id: string
  readonly customer_id: string
  readonly lines: string
  readonly status: string
  readonly created_at: string | number
  readonly expires_at: string | number
}

const toHold = (dropId: string, r: HoldRow): Hold => ({
  id: r.id,
  dropId,
  customerId: r.customer_id,
  lines: JSON.parse(r.lines) as Array<Line>,
  status: r.status as HoldStatus,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at)
})

interface Pending {
  readonly drop: Drop
  readonly ops: ReadonlyArray<Op>
  readonly now: number
}

/** Where a batch's events go (only with a listener connection). */
interface Notify {
  /** The `NOTIFY` channel. */
  readonly channel: string
  /** This instance's id, so its own listener skips them. */
  readonly instanceId: string
  /** Numbers the messages. */
  readonly seq: () => number
}

/** `NOTIFY` payloads must be shorter than 8000 bytes. */
const MAX_NOTIFY_BYTES = 7900

/**
 * Runs one batch of operations on a drop inside a transaction (see the module notes).
 */
const runBatch = async (
  tx: SqlQueryable,
  s: string,
  drop: Drop,
  batch: ReadonlyArray<Pending>,
  newId: () => string,
  notify?: Notify
): Promise<Array<BatchOutcome>> => {
  const maxNow = batch.reduce((m, p) => Math.max(m, p.now), 0)
  const ops = batch.flatMap((p) => p.ops)
  const items = (await tx.query(
    `SELECT sku, held, confirmed FROM ${s}.drop_items WHERE drop_id = $1 ORDER BY sku FOR UPDATE`,
    [drop.id]
  )) as { rows: ReadonlyArray<{ sku: string; held: number; confirmed: number }> }
  const state = new DropState(drop, true)
  for (const row of items.rows) {
    const c = state.items.get(row.sku)
    if (c !== undefined) {
      c.held = row.held
      c.confirmed = row.confirmed
    }
  }
  const keys = ops.map((o) => o.request.idempotencyKey)
  const holdIds = ops.flatMap((o) => ("holdId" in o.request ? [o.request.holdId] : []))
  const customers = ops.flatMap((o) => ("customerId" in o.request ? [o.request.customerId] : []))
  // Every lookup by id goes through `unnest(...) CROSS JOIN LATERAL (... LIMIT 1)`: a nested loop
  // of primary-key probes whatever the planner believes about the tables. A plain `key = ANY($4)`
  // gets a generic plan (prepared statements) that reads every key of the drop and filters, so a
  // batch cost grew with the drop's history (measured: 0.36 ms per batch at 1k keys, 8.5 ms at 15k).
  const read = (await tx.query(
    `WITH h AS (
       SELECT id, customer_id, lines, status, created_at, expires_at FROM ${s}.drop_holds
        WHERE drop_id = $1 AND status = 'held' AND expires_at <= $2
       UNION
       SELECT x.id, x.customer_id, x.lines, x.status, x.created_at, x.expires_at
         FROM unnest($3::text[]) AS w(id) CROSS JOIN LATERAL (
           SELECT id, customer_id, lines, status, created_at, expires_at FROM ${s}.drop_holds
            WHERE drop_id = $1 AND id = w.id LIMIT 1) AS x)
     SELECT 'h' AS t, id AS a, customer_id AS b, lines AS c, status AS d, created_at AS e, expires_at AS f FROM h
     UNION ALL
     SELECT 'k', x.key, x.fingerprint, x.result, NULL, NULL, NULL
       FROM unnest($4::text[]) AS w(key) CROSS JOIN LATERAL (
         SELECT key, fingerprint, result FROM ${s}.drop_keys WHERE drop_id = $1 AND key = w.key LIMIT 1) AS x
     UNION ALL
     SELECT 'c', x.customer_id, NULL, NULL, NULL, x.units, NULL
       FROM (SELECT unnest($5::text[]) UNION SELECT customer_id FROM h) AS w(id) CROSS JOIN LATERAL (
         SELECT customer_id, units FROM ${s}.drop_customers WHERE drop_id = $1 AND customer_id = w.id LIMIT 1) AS x`,
    [drop.id, maxNow, holdIds, keys, customers]
  )) as {
    rows: ReadonlyArray<{
      t: string
      a: string
      b: string
      c: string
      d: string
      e: string | number
      f: string | number
    }>
  }
  for (const r of read.rows) {
    if (r.t === "h") {
      const hold = toHold(drop.id, {
        id: r.a,
        customer_id: r.b,
        lines: r.c,
        status: r.d,
        created_at: r.e,
        expires_at: r.f
      })
      state.holds.set(hold.id, hold)
      if (hold.status === "held") state.scheduleExpiry(hold)
    } else if (r.t === "k") {
      state.idem.set(r.a, { fingerprint: r.b, result: JSON.parse(r.c) as Hold })
    } else {
      state.customers.set(r.a, Number(r.e))
    }
  }
  const outcomes: Array<BatchOutcome> = []
  for (const p of batch) {
    const expired = state.expireDue(p.now)
    const results: Array<OpResult> = p.ops.map((op) => state.apply(op, p.now, newId))
    outcomes.push({ results, availability: [], expired })
  }
  const availability = state.availability()
  const final = outcomes.map((o) => ({ ...o, availability }))
  // every event comes from a change (a lapsed hold, a fresh result): no change, nothing to send
  const changed = state.dirtyHolds.size + state.newIdem.size + state.dirtyCustomers.size > 0
  if (changed) {
    // the batch's events travel in its own transaction: sent if and only if it commits
    const messages =
      notify === undefined
        ? []
        : encodeEventMessages(
            notify.instanceId,
            batch.flatMap((p, n) => deriveEvents(drop.id, p.now, p.ops, final[n] as BatchOutcome)),
            MAX_NOTIFY_BYTES,
            notify.seq
          )
    const fresh = [...state.newHolds].map((id) => state.holds.get(id) as Hold)
    const updated = [...state.dirtyHolds]
      .filter((id) => !state.newHolds.has(id))
      .map((id) => state.holds.get(id) as Hold)
    const cust = [...state.dirtyCustomers]
    const newKeys = [...state.newIdem]
    const params: Array<unknown> = [drop.id]
    const p = (v: unknown) => {
      params.push(v)
      return `$${params.length}`
    }
    const parts = [
      `i AS (UPDATE ${s}.drop_items AS it SET held = v.held, confirmed = v.confirmed
         FROM unnest(${p(availability.map((a) => a.sku))}::text[], ${p(availability.map((a) => a.held))}::int[],
                     ${p(availability.map((a) => a.confirmed))}::int[]) AS v(sku, held, confirmed)
        WHERE it.drop_id = $1 AND it.sku = v.sku RETURNING 1)`
    ]
    if (fresh.length > 0)
      parts.push(`n AS (INSERT INTO ${s}.drop_holds (drop_id, id, customer_id, lines, status, created_at, expires_at)
         SELECT $1, * FROM unnest(${p(fresh.map((h) => h.id))}::text[], ${p(fresh.map((h) => h.customerId))}::text[],
           ${p(fresh.map((h) => JSON.stringify(h.lines)))}::text[], ${p(fresh.map((h) => h.status))}::text[],
           ${p(fresh.map((h) => h.createdAt))}::bigint[], ${p(fresh.map((h) => h.expiresAt))}::bigint[]) RETURNING 1)`)
    if (updated.length > 0)
      parts.push(`u AS (UPDATE ${s}.drop_holds AS h SET status = v.status
         FROM unnest(${p(updated.map((h) => h.id))}::text[], ${p(updated.map((h) => h.status))}::text[]) AS v(id, status)
        WHERE h.drop_id = $1 AND h.id = v.id RETURNING 1)`)
    if (cust.length > 0)
      parts.push(`c AS (INSERT INTO ${s}.drop_customers (drop_id, customer_id, units)
         SELECT $1, * FROM unnest(${p(cust)}::text[], ${p(cust.map((c) => state.customerUnits(c)))}::int[])
         ON CONFLICT (drop_id, customer_id) DO UPDATE SET units = EXCLUDED.units RETURNING 1)`)
    if (newKeys.length > 0)
      parts.push(`k AS (INSERT INTO ${s}.drop_keys (drop_id, key, fingerprint, result)
         SELECT $1, * FROM unnest(${p(newKeys)}::text[], ${p(newKeys.map((k) => state.idem.get(k)?.fingerprint ?? ""))}::text[],
           ${p(newKeys.map((k) => JSON.stringify(state.idem.get(k)?.result)))}::text[]) RETURNING 1)`)
    const last =
      messages.length === 0
        ? "SELECT 1"
        : `SELECT pg_notify(${p(notify?.channel)}, m) FROM unnest(${p(messages)}::text[]) AS m`
    await tx.query(`WITH ${parts.join(",\n")} ${last}`, params)
  }
  return final
}

const decodeDrop = Schema.decodeUnknownEffect(Schema.fromJsonString(Drop))

/** A `drop_entries` row: the lines are JSON text (`[{"sku":…,"quantity":…}]`). */
const decodeEntryRow = Schema.decodeUnknownEffect(
  Schema.Struct({ ...StoredEntry.fields, lines: Schema.fromJsonString(EntryLines) })
)

/**
 * The PostgreSQL backend (for {@link makeDropStore}); creates its tables first.
 *
 * @category constructors
 * @since 0.1.0
 */
export const postgresBackend = (
  options: PostgresStoreOptions
): Effect.Effect<DropBackend, StoreUnavailable | InvalidStoreOptions> => {
  const invalid = checkStoreOptions("postgres", options, postgresOptions, ["client"])
  if (invalid !== undefined) return Effect.fail(invalid)
  const s = options.schema ?? "microdrop_drops"
  const client = options.client
  const maxBatch = options.maxBatch ?? 64
  const inFlight = options.inFlight ?? 1
  const newId =
    options.newId === undefined
      ? () => globalThis.crypto.randomUUID()
      : checkedNewId("postgres", options.newId)
  const timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS
  const call = boundedCalls("postgres", timeoutMs)
  let seq = 0
  const notify: Notify | undefined =
    options.listener === undefined
      ? undefined
      : { channel: `${s}_events`, instanceId: instanceIdOf(options), seq: () => ++seq }
  const batcher = makeBatcher<Pending, BatchOutcome>({
    maxBatch,
    inFlight,
    timeoutMs,
    exec: async (_, batch) =>
      (
        await client.transaction((tx) => runBatch(tx, s, (batch[0] as Pending).drop, batch, newId, notify))
      ).map(ok),
    timeout: () => new StoreUnavailable({ store: "postgres", operation: "run", cause: noAnswer(timeoutMs) }),
    tooFew: (answered, items) =>
      new StoreUnavailable({
        store: "postgres",
        operation: "run",
        cause: `${answered} results for ${items} calls`
      })
  })
  const submit = (drop: Drop, ops: ReadonlyArray<Op>, now: number): Promise<BatchOutcome> =>
    batcher.submit(drop.id, { drop, ops, now })

  return Effect.gen(function* () {
    // One transaction under an advisory lock per schema: app instances that start at once on a
    // fresh database would otherwise race on `CREATE … IF NOT EXISTS` (which is not safe against
    // itself: "duplicate key value violates unique constraint pg_namespace_nspname_index").
    yield* call("createTables", () =>
      client.transaction(async (tx) => {
        await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`@microdrop/drops:${s}`])
        for (const sql of migrations(s)) await tx.query(sql)
      })
    )
    const backend: DropBackend = {
      name: "postgres",
      newId,
      synchronous: false,
      insertDrop: (drop) =>
        call("createDrop", () =>
          client.transaction(async (tx) => {
            const r = await tx.query(
              `INSERT INTO ${s}.drops (id, body) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id`,
              [drop.id, JSON.stringify(drop)]
            )
            if (r.rows.length === 0) return false
            await tx.query(
              `INSERT INTO ${s}.drop_items (drop_id, sku, stock) SELECT $1, * FROM unnest($2::text[], $3::int[])`,
              [drop.id, drop.items.map((i) => i.sku), drop.items.map((i) => i.stock)]
            )
            return true
          })
        ),
      loadDrop: (dropId) =>
        Effect.flatMap(
          call("getDrop", () => client.query(`SELECT body FROM ${s}.drops WHERE id = $1`, [dropId])),
          (r) => {
            const row = r.rows[0] as { body: string } | undefined
            return row === undefined
              ? Effect.succeed(undefined)
              : Effect.mapError(
                  decodeDrop(row.body),
                  (e) =>
                    new StoreUnavailable({
                      store: "postgres",
                      operation: "decodeDrop",
                      cause: `drop ${dropId}: ${formatIssues(inputIssues(e))}`
                    })
                )
          }
        ),
      run: (drop, ops, now) =>
        dieOnBadNewId(
          // the batcher bounds each batch by timeoutMs
          Effect.tryPromise({ try: () => submit(drop, ops, now), catch: storeFailure("postgres", "run") })
        ),
      addEntry: (drop, list, entry) =>
        call(
          "addEntry",
          async () =>
            (
              await client.query(
                `INSERT INTO ${s}.drop_entries (drop_id, list, customer_id, lines, token) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (drop_id, list, customer_id) DO NOTHING RETURNING seq`,
                [drop.id, list, entry.customerId, JSON.stringify(entry.lines), entry.token]
              )
            ).rows.length === 1
        ),
      listEntries: (drop, list) =>
        Effect.flatMap(
          call(
            "listEntries",
            async () =>
              (
                await client.query(
                  `SELECT customer_id, lines, token FROM ${s}.drop_entries WHERE drop_id = $1 AND list = $2 ORDER BY seq`,
                  [drop.id, list]
                )
              ).rows as ReadonlyArray<{ customer_id: unknown; lines: unknown; token: unknown }>
          ),
          (rows) =>
            Effect.forEach(rows, (r) =>
              Effect.mapError(
                decodeEntryRow({ customerId: r.customer_id, lines: r.lines, token: r.token }),
                (e) =>
                  new StoreUnavailable({
                    store: "postgres",
                    operation: "decodeEntry",
                    cause: `the ${list} entry of customer ${String(r.customer_id)}: ${formatIssues(inputIssues(e))}`
                  })
              )
            )
        ),
      removeEntry: (drop, list, customerId) =>
        call("removeEntry", async () => {
          await client.query(
            `DELETE FROM ${s}.drop_entries WHERE drop_id = $1 AND list = $2 AND customer_id = $3`,
            [drop.id, list, customerId]
          )
        }),
      snapshot: (drop, now) =>
        Effect.gen(function* () {
          const out = yield* backend.run(drop, [], now)
          const rows = yield* call("snapshot", () =>
            client.transaction(async (tx) => {
              const holds = await tx.query(
                `SELECT id, customer_id, lines, status, created_at, expires_at FROM ${s}.drop_holds WHERE drop_id = $1 ORDER BY created_at, id`,
                [drop.id]
              )
              const keys = await tx.query(
                `SELECT key, result FROM ${s}.drop_keys WHERE drop_id = $1 AND fingerprint LIKE 'hold|%'`,
                [drop.id]
              )
              return {
                holds: holds.rows as ReadonlyArray<HoldRow>,
                keys: keys.rows as ReadonlyArray<{ key: string; result: string }>
              }
            })
          )
          return {
            availability: { dropId: drop.id, at: now, items: [...out.availability] },
            holds: rows.holds.map((r) => toHold(drop.id, r)),
            holdKeys: rows.keys.map((k) => ({ key: k.key, holdId: (JSON.parse(k.result) as Hold).id }))
          } satisfies DropSnapshot
        })
    }
    return backend
  })
}

/**
 * A PostgreSQL `DropStore` layer (real server or PGlite, by the client given). Building it fails
 * with `InvalidStoreOptions` naming an option it cannot use (an unknown key, a `client` without
 * `query`/`transaction`, a `maxBatch` of 0, a schema name with capitals …), and with
 * `StoreUnavailable` when the database cannot be reached to create the tables.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerPostgres = (
  options: PostgresStoreOptions
): Layer.Layer<DropStore, StoreUnavailable | InvalidStoreOptions> =>
  storeLayer(options, postgresBackend, postgresRelay)

/**
 * The listening side of PostgreSQL events (`LISTEN` on `<schema>_events`), or undefined without
 * a listener connection. The sending side is in the backend: `pg_notify` inside each batch's
 * transaction. Build it from the same options object as the backend (or give both the same
 * `instanceId`), so this instance's own notifications are skipped.
 *
 * @category constructors
 * @since 0.1.0
 */
export const postgresRelay = (options: PostgresStoreOptions): EventRelay | undefined => {
  requireArgument("postgresRelay", "options", anObject, options)
  const listener = options.listener
  if (listener === undefined) return undefined
  const channel = `${options.schema ?? "microdrop_drops"}_events`
  const instanceId = instanceIdOf(options)
  // this instance's own messages start with its id (skipped before decoding)
  const own = messagePrefix(instanceId)
  return {
    listen: (_known, deliver) => {
      // a connection delivers notifications in commit order; the events are already derived
      const onNotification = (m: { channel: string; payload?: string | undefined }) => {
        if (m.channel !== channel || m.payload === undefined || m.payload.startsWith(own)) return
        const message = decodeEventMessage(m.payload)
        if (message !== undefined && message.i !== instanceId) deliver(message.e)
      }
      // A `pg` Client emits "error" when its connection dies (a database restart), and Node ends
      // a process whose emitter has no listener for it: listen while the relay runs. This instance
      // then stops hearing the others (events are hints; pages re-read availability).
      const errors = listener as unknown as {
        readonly on?: (event: "error", listener: () => void) => unknown
        readonly off?: (event: "error", listener: () => void) => unknown
      }
      return listenScoped({
        store: "postgres",
        operation: "listen",
        attach: () => {
          listener.on("notification", onNotification)
          errors.on?.call(listener, "error", ignoreConnectionError)
        },
        detach: () => {
          listener.off("notification", onNotification)
          errors.off?.call(listener, "error", ignoreConnectionError)
        },
        start: () => listener.query(`LISTEN "${channel}"`),
        stop: () => listener.query(`UNLISTEN "${channel}"`)
      })
    }
  }
}
