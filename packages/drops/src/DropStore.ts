/**
 * The `DropStore` service: create a drop, hold stock, confirm or release holds, read availability
 * and follow live events. Every store (memory, PostgreSQL/PGlite, Redis) is a Layer of this one
 * service and passes the same conformance suite (`@microdrop/drops/testing`).
 *
 * A store is built from a small {@link DropBackend} that only knows how to run a batch of
 * operations atomically for one drop; {@link makeDropStore} adds what every store shares: reading
 * the time from Effect's `Clock`, fingerprints, in-flight detection and the event stream.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, PubSub, Schema, type Scope, Stream } from "effect"
import { Drop, Id } from "./Drop.ts"
import type { BatchOutcome, DropBackend, EventRelay } from "./DropBackend.ts"
import type { DropEvent } from "./DropEvent.ts"
import { type EntryLines, EntryRequest, type RaffleOutcome, type StoredEntry } from "./Entry.ts"
import {
  AlreadyEntered,
  type ConfirmError,
  type DomainError,
  DropAlreadyExists,
  DropNotFound,
  type HoldError,
  type InvalidDropInput,
  InvalidSeed,
  LimitExceeded,
  RaffleStillOpen,
  type ReleaseError,
  RequestInFlight,
  type StoreUnavailable,
  UnknownSku,
  type WindowNotOpen,
  WrongMode
} from "./errors.ts"
import { type Availability, type DropSnapshot, type Hold, HoldAction, HoldRequest } from "./Hold.ts"
import { requireArgument, withMethods } from "./internal/arguments.ts"
import { decodeInput } from "./internal/decodeInput.ts"
import { deriveEvents } from "./internal/deriveEvents.ts"
import { fingerprint, type Op, type OpResult } from "./internal/engine.ts"
import { compositeKey } from "./internal/keys.ts"
import { isId, isValidHoldAction, isValidHoldRequest } from "./internal/validRequest.ts"
import { commitSeed, drawRaffle as draw, entryFits, stockOf } from "./raffle.ts"
import { checkWindow, totalUnits } from "./rules.ts"

/**
 * The drop store service.
 *
 * @category services
 * @since 0.1.0
 */
export interface DropStoreShape {
  /** Which engine this is ("memory", "postgres", "redis"). */
  readonly name: string
  /**
   * Creates a drop. The drop is checked with the {@link Drop} schema first (`InvalidDropInput` naming the
   * field and the rule: a window that closes before it opens, a negative stock …). Creating an
   * identical drop again succeeds (retries are safe, and so is every app instance creating the
   * same drop at start-up, whatever the order of its fields).
   */
  readonly createDrop: (
    drop: Drop
  ) => Effect.Effect<Drop, DropAlreadyExists | InvalidDropInput | StoreUnavailable>
  /** Reads a drop. */
  readonly getDrop: (
    dropId: string
  ) => Effect.Effect<Drop, DropNotFound | InvalidDropInput | StoreUnavailable>
  /**
   * Reserves stock for `holdMs`; the request's idempotency key makes retries safe. A request that
   * breaks the {@link HoldRequest} schema (a quantity below 1, an empty id …) fails with a
   * `InvalidDropInput` naming the field and changes nothing.
   */
  readonly hold: (
    request: HoldRequest
  ) => Effect.Effect<Hold, HoldError | InvalidDropInput | StoreUnavailable>
  /** Turns a hold into a claim (call after payment succeeds); checked with {@link HoldAction} first. */
  readonly confirm: (
    request: HoldAction
  ) => Effect.Effect<Hold, ConfirmError | InvalidDropInput | StoreUnavailable>
  /** Gives a hold's stock back (the customer left, payment failed); checked with {@link HoldAction} first. */
  readonly release: (
    request: HoldAction
  ) => Effect.Effect<Hold, ReleaseError | InvalidDropInput | StoreUnavailable>
  /** Availability now (lapsed holds count as free). */
  readonly availability: (
    dropId: string
  ) => Effect.Effect<Availability, DropNotFound | InvalidDropInput | StoreUnavailable>
  /** All holds and keys of a drop, for audits and invariant checks. */
  readonly snapshot: (
    dropId: string
  ) => Effect.Effect<DropSnapshot, DropNotFound | InvalidDropInput | StoreUnavailable>
  /**
   * Subscribes to a drop's live events. The subscription exists once this effect has run, so no
   * event published afterwards is missed by this instance; it ends with the scope. Events are those
   * of operations made through this store instance, plus window openings and closings on the
   * clock, plus (with an {@link EventRelay}: a Redis subscriber or PostgreSQL listener connection)
   * those of the other instances on the same store: sent if and only if their batch committed, in
   * commit order, delivered at most once (pub/sub and `LISTEN` do not queue for a disconnected
   * listener), so a page should re-read availability when it reconnects.
   */
  readonly subscribe: (
    dropId: string
  ) => Effect.Effect<
    Stream.Stream<DropEvent>,
    DropNotFound | InvalidDropInput | StoreUnavailable,
    Scope.Scope
  >
  /**
   * Enters a raffle drop during its window: one entry per customer, for a group of lines (units
   * per SKU) won together or not at all. The request is checked with the {@link EntryRequest}
   * schema (`InvalidDropInput` naming the field: empty `lines`, a SKU named twice, a bad quantity), its
   * SKUs against the drop (`UnknownSku`) and its total units against `perOrder` and
   * `perCustomer` (`LimitExceeded`).
   */
  readonly enterRaffle: (
    request: EntryRequest
  ) => Effect.Effect<
    StoredEntry,
    | DropNotFound
    | WrongMode
    | WindowNotOpen
    | LimitExceeded
    | UnknownSku
    | InvalidDropInput
    | AlreadyEntered
    | StoreUnavailable
  >
  /**
   * Draws a raffle after its windows closed, with the revealed seed, from each item's initial
   * stock (`stockOf(drop.items)`): in rank order an entry wins if every one of its lines fits in
   * what is left of its SKU. Each winner gets one hold with all its lines (in rank order), everyone
   * else joins the waiting list in rank order. Drawing again returns the same outcome.
   */
  readonly drawRaffle: (request: {
    readonly dropId: string
    readonly seed: string
  }) => Effect.Effect<
    RaffleOutcome,
    DropNotFound | WrongMode | InvalidSeed | RaffleStillOpen | InvalidDropInput | StoreUnavailable
  >
  /**
   * Joins the waiting list: one entry per customer, for a group of lines (units per SKU), checked
   * like a raffle entry (`InvalidDropInput`, `UnknownSku`, `LimitExceeded`). The rule: whenever units
   * are released or lapse, the list is walked in order and each entry whose lines ALL fit in what
   * is free now is offered one hold with all its lines; an entry that does not fit is skipped and
   * keeps its place (so an entry for SKU B is served when B frees even if SKU A is sold out). The
   * walk stops early only when no SKU has units left. When it is offered, the hold also counts what
   * the customer already holds or owns against `perCustomer`; an entry that would break it is
   * skipped the same way. Joining a first-come-first-served drop's list also offers units that are
   * free right then (in list order, so earlier entries go first); a raffle's list is served by its
   * draw and by releases only.
   */
  readonly joinWaitingList: (
    request: EntryRequest
  ) => Effect.Effect<
    StoredEntry,
    DropNotFound | LimitExceeded | UnknownSku | InvalidDropInput | AlreadyEntered | StoreUnavailable
  >
  /** The waiting list, in order. */
  readonly waitingList: (
    dropId: string
  ) => Effect.Effect<ReadonlyArray<StoredEntry>, DropNotFound | InvalidDropInput | StoreUnavailable>
  /**
   * Offers free units to the waiting list now (also done automatically after every release or
   * expiry this instance sees). Returns the holds given.
   */
  readonly promoteWaitingList: (
    dropId: string
  ) => Effect.Effect<ReadonlyArray<Hold>, DropNotFound | InvalidDropInput | StoreUnavailable>
}

/**
 * The drop store service tag.
 *
 * @category services
 * @since 0.1.0
 */
export class DropStore extends Context.Service<DropStore, DropStoreShape>()("@microdrop/drops/DropStore") {}

const decodeEntryRequest = decodeInput(EntryRequest, "entryRequest")
const decodeDrop = decodeInput(Drop, "drop")
const decodeHoldRequest = decodeInput(HoldRequest, "holdRequest")
const decodeHoldAction = decodeInput(HoldAction, "holdAction")
const decodeDropRef = decodeInput(Schema.Struct({ dropId: Id }), "dropId")
const decodeDraw = decodeInput(Schema.Struct({ dropId: Id, seed: Schema.String }), "draw")

/**
 * Runs `f` with a drop id the caller passed, after checking it is an `Id` (a plain check first;
 * the schema names the rule when it fails).
 */
const withDropId = <A, E, R>(
  dropId: unknown,
  f: (dropId: string) => Effect.Effect<A, E, R>
): Effect.Effect<A, E | InvalidDropInput, R> =>
  isId(dropId) ? f(dropId as string) : Effect.flatMap(decodeDropRef({ dropId }), (ref) => f(ref.dropId))

/** Freezes a decoded drop and everything in it: the store reads its rules from this object. */
const freezeDrop = (drop: Drop): Drop => {
  for (const item of drop.items) Object.freeze(item)
  for (const w of drop.windows) {
    if (w.passes !== undefined) Object.freeze(w.passes)
    Object.freeze(w)
  }
  Object.freeze(drop.items)
  Object.freeze(drop.windows)
  Object.freeze(drop.limits)
  return Object.freeze(drop)
}

/** Both drops come out of the `Drop` schema, so their fields are in the schema's order. */
const sameDrop = (a: Drop, b: Drop): boolean => JSON.stringify(a) === JSON.stringify(b)

const windowEvents = (drop: Drop): Stream.Stream<DropEvent> =>
  Stream.unwrap(
    Effect.map(Clock.currentTimeMillis, (start) => {
      const boundaries = drop.windows
        .flatMap((w) => [
          {
            at: w.opensAt,
            event: { _tag: "WindowOpened", dropId: drop.id, at: w.opensAt, window: w.name } as const
          },
          {
            at: w.closesAt,
            event: { _tag: "WindowClosed", dropId: drop.id, at: w.closesAt, window: w.name } as const
          }
        ])
        .filter((b) => b.at > start)
        .sort((a, b) => a.at - b.at)
      return Stream.fromIterable(boundaries).pipe(
        Stream.mapEffect((b) =>
          Effect.flatMap(Clock.currentTimeMillis, (now) =>
            Effect.as(Effect.sleep(Math.max(0, b.at - now)), b.event as DropEvent)
          )
        )
      )
    })
  )

/**
 * Builds a {@link DropStoreShape} from a backend.
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeDropStore = (backend: DropBackend): Effect.Effect<DropStoreShape> => {
  requireArgument("makeDropStore", "backend", backendKind, backend)
  return Effect.map(build(backend), (built) => built.store)
}

const backendKind = withMethods("a DropBackend", [
  "newId",
  "insertDrop",
  "loadDrop",
  "run",
  "snapshot",
  "addEntry",
  "listEntries",
  "removeEntry"
])

/**
 * Builds a {@link DropStoreShape} whose subscribers also hear the other app instances' events
 * through `relay` (this instance's own are sent by its backend, inside each commit); the relay
 * listens until the scope closes. Without a relay (`undefined`) it is {@link makeDropStore}.
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeRelayedDropStore = (
  backend: DropBackend,
  relay: EventRelay | undefined
): Effect.Effect<DropStoreShape, StoreUnavailable, Scope.Scope> => {
  requireArgument("makeRelayedDropStore", "backend", backendKind, backend)
  if (relay !== undefined)
    requireArgument("makeRelayedDropStore", "relay", withMethods("an EventRelay", ["listen"]), relay)
  return Effect.gen(function* () {
    const built = yield* build(backend)
    if (relay !== undefined) yield* relay.listen(built.known, built.deliver)
    return built.store
  })
}

const build = (
  backend: DropBackend
): Effect.Effect<{
  readonly store: DropStoreShape
  readonly known: (dropId: string) => Drop | undefined
  readonly deliver: (events: ReadonlyArray<DropEvent>) => void
}> =>
  Effect.gen(function* () {
    const hub = yield* PubSub.unbounded<DropEvent>()
    // events are derived only while someone in this instance listens (other instances get theirs
    // from the backend's commit)
    let listeners = 0
    const deliver = (events: ReadonlyArray<DropEvent>): void => {
      if (listeners > 0) for (const e of events) PubSub.publishUnsafe(hub, e)
    }
    const drops = new Map<string, Drop>()
    const known = (dropId: string): Drop | undefined => drops.get(dropId)
    const inFlight = new Set<string>()

    const getDrop = (dropId: string): Effect.Effect<Drop, DropNotFound | StoreUnavailable> => {
      const cached = drops.get(dropId)
      if (cached !== undefined) return Effect.succeed(cached)
      return Effect.flatMap(backend.loadDrop(dropId), (drop) => {
        if (drop === undefined) return Effect.fail(new DropNotFound({ dropId }))
        drops.set(dropId, freezeDrop(drop))
        return Effect.succeed(drop)
      })
    }

    /** Hands this instance's subscribers the events of one committed call (see deriveEvents). */
    const publish = (
      drop: Drop,
      now: number,
      ops: ReadonlyArray<Op>,
      out: BatchOutcome
    ): Effect.Effect<void> => {
      const events = deriveEvents(drop.id, now, ops, out)
      return events.length === 0 ? Effect.void : PubSub.publishAll(hub, events)
    }

    /** Did a call give units back (holds that lapsed, or a fresh release)? The one test of "freed". */
    const freed = (expired: ReadonlyArray<Hold>, result: OpResult | undefined, op: Op | undefined): boolean =>
      expired.length > 0 ||
      (op?._tag === "release" &&
        result !== undefined &&
        result.ok &&
        !result.replayed &&
        result.hold.status === "released")

    /** A hold the store offers itself: a raffle win, or (`promoted`) a waiting-list offer. */
    const awardOp = (
      drop: Drop,
      customerId: string,
      lines: EntryLines,
      key: string,
      promoted: boolean
    ): Op => {
      const request: HoldRequest = { dropId: drop.id, customerId, lines, idempotencyKey: key }
      return { _tag: "hold", request, fingerprint: fingerprint("hold", request), award: true, promoted }
    }

    /**
     * Offers free units to the waiting list in order, with the group rule per SKU: an entry whose
     * lines all fit is offered one hold with all of them; one that does not fit is skipped and keeps
     * its place. Stops early only when no SKU has units left.
     */
    const promote = (drop: Drop, now: number): Effect.Effect<Array<Hold>, StoreUnavailable> =>
      Effect.gen(function* () {
        const given: Array<Hold> = []
        const waiting = yield* backend.listEntries(drop, "waiting")
        // units free per SKU after the last batch (unknown before the first: the store decides)
        let left: Record<string, number> | undefined
        for (const entry of waiting) {
          if (left !== undefined) {
            if (!Object.values(left).some((n) => n > 0)) break
            if (!entryFits(entry, left)) continue
          }
          const op = awardOp(drop, entry.customerId, entry.lines, `waitlist:${entry.token}`, true)
          const out = yield* backend.run(drop, [op], now)
          const result = out.results[0] as OpResult
          if (result.ok) {
            yield* backend.removeEntry(drop, "waiting", entry.customerId)
            // a replay: another instance (or an earlier call) already offered this entry its hold
            if (!result.replayed) given.push(result.hold)
            if (listeners > 0) yield* publish(drop, now, [op], out)
          }
          left = Object.fromEntries(out.availability.map((item) => [item.sku, item.available]))
        }
        return given
      })

    /**
     * The tail of every call that committed: publish its events (when someone listens), then, if
     * it freed units, offer them to the waiting list (without failing the call that freed them),
     * then return `answer`.
     */
    const settle = <A, E>(
      drop: Drop,
      now: number,
      op: Op | undefined,
      out: BatchOutcome,
      answer: Effect.Effect<A, E>
    ): Effect.Effect<A, E> => {
      const wasFreed = freed(out.expired, out.results[0], op)
      if (listeners === 0 && !wasFreed) return answer
      const published = listeners === 0 ? Effect.void : publish(drop, now, op === undefined ? [] : [op], out)
      return Effect.andThen(
        wasFreed ? Effect.andThen(published, Effect.ignore(promote(drop, now))) : published,
        answer
      )
    }

    const runSync = backend.runSync
    const runOne = (op: Op): Effect.Effect<Hold, DomainError | StoreUnavailable> =>
      runSync === undefined
        ? runAsync(op)
        : Effect.clockWith((clock) => {
            const drop = drops.get(op.request.dropId)
            if (drop === undefined) return runAsync(op)
            const now = clock.currentTimeMillisUnsafe()
            const out = runSync(drop, op, now)
            const result = out.result
            const done = result.ok ? Effect.succeed(result.hold) : Effect.fail(result.error)
            // the common case (nobody listening, nothing freed) returns at once, availability unread
            if (listeners === 0 && !freed(out.expired, result, op)) return done
            const batch = { results: [result], availability: out.availability(), expired: out.expired }
            return settle(drop, now, op, batch, done)
          })

    const runAsync = (op: Op): Effect.Effect<Hold, DomainError | StoreUnavailable> => {
      const cached = drops.get(op.request.dropId)
      // a known drop and the clock read in place: no effects chained before the store call
      return cached === undefined
        ? Effect.flatMap(getDrop(op.request.dropId), (drop) =>
            Effect.clockWith((clock) => decide(drop, op, clock.currentTimeMillisUnsafe()))
          )
        : Effect.clockWith((clock) => decide(cached, op, clock.currentTimeMillisUnsafe()))
    }

    const decide = (drop: Drop, op: Op, now: number): Effect.Effect<Hold, DomainError | StoreUnavailable> => {
      const exec = Effect.flatMap(backend.run(drop, [op], now), (out) => {
        const result = out.results[0] as OpResult
        const done = result.ok ? Effect.succeed(result.hold) : Effect.fail(result.error)
        return settle(drop, now, op, out, done)
      })
      if (backend.synchronous) return exec
      const key = op.request.idempotencyKey
      const slot = compositeKey(drop.id, key)
      if (inFlight.has(slot)) return Effect.fail(new RequestInFlight({ key }))
      inFlight.add(slot)
      return Effect.ensuring(
        exec,
        Effect.sync(() => inFlight.delete(slot))
      )
    }

    /**
     * A hold, confirm or release: a request the fast guard accepts runs as it is; anything else
     * goes through its schema first, so a bad one fails with a `InvalidDropInput` naming the field.
     */
    const checked =
      <R extends HoldRequest | HoldAction>(
        isValid: (request: unknown) => boolean,
        decode: (request: unknown) => Effect.Effect<R, InvalidDropInput>,
        toOp: (request: R) => Op
      ) =>
      (request: R): Effect.Effect<Hold, DomainError | InvalidDropInput | StoreUnavailable> =>
        isValid(request)
          ? runOne(toOp(request))
          : Effect.flatMap(decode(request), (valid) => runOne(toOp(valid)))

    const newToken = (): string => `entry-${backend.newId()}`

    /**
     * Checks an entry request before anything uses it: the schema (non-empty lines, each SKU once,
     * whole quantities), then its drop, the SKUs the drop sells, and its total units against the
     * limits (the same meaning as for a hold: `perOrder` = units in one order, `perCustomer` =
     * units one customer may own).
     */
    const checkEntry = (
      request: EntryRequest
    ): Effect.Effect<
      { readonly drop: Drop; readonly valid: EntryRequest },
      InvalidDropInput | DropNotFound | StoreUnavailable | UnknownSku | LimitExceeded
    > =>
      Effect.gen(function* () {
        const valid = yield* decodeEntryRequest(request)
        const drop = yield* getDrop(valid.dropId)
        for (const line of valid.lines)
          if (!drop.items.some((item) => item.sku === line.sku))
            return yield* new UnknownSku({ dropId: drop.id, sku: line.sku })
        yield* checkEntryLimits(drop, totalUnits(valid.lines))
        return { drop, valid }
      })

    const checkEntryLimits = (drop: Drop, quantity: number): Effect.Effect<void, LimitExceeded> => {
      const { perOrder, perCustomer } = drop.limits
      if (perOrder !== undefined && quantity > perOrder)
        return Effect.fail(
          new LimitExceeded({
            dropId: drop.id,
            limit: "perOrder",
            max: perOrder,
            requested: quantity,
            already: 0
          })
        )
      if (perCustomer !== undefined && quantity > perCustomer)
        return Effect.fail(
          new LimitExceeded({
            dropId: drop.id,
            limit: "perCustomer",
            max: perCustomer,
            requested: quantity,
            already: 0
          })
        )
      return Effect.void
    }

    const availability = (dropId: string) =>
      Effect.flatMap(getDrop(dropId), (drop) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Effect.flatMap(backend.run(drop, [], now), (out) => {
            const result: Availability = { dropId, at: now, items: out.availability }
            if (out.expired.length === 0) return Effect.succeed(result)
            // holds lapsed: their events and the waiting list first, which may change availability
            return settle(
              drop,
              now,
              undefined,
              out,
              Effect.map(
                backend.run(drop, [], now),
                (again): Availability => ({ ...result, items: again.availability })
              )
            )
          })
        )
      )

    const store: DropStoreShape = {
      name: backend.name,
      createDrop: (input) =>
        Effect.flatMap(Effect.map(decodeDrop(input), freezeDrop), (drop) =>
          Effect.flatMap(backend.insertDrop(drop), (inserted) =>
            inserted
              ? Effect.sync(() => {
                  drops.set(drop.id, drop)
                  return drop
                })
              : Effect.flatMap(
                  Effect.catchTag(getDrop(drop.id), "DropNotFound", () => Effect.succeed(drop)),
                  (existing) =>
                    sameDrop(existing, drop)
                      ? Effect.succeed(existing)
                      : Effect.fail(new DropAlreadyExists({ dropId: drop.id }))
                )
          )
        ),
      getDrop: (dropId) => withDropId(dropId, getDrop),
      hold: checked(isValidHoldRequest, decodeHoldRequest, (request) => ({
        _tag: "hold",
        request,
        fingerprint: fingerprint("hold", request)
      })) as DropStoreShape["hold"],
      confirm: checked(isValidHoldAction, decodeHoldAction, (request) => ({
        _tag: "confirm",
        request,
        fingerprint: fingerprint("confirm", request)
      })) as DropStoreShape["confirm"],
      release: checked(isValidHoldAction, decodeHoldAction, (request) => ({
        _tag: "release",
        request,
        fingerprint: fingerprint("release", request)
      })) as DropStoreShape["release"],
      availability: (dropId) => withDropId(dropId, availability),
      snapshot: (dropId) =>
        withDropId(dropId, (id) =>
          Effect.flatMap(getDrop(id), (drop) =>
            Effect.flatMap(Clock.currentTimeMillis, (now) => backend.snapshot(drop, now))
          )
        ),
      enterRaffle: (request) =>
        Effect.gen(function* () {
          const { drop, valid } = yield* checkEntry(request)
          if (drop.mode !== "raffle")
            return yield* new WrongMode({ dropId: drop.id, mode: drop.mode, operation: "raffle entries" })
          const now = yield* Clock.currentTimeMillis
          const closed = checkWindow(drop, valid.passes ?? [], now)
          if (closed !== undefined) return yield* closed
          const entry: StoredEntry = {
            customerId: valid.customerId,
            lines: valid.lines,
            token: newToken()
          }
          if (!(yield* backend.addEntry(drop, "raffle", entry)))
            return yield* new AlreadyEntered({
              dropId: drop.id,
              customerId: valid.customerId,
              list: "raffle"
            })
          return entry
        }),
      drawRaffle: (request) =>
        Effect.gen(function* () {
          const { dropId, seed } = yield* decodeDraw(request)
          const drop = yield* getDrop(dropId)
          if (drop.mode !== "raffle" || drop.commitment === undefined)
            return yield* new WrongMode({ dropId, mode: drop.mode, operation: "a raffle draw" })
          if (commitSeed(seed) !== drop.commitment) return yield* new InvalidSeed({ dropId })
          const now = yield* Clock.currentTimeMillis
          const closesAt = Math.max(...drop.windows.map((w) => w.closesAt))
          if (now < closesAt) return yield* new RaffleStillOpen({ dropId, closesAt })
          const stored = yield* backend.listEntries(drop, "raffle")
          const entries = stored.map((e) => ({ customerId: e.customerId, lines: e.lines }))
          const tokens = new Map(stored.map((e) => [e.customerId, e.token]))
          const outcome = draw(seed, entries, stockOf(drop.items))
          const holds: Array<Hold> = []
          for (const w of outcome.winners) {
            const op = awardOp(drop, w.customerId, w.lines, `raffle:${tokens.get(w.customerId)}`, false)
            const out = yield* backend.run(drop, [op], now)
            const result = out.results[0] as OpResult
            if (result.ok) {
              holds.push(result.hold)
              if (listeners > 0) yield* publish(drop, now, [op], out)
            }
          }
          // Drawing again must not put back an entry that was already offered its hold (and left
          // the list): those are the entries whose waiting-list hold key exists.
          const offered = new Set(
            (yield* backend.snapshot(drop, now)).holdKeys
              .filter((k) => k.key.startsWith("waitlist:"))
              .map((k) => k.key)
          )
          for (const w of outcome.waitingList) {
            const token = tokens.get(w.customerId) ?? newToken()
            if (offered.has(`waitlist:${token}`)) continue
            yield* backend.addEntry(drop, "waiting", { customerId: w.customerId, lines: w.lines, token })
          }
          return {
            dropId,
            seed,
            entries,
            winners: outcome.winners,
            holds,
            waitingList: outcome.waitingList
          } satisfies RaffleOutcome
        }),
      joinWaitingList: (request) =>
        Effect.gen(function* () {
          const { drop, valid } = yield* checkEntry(request)
          const entry: StoredEntry = {
            customerId: valid.customerId,
            lines: valid.lines,
            token: newToken()
          }
          if (!(yield* backend.addEntry(drop, "waiting", entry)))
            return yield* new AlreadyEntered({
              dropId: drop.id,
              customerId: valid.customerId,
              list: "waiting"
            })
          // Units may have come back between the sell-out the customer saw and the join: offer
          // them now, in list order (earlier entries first). Not for a raffle: its stock is the
          // draw's to give. A failure here leaves the entry waiting for the next release.
          if (drop.mode === "fcfs") yield* Effect.ignore(promote(drop, yield* Clock.currentTimeMillis))
          return entry
        }),
      waitingList: (dropId) =>
        withDropId(dropId, (id) =>
          Effect.flatMap(getDrop(id), (drop) => backend.listEntries(drop, "waiting"))
        ),
      promoteWaitingList: (dropId) =>
        withDropId(dropId, (id) =>
          Effect.flatMap(getDrop(id), (drop) =>
            Effect.flatMap(Clock.currentTimeMillis, (now) => promote(drop, now))
          )
        ),
      subscribe: (dropId) =>
        Effect.gen(function* () {
          const drop = yield* withDropId(dropId, getDrop)
          const subscription = yield* PubSub.subscribe(hub)
          listeners++
          yield* Effect.addFinalizer(() => Effect.sync(() => listeners--))
          return Stream.merge(
            Stream.fromSubscription(subscription).pipe(Stream.filter((e) => e.dropId === dropId)),
            windowEvents(drop)
          )
        })
    }
    return { store, known, deliver }
  })
