/**
 * The PostgreSQL ledger store: the same ledger on a real PostgreSQL server (through `pg`) or on PGlite
 * in-process, with the same SQL. Each redemption is one round trip: a PL/pgSQL function does the rate
 * limit, redemption-id claim, guarded use count and history entry inside the statement's transaction,
 * so the row lock on the code serialises uses across every connection and process.
 *
 * Limits: it needs PostgreSQL ≥ 12 (or PGlite) and permission to create a schema, tables and a
 * function; it never drops anything. Times are stored as bigint milliseconds.
 */
import { type SqlClient, withDeadline } from "@microdrop/kit"
import { Effect, Layer, Schema } from "effect"
import { type LedgerStoreOperation, LedgerUnavailable } from "./errors.ts"
import { refuse, requiredObject, storeTimeout } from "./internal/options.ts"
import { Attempt } from "./LedgerSchemas.ts"
import { LedgerStore, type RedeemOutcome, type StoredCode } from "./LedgerStore.ts"

/**
 * Options of `postgresStore`.
 *
 * @category models
 * @since 0.1.0
 */
export interface PostgresStoreOptions {
  /** The client: `pgPoolClient(pool)` or `pgliteClient(db)`. The caller owns and closes it. */
  readonly client: SqlClient
  /** The schema holding the ledger's tables (created if missing; default `"microdrop_codes"`). */
  readonly schema?: string | undefined
  /**
   * Bound of one call to the database in milliseconds (default 10,000): a call with no answer by
   * then fails with the retryable `LedgerUnavailable` instead of hanging.
   */
  readonly timeoutMs?: number | undefined
}

const migration = (s: string): ReadonlyArray<string> => [
  `CREATE SCHEMA IF NOT EXISTS ${s}`,
  `CREATE TABLE IF NOT EXISTS ${s}.codes (
     code text PRIMARY KEY, max_uses integer NOT NULL, uses integer NOT NULL DEFAULT 0,
     expires_at bigint, revoked_at bigint)`,
  // Every attempt; rows with outcome 'redeemed' or source 'offline' also claim their redemption id.
  `CREATE TABLE IF NOT EXISTS ${s}.attempts (
     seq bigserial NOT NULL, code text NOT NULL, redemption_id text NOT NULL, at bigint NOT NULL,
     door_id text NOT NULL, source text NOT NULL, outcome text NOT NULL, use integer)`,
  `CREATE INDEX IF NOT EXISTS attempts_by_code ON ${s}.attempts (code, redemption_id)`,
  `CREATE TABLE IF NOT EXISTS ${s}.unknown_scans (
     code text NOT NULL, nonce text NOT NULL, PRIMARY KEY (code, nonce))`,
  `CREATE TABLE IF NOT EXISTS ${s}.failures (
     client text PRIMARY KEY, window_start bigint NOT NULL, count integer NOT NULL)`,
  // One redemption attempt. Fast path (a use left): UPDATE (takes the code's row lock), one SELECT
  // (rate limit and earlier claim of this redemption id, read after the lock so every committed claim
  // is visible), one INSERT. Other paths lock the row with SELECT ... FOR UPDATE before looking.
  `CREATE OR REPLACE FUNCTION ${s}.redeem(
     p_code text, p_rid text, p_door text, p_client text, p_at bigint, p_now bigint, p_online boolean,
     p_max_failures integer, p_window bigint,
     OUT tag text, OUT use_no integer, OUT max_uses integer, OUT at_ms bigint, OUT last_door text)
   LANGUAGE plpgsql AS $fn$
   DECLARE
     n integer;
     c ${s}.codes%ROWTYPE;
     limited bigint;
     prior_use integer;
     prior_at bigint;
     prior_found boolean;
     outcome text;
     src text := CASE WHEN p_online THEN 'online' ELSE 'offline' END;
   BEGIN
     UPDATE ${s}.codes k SET uses = k.uses + 1
       WHERE k.code = p_code AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR p_at < k.expires_at)
         AND k.uses < k.max_uses
       RETURNING k.uses, k.max_uses INTO n, max_uses;
     IF n IS NULL THEN
       SELECT * INTO c FROM ${s}.codes k WHERE k.code = p_code FOR UPDATE;
     END IF;
     SELECT
       (SELECT f.window_start + p_window - p_now FROM ${s}.failures f
         WHERE p_online AND f.client = p_client AND p_now < f.window_start + p_window AND f.count >= p_max_failures),
       a.use, a.at, a.found
       INTO limited, prior_use, prior_at, prior_found
       FROM (SELECT 1) one LEFT JOIN LATERAL (
         SELECT x.use, x.at, true AS found FROM ${s}.attempts x
         WHERE x.code = p_code AND x.redemption_id = p_rid AND (x.outcome = 'redeemed' OR x.source = 'offline')
         LIMIT 1) a ON true;
     IF limited IS NOT NULL THEN
       IF n IS NOT NULL THEN UPDATE ${s}.codes k SET uses = k.uses - 1 WHERE k.code = p_code; END IF;
       tag := 'RateLimited'; at_ms := limited; max_uses := NULL; RETURN;
     END IF;
     IF prior_found THEN
       IF n IS NOT NULL THEN UPDATE ${s}.codes k SET uses = k.uses - 1 WHERE k.code = p_code; END IF;
       IF NOT p_online OR prior_use IS NULL THEN tag := 'Duplicate'; max_uses := NULL; RETURN; END IF;
       INSERT INTO ${s}.attempts (code, redemption_id, at, door_id, source, outcome, use)
         VALUES (p_code, p_rid, p_at, p_door, 'online', 'replayed', prior_use);
       IF max_uses IS NULL THEN max_uses := c.max_uses; END IF;
       tag := 'Replayed'; use_no := prior_use; at_ms := prior_at; RETURN;
     END IF;
     IF n IS NOT NULL THEN
       INSERT INTO ${s}.attempts (code, redemption_id, at, door_id, source, outcome, use)
         VALUES (p_code, p_rid, p_at, p_door, src, 'redeemed', n);
       tag := 'Redeemed'; use_no := n; at_ms := p_at; RETURN;
     END IF;
     IF c.code IS NULL THEN
       IF p_online THEN
         INSERT INTO ${s}.failures AS f (client, window_start, count) VALUES (p_client, p_now, 1)
           ON CONFLICT (client) DO UPDATE SET
             window_start = CASE WHEN p_now >= f.window_start + p_window THEN p_now ELSE f.window_start END,
             count = CASE WHEN p_now >= f.window_start + p_window THEN 1 ELSE f.count + 1 END;
       ELSE
         INSERT INTO ${s}.unknown_scans (code, nonce) VALUES (p_code, p_rid) ON CONFLICT DO NOTHING;
         IF NOT FOUND THEN tag := 'Duplicate'; RETURN; END IF;
       END IF;
       tag := 'NotFound'; RETURN;
     END IF;
     max_uses := c.max_uses;
     IF c.revoked_at IS NOT NULL THEN
       tag := 'Revoked'; outcome := 'revoked'; at_ms := c.revoked_at;
     ELSIF c.expires_at IS NOT NULL AND p_at >= c.expires_at THEN
       tag := 'Expired'; outcome := 'expired'; at_ms := c.expires_at;
     ELSIF p_online THEN
       tag := 'Exhausted'; outcome := 'exhausted';
       SELECT x.at, x.door_id INTO at_ms, last_door FROM ${s}.attempts x
         WHERE x.code = p_code AND x.outcome = 'redeemed' ORDER BY x.seq DESC LIMIT 1;
     ELSE
       tag := 'Conflict'; outcome := 'conflict';
     END IF;
     INSERT INTO ${s}.attempts (code, redemption_id, at, door_id, source, outcome, use)
       VALUES (p_code, p_rid, p_at, p_door, src, outcome, NULL);
   END
   $fn$`
]

const decodeAttempts = Schema.decodeUnknownSync(Schema.Array(Attempt))

const num = (value: unknown): number | undefined =>
  value === null || value === undefined ? undefined : Number(value)

interface CodeRow {
  readonly code: string
  readonly max_uses: number | string
  readonly uses: number | string
  readonly expires_at: number | string | null
  readonly revoked_at: number | string | null
}

const toStored = (row: CodeRow): StoredCode => {
  const expiresAt = num(row.expires_at)
  const revokedAt = num(row.revoked_at)
  return {
    code: row.code,
    maxUses: Number(row.max_uses),
    uses: Number(row.uses),
    ...(expiresAt === undefined ? {} : { expiresAt }),
    ...(revokedAt === undefined ? {} : { revokedAt })
  }
}

interface RedeemRow {
  readonly tag: string
  readonly use_no: number | null
  readonly max_uses: number | null
  readonly at_ms: number | string | null
  readonly last_door: string | null
}

const toOutcome = (row: RedeemRow): RedeemOutcome => {
  const at = Number(row.at_ms ?? 0)
  switch (row.tag) {
    case "Redeemed":
    case "Replayed":
      return {
        _tag: "Redeemed",
        use: Number(row.use_no),
        maxUses: Number(row.max_uses ?? row.use_no),
        at,
        replayed: row.tag === "Replayed"
      }
    case "Exhausted":
      return {
        _tag: "Exhausted",
        maxUses: Number(row.max_uses),
        lastUse: row.last_door === null ? undefined : { at, doorId: row.last_door }
      }
    case "Expired":
      return { _tag: "Expired", expiresAt: at }
    case "Revoked":
      return { _tag: "Revoked", revokedAt: at }
    case "RateLimited":
      return { _tag: "RateLimited", retryAfterMs: at }
    case "Conflict":
      return { _tag: "Conflict", maxUses: Number(row.max_uses) }
    case "Duplicate":
      return { _tag: "Duplicate" }
    default:
      return { _tag: "NotFound" }
  }
}

/**
 * The PostgreSQL store, on a real server or on PGlite. Building the layer creates the schema, tables
 * and function if they are missing (under an advisory lock, so several processes may start at once).
 *
 * @param options - `client` (`pgPoolClient(pool)` or `pgliteClient(db)`), `schema` (default
 *   `"microdrop_codes"`) and `timeoutMs` (bound of one database call, default 10,000).
 * @returns A layer providing `LedgerStore`; building it fails with `LedgerUnavailable` if the database cannot be reached.
 * @throws InvalidCodeOptions when `options` or its `client` is missing or malformed, or `timeoutMs`
 *   is not a finite number of milliseconds from 1 to 2147483647; a schema name
 *   that is not a plain identifier is rejected with `LedgerUnavailable` when the layer is built.
 * @example
 * ```ts
 * import { Ledger } from "@microdrop/codes"
 * import { pgPoolClient, postgresStore } from "@microdrop/codes/postgres"
 * import { Layer } from "effect"
 * import pg from "pg"
 * const pool = new pg.Pool({ connectionString: process.env["DATABASE_URL"], max: 32 })
 * const layer = Ledger.layer().pipe(Layer.provide(postgresStore({ client: pgPoolClient(pool) })))
 * ```
 * @since 0.1.0
 */
export const postgresStore = (options: PostgresStoreOptions): Layer.Layer<LedgerStore, LedgerUnavailable> => {
  requiredObject(options, "options")
  const c: Partial<SqlClient> | null | undefined = options.client
  if (
    typeof c !== "object" ||
    c === null ||
    typeof c.query !== "function" ||
    typeof c.transaction !== "function"
  )
    refuse("client", "must be pgPoolClient(pool) or pgliteClient(db)", c)
  if (options.schema !== undefined && typeof options.schema !== "string")
    refuse("schema", "must be a string (a lowercase SQL identifier)", options.schema)
  const timeoutMs = storeTimeout(options.timeoutMs)
  return Layer.effect(
    LedgerStore,
    Effect.gen(function* () {
      const s = options.schema ?? "microdrop_codes"
      const client = options.client
      const fail = (operation: LedgerStoreOperation) => (cause: unknown) =>
        new LedgerUnavailable({ store: "postgres", operation, cause })
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(s)) {
        return yield* Effect.fail(fail("configure")(`schema "${s}" must be a lowercase SQL identifier`))
      }
      const run = <A>(operation: LedgerStoreOperation, f: () => Promise<A>) =>
        Effect.tryPromise({
          try: () => withDeadline(f(), timeoutMs, () => `no answer from postgres within ${timeoutMs} ms`),
          catch: fail(operation)
        })
      yield* run("migrate", () =>
        client.transaction(async (tx) => {
          await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`microdrop_codes:${s}`])
          for (const statement of migration(s)) await tx.query(statement)
        })
      )
      const redeemSql = `SELECT tag, use_no, max_uses, at_ms, last_door FROM ${s}.redeem($1, $2, $3, $4, $5, $6, $7, $8, $9)`
      const codeSql = `SELECT code, max_uses, uses, expires_at, revoked_at FROM ${s}.codes WHERE code = $1`
      return LedgerStore.of({
        issue: (code) =>
          run("issue", () =>
            client.query(
              `INSERT INTO ${s}.codes (code, max_uses, expires_at) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING code`,
              [code.code, code.maxUses, code.expiresAt ?? null]
            )
          ).pipe(Effect.map((r) => r.rows.length === 1)),
        redeem: (cmd) =>
          run("redeem", () =>
            client.query(redeemSql, [
              cmd.code,
              cmd.redemptionId,
              cmd.doorId,
              cmd.client,
              cmd.at,
              cmd.now,
              cmd.source === "online",
              cmd.maxFailures,
              cmd.windowMs
            ])
          ).pipe(Effect.map((r) => toOutcome(r.rows[0] as RedeemRow))),
        revoke: (code, at) =>
          run("revoke", () =>
            client.query(
              `UPDATE ${s}.codes SET revoked_at = COALESCE(revoked_at, $2) WHERE code = $1
               RETURNING code, max_uses, uses, expires_at, revoked_at`,
              [code, at]
            )
          ).pipe(Effect.map((r) => (r.rows[0] === undefined ? undefined : toStored(r.rows[0] as CodeRow)))),
        status: (code) =>
          run("status", () => client.query(codeSql, [code])).pipe(
            Effect.map((r) => (r.rows[0] === undefined ? undefined : toStored(r.rows[0] as CodeRow)))
          ),
        history: (code) =>
          run("history", () =>
            client.query(
              `SELECT at, door_id, redemption_id, source, outcome, use FROM ${s}.attempts WHERE code = $1 ORDER BY seq`,
              [code]
            )
          ).pipe(
            Effect.flatMap((r) =>
              Effect.try({
                try: () =>
                  decodeAttempts(
                    r.rows.map((row) => {
                      const a = row as Record<string, unknown>
                      return {
                        at: Number(a["at"]),
                        doorId: a["door_id"],
                        redemptionId: a["redemption_id"],
                        source: a["source"],
                        outcome: a["outcome"],
                        ...(a["use"] === null ? {} : { use: Number(a["use"]) })
                      }
                    })
                  ),
                catch: fail("history")
              })
            )
          )
      })
    })
  )
}
