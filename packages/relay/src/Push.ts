/**
 * WHIP push onward: send a room's track to any standard WHIP server (another relay, MediaMTX, a CDN's
 * WHIP ingest) as a WHIP client, reconnecting when the session ends.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import type { MediaStreamTrack, RTCRtpSender } from "werift"
import { type InvalidRelayConfig, PushUnavailable } from "./errors.ts"
import { closePeer } from "./internal/farewell.ts"
import { makePeer, type PeerOptions } from "./internal/peer.ts"
import { negotiate, sessionTargetFields, untilClosed } from "./internal/sessionClient.ts"
import { DURATION_MS, firstTimeProblem } from "./internal/time.ts"

/**
 * A track this relay pushes onward by WHIP: the local `room` and `track`, the WHIP endpoint `url` to
 * publish to (e.g. "https://cdn.example.org/whip/abc") and the bearer `token` the WHIP server expects.
 *
 * @category schemas
 * @since 0.1.0
 */
export const PushSpec = Schema.Struct(sessionTargetFields)

/**
 * A track this relay pushes onward (see {@link PushSpec}).
 *
 * @category models
 * @since 0.1.0
 */
export type PushSpec = typeof PushSpec.Type

/** What the relay gives a pusher: the track's hub and a way to join its listeners. */
export interface SinkSlot {
  /** The local hub track to send. */
  readonly hub: MediaStreamTrack
  /** Adds the sender to the track's legs (so source changes keep it continuous); returns the undo. */
  readonly attach: (id: string, sender: RTCRtpSender, pc: ReturnType<typeof makePeer>) => () => void
}

let pushes = 0

/**
 * One WHIP push session: offers the track, publishes until the session ends, then cleans up.
 *
 * @param spec - Where to push.
 * @param options - ICE options (as the relay's own).
 * @param slot - The local track.
 * @returns Completes when the session ends; fails with `PushUnavailable`.
 * @category constructors
 * @since 0.1.0
 */
export const pushOnce = (spec: PushSpec, options: PeerOptions, slot: SinkSlot) =>
  Effect.scoped(
    Effect.gen(function* () {
      const pc = makePeer(options)
      yield* Effect.addFinalizer(() => Effect.promise(() => closePeer(pc)))
      const transceiver = pc.addTransceiver(slot.hub, { direction: "sendonly" })
      yield* negotiate(pc, spec, options, (failure) => new PushUnavailable({ url: spec.url, ...failure }))
      const detach = slot.attach(`push-${++pushes}`, transceiver.sender, pc)
      yield* Effect.addFinalizer(() => Effect.sync(detach))
      // Runs until the connection fails or closes.
      yield* untilClosed(pc)
    })
  )

/**
 * Pushes forever: each ended or failed session is followed by a pause and a new push.
 *
 * @param spec - Where to push.
 * @param options - ICE options.
 * @param slot - The local track.
 * @param retryMs - Pause between attempts (default 1000).
 * @returns Never completes; interrupt it (close the relay) to stop. Fails at once with `InvalidRelayConfig`
 *   naming `retryMs` when it is not a number of milliseconds ≥ 1.
 * @category constructors
 * @since 0.1.0
 */
export const pushForever = (
  spec: PushSpec,
  options: PeerOptions,
  slot: SinkSlot,
  retryMs = 1_000
): Effect.Effect<never, InvalidRelayConfig> => {
  const badTime = firstTimeProblem([["retryMs", retryMs, DURATION_MS]])
  if (badTime !== undefined) return Effect.fail(badTime)
  return pushOnce(spec, options, slot).pipe(
    Effect.catch((e) => Effect.logWarning(e.message)),
    Effect.andThen(Effect.sleep(retryMs)),
    Effect.forever
  )
}
