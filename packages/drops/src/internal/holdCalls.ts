/**
 * The calls on holds (hold, confirm, release) and availability: each runs one operation through
 * the backend (synchronously when the backend can and the drop is known), refuses a second call
 * with the same key while the first is in flight (`RequestInFlight`), and ends with `settle`.
 * This is the hot path of every store: the common case chains no effect before the store call.
 * Internal: not part of the public API.
 *
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"
import type { Drop } from "../Drop.ts"
import {
  type ConfirmError,
  type DomainError,
  type DropNotFound,
  type HoldError,
  type InvalidDropInput,
  type ReleaseError,
  RequestInFlight,
  type StoreUnavailable
} from "../errors.ts"
import { type Availability, type Hold, HoldAction, HoldRequest } from "../Hold.ts"
import { decodeInput } from "./decodeInput.ts"
import { fingerprint, type Op, type OpResult } from "./engine.ts"
import { compositeKey } from "./keys.ts"
import type { StoreParts } from "./storeParts.ts"
import { isValidHoldAction, isValidHoldRequest } from "./validRequest.ts"
import { freed, settle } from "./waitlist.ts"

const decodeHoldRequest = decodeInput(HoldRequest, "holdRequest")
const decodeHoldAction = decodeInput(HoldAction, "holdAction")

/** A call on a hold, as the service exposes it (`E`: the errors the engine can answer it with). */
type HoldCall<R, E> = (request: R) => Effect.Effect<Hold, E | InvalidDropInput | StoreUnavailable>

/** The hold calls and availability of one store instance. */
export interface HoldCalls {
  readonly hold: HoldCall<HoldRequest, HoldError>
  readonly confirm: HoldCall<HoldAction, ConfirmError>
  readonly release: HoldCall<HoldAction, ReleaseError>
  readonly availability: (dropId: string) => Effect.Effect<Availability, DropNotFound | StoreUnavailable>
}

/**
 * Makes the hold calls of one store instance.
 *
 * @param parts - the store's backend, drop cache and events
 * @returns hold, confirm, release and availability
 */
export const makeHoldCalls = (parts: StoreParts): HoldCalls => {
  const { backend, drops, events } = parts
  const inFlight = new Set<string>()

  const decide = (drop: Drop, op: Op, now: number): Effect.Effect<Hold, DomainError | StoreUnavailable> => {
    const exec = Effect.flatMap(backend.run(drop, [op], now), (out) => {
      const result = out.results[0] as OpResult
      const done = result.ok ? Effect.succeed(result.hold) : Effect.fail(result.error)
      return settle(parts, drop, now, op, out, done)
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

  const runAsync = (op: Op): Effect.Effect<Hold, DomainError | StoreUnavailable> => {
    const cached = drops.known(op.request.dropId)
    // a known drop and the clock read in place: no effects chained before the store call
    return cached === undefined
      ? Effect.flatMap(drops.get(op.request.dropId), (drop) =>
          Effect.clockWith((clock) => decide(drop, op, clock.currentTimeMillisUnsafe()))
        )
      : Effect.clockWith((clock) => decide(cached, op, clock.currentTimeMillisUnsafe()))
  }

  const runSync = backend.runSync
  const runOne = (op: Op): Effect.Effect<Hold, DomainError | StoreUnavailable> =>
    runSync === undefined
      ? runAsync(op)
      : Effect.clockWith((clock) => {
          const drop = drops.known(op.request.dropId)
          if (drop === undefined) return runAsync(op)
          const now = clock.currentTimeMillisUnsafe()
          const out = runSync(drop, op, now)
          const result = out.result
          const done = result.ok ? Effect.succeed(result.hold) : Effect.fail(result.error)
          // the common case (nobody listening, nothing freed) returns at once, availability unread
          if (!events.listening() && !freed(out.expired, result, op)) return done
          const batch = { results: [result], availability: out.availability(), expired: out.expired }
          return settle(parts, drop, now, op, batch, done)
        })

  /**
   * A hold, confirm or release: a request the fast guard accepts runs as it is; anything else goes
   * through its schema first, so a bad one fails with a `InvalidDropInput` naming the field.
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

  const availability = (dropId: string): Effect.Effect<Availability, DropNotFound | StoreUnavailable> =>
    Effect.flatMap(drops.get(dropId), (drop) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.flatMap(backend.run(drop, [], now), (out) => {
          const result: Availability = { dropId, at: now, items: out.availability }
          if (out.expired.length === 0) return Effect.succeed(result)
          // holds lapsed: their events and the waiting list first, which may change availability
          return settle(
            parts,
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

  return {
    hold: checked(isValidHoldRequest, decodeHoldRequest, (request) => ({
      _tag: "hold",
      request,
      fingerprint: fingerprint("hold", request)
    })) as HoldCalls["hold"],
    confirm: checked(isValidHoldAction, decodeHoldAction, (request) => ({
      _tag: "confirm",
      request,
      fingerprint: fingerprint("confirm", request)
    })) as HoldCalls["confirm"],
    release: checked(isValidHoldAction, decodeHoldAction, (request) => ({
      _tag: "release",
      request,
      fingerprint: fingerprint("release", request)
    })) as HoldCalls["release"],
    availability
  }
}
