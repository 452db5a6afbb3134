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
import { Clock, Context, Effect, Schema, type Scope, type Stream } from "effect"
import { type Drop, Id } from "./Drop.ts"
import type { DropBackend, EventRelay } from "./DropBackend.ts"
import type { DropEvent } from "./DropEvent.ts"
import type { EntryRequest, RaffleOutcome, StoredEntry } from "./Entry.ts"
import type {
  AlreadyEntered,
  ConfirmError,
  DropAlreadyExists,
  DropNotFound,
  HoldError,
  InvalidDropInput,
  InvalidSeed,
  LimitExceeded,
  RaffleStillOpen,
  ReleaseError,
  StoreUnavailable,
  UnknownSku,
  WindowNotOpen,
  WrongMode
} from "./errors.ts"
import type { Availability, DropSnapshot, Hold, HoldAction, HoldRequest } from "./Hold.ts"
import { requireArgument, withMethods } from "./internal/arguments.ts"
import { decodeInput } from "./internal/decodeInput.ts"
import { makeDropCache } from "./internal/dropCache.ts"
import { makeLocalEvents } from "./internal/events.ts"
import { makeHoldCalls } from "./internal/holdCalls.ts"
import { drawRaffle, enterRaffle } from "./internal/raffles.ts"
import type { StoreParts } from "./internal/storeParts.ts"
import { isId } from "./internal/validRequest.ts"
import { joinWaitingList, promote } from "./internal/waitlist.ts"

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

const decodeDropRef = decodeInput(Schema.Struct({ dropId: Id }), "dropId")

/**
 * Runs `f` with a drop id the caller passed, after checking it is an `Id` (a plain check first;
 * the schema names the rule when it fails).
 */
const withDropId = <A, E, R>(
  dropId: unknown,
  f: (dropId: string) => Effect.Effect<A, E, R>
): Effect.Effect<A, E | InvalidDropInput, R> =>
  isId(dropId) ? f(dropId as string) : Effect.flatMap(decodeDropRef({ dropId }), (ref) => f(ref.dropId))

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

/**
 * Wires a store from its pieces: the drop cache (internal/dropCache.ts), the event hub
 * (internal/events.ts), the hold calls (internal/holdCalls.ts), raffles (internal/raffles.ts) and
 * the waiting list (internal/waitlist.ts).
 */
const build = (
  backend: DropBackend
): Effect.Effect<{
  readonly store: DropStoreShape
  readonly known: (dropId: string) => Drop | undefined
  readonly deliver: (events: ReadonlyArray<DropEvent>) => void
}> =>
  Effect.map(makeLocalEvents, (events) => {
    const drops = makeDropCache(backend)
    const parts: StoreParts = { backend, drops, events }
    const calls = makeHoldCalls(parts)
    const store: DropStoreShape = {
      name: backend.name,
      createDrop: drops.create,
      getDrop: (dropId) => withDropId(dropId, drops.get),
      hold: calls.hold,
      confirm: calls.confirm,
      release: calls.release,
      availability: (dropId) => withDropId(dropId, calls.availability),
      snapshot: (dropId) =>
        withDropId(dropId, (id) =>
          Effect.flatMap(drops.get(id), (drop) =>
            Effect.flatMap(Clock.currentTimeMillis, (now) => backend.snapshot(drop, now))
          )
        ),
      enterRaffle: (request) => enterRaffle(parts, request),
      drawRaffle: (request) => drawRaffle(parts, request),
      joinWaitingList: (request) => joinWaitingList(parts, request),
      waitingList: (dropId) =>
        withDropId(dropId, (id) =>
          Effect.flatMap(drops.get(id), (drop) => backend.listEntries(drop, "waiting"))
        ),
      promoteWaitingList: (dropId) =>
        withDropId(dropId, (id) =>
          Effect.flatMap(drops.get(id), (drop) =>
            Effect.flatMap(Clock.currentTimeMillis, (now) => promote(parts, drop, now))
          )
        ),
      subscribe: (dropId) => Effect.flatMap(withDropId(dropId, drops.get), events.subscribe)
    }
    return { store, known: drops.known, deliver: events.deliver }
  })
