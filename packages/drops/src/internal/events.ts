/**
 * The live events of one store instance: a hub its subscribers read, fed by this instance's own
 * calls (derived only while someone listens) and by the other instances' (through the store's
 * relay), merged with the drop's window openings and closings on the clock. Internal: not part of
 * the public API.
 *
 * @since 0.1.0
 */
import { Clock, Effect, PubSub, type Scope, Stream } from "effect"
import type { Drop } from "../Drop.ts"
import type { BatchOutcome } from "../DropBackend.ts"
import type { DropEvent } from "../DropEvent.ts"
import { deriveEvents } from "./deriveEvents.ts"
import type { Op } from "./engine.ts"

/** The event hub of one store instance. */
export interface LocalEvents {
  /** Does anyone in this instance listen? (Events are derived only then.) */
  readonly listening: () => boolean
  /** Hands this instance's subscribers the events of one committed call (see deriveEvents). */
  readonly publish: (
    drop: Drop,
    now: number,
    ops: ReadonlyArray<Op>,
    out: BatchOutcome
  ) => Effect.Effect<void>
  /** Hands this instance's subscribers events another instance published. */
  readonly deliver: (events: ReadonlyArray<DropEvent>) => void
  /** Subscribes to one drop's events until the scope closes (the subscription exists once this ran). */
  readonly subscribe: (drop: Drop) => Effect.Effect<Stream.Stream<DropEvent>, never, Scope.Scope>
}

/** The drop's window openings and closings still to come, each at its time on the clock. */
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
 * Makes the event hub of one store instance.
 *
 * @returns the hub (an unbounded `PubSub` under it)
 */
export const makeLocalEvents: Effect.Effect<LocalEvents> = Effect.map(
  PubSub.unbounded<DropEvent>(),
  (hub) => {
    let listeners = 0
    return {
      listening: () => listeners > 0,
      publish: (drop, now, ops, out) => {
        const events = deriveEvents(drop.id, now, ops, out)
        return events.length === 0 ? Effect.void : PubSub.publishAll(hub, events)
      },
      deliver: (events) => {
        if (listeners > 0) for (const e of events) PubSub.publishUnsafe(hub, e)
      },
      subscribe: (drop) =>
        Effect.gen(function* () {
          const subscription = yield* PubSub.subscribe(hub)
          listeners++
          yield* Effect.addFinalizer(() => Effect.sync(() => listeners--))
          return Stream.merge(
            Stream.fromSubscription(subscription).pipe(Stream.filter((e) => e.dropId === drop.id)),
            windowEvents(drop)
          )
        })
    }
  }
)
