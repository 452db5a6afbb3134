/**
 * The redemption ledger: issues codes and redeems each one exactly as often as allowed, under any
 * concurrency, with idempotent retries, revocation, expiry, a history of every attempt, rate limits
 * on guessing, and the upload of scans made by offline doors with double uses reported.
 *
 * It is an Effect service; `Ledger.layer(config)` needs a `LedgerStore` (memory, PostgreSQL, Redis).
 * Time comes from Effect's `Clock`, so tests drive it with `TestClock`.
 */
import { inputIssues } from "@microdrop/kit"
import { Clock, Context, Effect, Layer, Schema } from "effect"
import {
  CodeAlreadyIssued,
  CodeAlreadyRedeemed,
  CodeExpired,
  CodeNotFound,
  CodeRevoked,
  InvalidLedgerInput,
  type LedgerMethod,
  type LedgerUnavailable,
  RateLimited,
  type RedeemError
} from "./errors.ts"
import { describeValue, duration, optionsObject, refuse, wholeNumber } from "./internal/options.ts"
import { isStorableText } from "./internal/text.ts"
import { memoryStore } from "./LedgerMemory.ts"
import {
  type Attempt,
  type CodeStatus,
  IssueRequest,
  OfflineScan,
  type RedeemRequest,
  type Redemption,
  type SyncReport
} from "./LedgerSchemas.ts"
import { LedgerStore, type RedeemOutcome, type StoredCode } from "./LedgerStore.ts"

/**
 * How the ledger slows down guessing.
 *
 * @category models
 * @since 0.1.0
 */
export interface LedgerConfig {
  /** Unknown codes a door or client may try per window before `RateLimited` (default 10). */
  readonly maxFailures?: number | undefined
  /** Length of the rate-limit window in ms (default 60,000). */
  readonly windowMs?: number | undefined
}

/**
 * The ledger's operations.
 *
 * @category models
 * @since 0.1.0
 */
export interface LedgerApi {
  /** Issues a code with `maxUses` (default 1) and an optional expiry. Fails with `CodeAlreadyIssued` or `InvalidLedgerInput`. */
  readonly issue: (
    request: IssueRequest
  ) => Effect.Effect<CodeStatus, CodeAlreadyIssued | InvalidLedgerInput | LedgerUnavailable>
  /**
   * Redeems one use now. A retry with the same `redemptionId` returns the first result (`replayed: true`)
   * and takes no second use. Fails with `CodeNotFound`, `CodeAlreadyRedeemed`, `CodeExpired`,
   * `CodeRevoked`, `RateLimited` (after too many unknown codes from one client) or `InvalidLedgerInput`.
   */
  readonly redeem: (request: RedeemRequest) => Effect.Effect<Redemption, RedeemError>
  /** Revokes a code (later redemptions fail with `CodeRevoked`). Fails with `CodeNotFound`, or `InvalidLedgerInput` for a code that is not an id. */
  readonly revoke: (
    code: string
  ) => Effect.Effect<CodeStatus, CodeNotFound | InvalidLedgerInput | LedgerUnavailable>
  /** A code's uses, expiry and state. Fails with `CodeNotFound`, or `InvalidLedgerInput` for a code that is not an id. */
  readonly status: (
    code: string
  ) => Effect.Effect<CodeStatus, CodeNotFound | InvalidLedgerInput | LedgerUnavailable>
  /** Every attempt on a code (online and offline), in the order recorded. Fails with `InvalidLedgerInput` for a code that is not an id. */
  readonly history: (
    code: string
  ) => Effect.Effect<ReadonlyArray<Attempt>, InvalidLedgerInput | LedgerUnavailable>
  /**
   * Uploads the scans a door made offline (decoded with the `OfflineScan` schema). Each nonce counts
   * once; a code used more often than allowed is reported in `conflicts` with every use in door-time
   * order, and no scan is lost. Fails with `InvalidLedgerInput` (nothing applied) for a bad upload.
   */
  readonly sync: (
    doorId: string,
    scans: unknown
  ) => Effect.Effect<SyncReport, InvalidLedgerInput | LedgerUnavailable>
}

const decodeIssue = Schema.decodeUnknownResult(IssueRequest)
const decodeScans = Schema.decodeUnknownResult(Schema.Array(OfflineScan))

/** Why `value` is not an id (1-128 characters of text every store keeps exactly), or `undefined`. */
const idProblem = (value: unknown): string | undefined =>
  typeof value !== "string"
    ? `must be a string of 1 to 128 characters, got ${describeValue(value)}`
    : value.length === 0 || value.length > 128
      ? `must be a string of 1 to 128 characters, got ${value.length} characters`
      : isStorableText(value)
        ? undefined
        : "must be well-formed Unicode without U+0000 (no store can keep it exactly)"

/** `InvalidLedgerInput` for the first field of `fields` that is not an id. */
const checkIds = (
  operation: LedgerMethod,
  fields: ReadonlyArray<readonly [string, unknown]>
): InvalidLedgerInput | undefined => {
  for (const [field, value] of fields) {
    const problem = idProblem(value)
    if (problem !== undefined)
      return new InvalidLedgerInput({ operation, issues: [{ path: field, rule: problem }] })
  }
  return undefined
}

const checkRedeem = (request: RedeemRequest): InvalidLedgerInput | undefined => {
  if (typeof request !== "object" || request === null)
    return new InvalidLedgerInput({
      operation: "redeem",
      issues: [{ path: "", rule: `the request must be an object, got ${describeValue(request)}` }]
    })
  // The hot path of a door rush: the fields one by one, no list built per request.
  const { code, redemptionId, doorId, clientId } = request
  if (
    idProblem(code) === undefined &&
    idProblem(redemptionId) === undefined &&
    idProblem(doorId) === undefined
  )
    if (clientId === undefined || idProblem(clientId) === undefined) return undefined
  return checkIds("redeem", [
    ["code", code],
    ["redemptionId", redemptionId],
    ["doorId", doorId],
    ...(clientId === undefined ? [] : [["clientId", clientId] as const])
  ])
}

/** The code of `operation` checked as an id, then `f` with it. */
const withCode = <A, E>(
  operation: LedgerMethod,
  code: string,
  f: (code: string) => Effect.Effect<A, E>
): Effect.Effect<A, E | InvalidLedgerInput> => {
  const invalid = checkIds(operation, [["code", code]])
  return invalid === undefined ? f(code) : Effect.fail(invalid)
}

/**
 * `f` at the ledger clock (Effect's `Clock`) in ms, in one step; the clock is refused as a defect naming it when it is not a whole
 * number of ms a `Date` can hold: a broken clock must never judge expiry or rate limits.
 */
const atCurrentTime = <A, E>(f: (now: number) => Effect.Effect<A, E>): Effect.Effect<A, E> =>
  Effect.flatMap(Clock.currentTimeMillis, (now) =>
    Number.isSafeInteger(now) && now >= 0 && now <= 8_640_000_000_000_000
      ? f(now)
      : Effect.sync(() => refuse("Clock.currentTimeMillis", "must give whole ms since the epoch", now))
  )

/** The checked clock on its own (for the paths that do not chain straight into a store call). */
const currentTime: Effect.Effect<number> = atCurrentTime(Effect.succeed)

/** A stored code as the public status, its state judged at `now`. */
const toStatus = (c: StoredCode, now: number): CodeStatus => {
  const state =
    c.revokedAt !== undefined
      ? "revoked"
      : c.expiresAt !== undefined && now >= c.expiresAt
        ? "expired"
        : c.uses >= c.maxUses
          ? "used"
          : "active"
  return {
    code: c.code,
    maxUses: c.maxUses,
    uses: c.uses,
    remaining: state === "active" ? c.maxUses - c.uses : 0,
    ...(c.expiresAt === undefined ? {} : { expiresAt: c.expiresAt }),
    ...(c.revokedAt === undefined ? {} : { revokedAt: c.revokedAt }),
    state
  }
}

const onlineResult = (
  request: RedeemRequest,
  outcome: RedeemOutcome
): Effect.Effect<Redemption, RedeemError> => {
  switch (outcome._tag) {
    case "Redeemed":
      return Effect.succeed({
        code: request.code,
        redemptionId: request.redemptionId,
        use: outcome.use,
        remaining: Math.max(0, outcome.maxUses - outcome.use),
        at: outcome.at,
        replayed: outcome.replayed
      })
    case "NotFound":
      return Effect.fail(new CodeNotFound({ code: request.code }))
    case "Exhausted":
      return Effect.fail(
        new CodeAlreadyRedeemed({ code: request.code, maxUses: outcome.maxUses, lastUse: outcome.lastUse })
      )
    case "Duplicate":
    case "Conflict":
      return Effect.fail(
        new CodeAlreadyRedeemed({ code: request.code, maxUses: "maxUses" in outcome ? outcome.maxUses : 1 })
      )
    case "Expired":
      return Effect.fail(new CodeExpired({ code: request.code, expiresAt: outcome.expiresAt }))
    case "Revoked":
      return Effect.fail(new CodeRevoked({ code: request.code, revokedAt: outcome.revokedAt }))
    case "RateLimited":
      return Effect.fail(
        new RateLimited({ client: request.clientId ?? request.doorId, retryAfterMs: outcome.retryAfterMs })
      )
  }
}

/** The rate-limit settings, checked: `InvalidCodeOptions` names a bad one. */
const checkConfig = (config: LedgerConfig | undefined): { maxFailures: number; windowMs: number } => {
  const c = optionsObject(config, "config")
  const windowMs = duration(c.windowMs, "windowMs", "milliseconds", 60_000)
  if (windowMs < 1 || !Number.isSafeInteger(windowMs))
    refuse("windowMs", "must be a whole number of milliseconds ≥ 1", windowMs)
  return { maxFailures: wholeNumber(c.maxFailures, "maxFailures", 1, 1_000_000_000, "", 10), windowMs }
}

const make = (config: LedgerConfig) =>
  LedgerStore.useSync((store): LedgerApi => {
    const { maxFailures, windowMs } = checkConfig(config)

    const redeem = (request: RedeemRequest): Effect.Effect<Redemption, RedeemError> => {
      const invalid = checkRedeem(request)
      if (invalid !== undefined) return Effect.fail(invalid)
      return atCurrentTime((now) =>
        Effect.flatMap(
          store.redeem({
            code: request.code,
            redemptionId: request.redemptionId,
            doorId: request.doorId,
            client: request.clientId ?? request.doorId,
            at: now,
            now,
            source: "online",
            maxFailures,
            windowMs
          }),
          (outcome) => onlineResult(request, outcome)
        )
      )
    }

    const found = (code: string, record: StoredCode | undefined) =>
      record === undefined
        ? Effect.fail(new CodeNotFound({ code }))
        : Effect.map(currentTime, (now) => toStatus(record, now))

    const sync = (
      doorId: string,
      input: unknown
    ): Effect.Effect<SyncReport, InvalidLedgerInput | LedgerUnavailable> =>
      Effect.gen(function* () {
        const invalid = checkIds("sync", [["doorId", doorId]])
        if (invalid !== undefined) return yield* Effect.fail(invalid)
        const decoded = decodeScans(input, { errors: "all" })
        if (decoded._tag === "Failure") {
          // the paths start at the upload: `scans.1.at` is the time of the second scan
          const issues = inputIssues(decoded.failure).map((i) => ({
            path: i.path === "" ? "scans" : `scans.${i.path}`,
            rule: i.rule
          }))
          return yield* Effect.fail(new InvalidLedgerInput({ operation: "sync", issues }))
        }
        const scans = [...decoded.success].sort((a, b) => a.at - b.at)
        const now = yield* currentTime
        const accepted: string[] = []
        const duplicates: string[] = []
        const rejected: Array<SyncReport["rejected"][number]> = []
        const conflicted = new Map<string, number>()
        for (const scan of scans) {
          const outcome = yield* store.redeem({
            code: scan.code,
            redemptionId: scan.nonce,
            doorId,
            client: doorId,
            at: scan.at,
            now,
            source: "offline",
            maxFailures,
            windowMs
          })
          switch (outcome._tag) {
            case "Redeemed":
              if (outcome.replayed) duplicates.push(scan.nonce)
              else accepted.push(scan.nonce)
              break
            case "Duplicate":
              duplicates.push(scan.nonce)
              break
            case "Conflict":
              conflicted.set(scan.code, outcome.maxUses)
              break
            case "NotFound":
              rejected.push({ nonce: scan.nonce, code: scan.code, reason: "unknown" })
              break
            case "Expired":
              rejected.push({ nonce: scan.nonce, code: scan.code, reason: "expired" })
              break
            case "Revoked":
              rejected.push({ nonce: scan.nonce, code: scan.code, reason: "revoked" })
              break
            default:
              // Offline scans are not rate limited and never exhausted (they conflict instead).
              break
          }
        }
        const conflicts: Array<SyncReport["conflicts"][number]> = []
        for (const [code, maxUses] of conflicted) {
          const attempts = yield* store.history(code)
          const uses = attempts
            .filter((a) => a.outcome === "redeemed" || a.outcome === "conflict")
            .sort((a, b) => a.at - b.at || a.redemptionId.localeCompare(b.redemptionId))
          conflicts.push({ code, maxUses, uses })
        }
        return { accepted, duplicates, rejected, conflicts }
      })

    return {
      issue: (request) => {
        const decoded = decodeIssue(request)
        if (decoded._tag === "Failure") {
          return Effect.fail(
            new InvalidLedgerInput({ operation: "issue", issues: inputIssues(decoded.failure) })
          )
        }
        const r = decoded.success
        const record: StoredCode = { code: r.code, maxUses: r.maxUses ?? 1, uses: 0, expiresAt: r.expiresAt }
        return Effect.flatMap(store.issue(record), (created) =>
          created
            ? Effect.map(currentTime, (now) => toStatus(record, now))
            : Effect.fail(new CodeAlreadyIssued({ code: r.code }))
        )
      },
      redeem,
      revoke: (code) =>
        withCode("revoke", code, (c) =>
          Effect.flatMap(currentTime, (now) => Effect.flatMap(store.revoke(c, now), (r) => found(c, r)))
        ),
      status: (code) => withCode("status", code, (c) => Effect.flatMap(store.status(c), (r) => found(c, r))),
      history: (code) => withCode("history", code, (c) => store.history(c)),
      sync
    }
  })

/**
 * The redemption ledger service. Build it with `Ledger.layer(config)` over a store layer, or
 * `Ledger.memory(config)` for the in-memory store.
 *
 * @example
 * ```ts
 * import { Ledger } from "@microdrop/codes"
 * import { Effect } from "effect"
 * const program = Effect.gen(function* () {
 *   const ledger = yield* Ledger
 *   yield* ledger.issue({ code: "T0000042" })
 *   return yield* ledger.redeem({ code: "T0000042", redemptionId: "scan-1", doorId: "north" })
 * })
 * Effect.runPromise(program.pipe(Effect.provide(Ledger.memory())))  // => { use: 1, remaining: 0, … }
 * ```
 * @category services
 * @since 0.1.0
 */
export class Ledger extends Context.Service<Ledger, LedgerApi>()("@microdrop/codes/Ledger") {
  /**
   * The ledger over whatever `LedgerStore` is provided. Throws `InvalidCodeOptions` when `maxFailures`
   * (a whole number ≥ 1) or `windowMs` (whole milliseconds ≥ 1) is wrong.
   */
  static readonly layer = (config: LedgerConfig = {}): Layer.Layer<Ledger, never, LedgerStore> => {
    checkConfig(config)
    return Layer.effect(Ledger, make(config))
  }

  /** The ledger over a fresh in-memory store. */
  static readonly memory = (config: LedgerConfig = {}): Layer.Layer<Ledger> =>
    Ledger.layer(config).pipe(Layer.provide(memoryStore()))
}
