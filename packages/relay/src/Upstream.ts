/**
 * Relay chaining: pull a room's track from an upstream relay by WHEP and serve it here as if it were
 * a local publisher, reconnecting when the upstream session ends.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import type { RtpPacket } from "werift"
import { type InvalidRelayConfig, UpstreamUnavailable } from "./errors.ts"
import { closePeer } from "./internal/farewell.ts"
import { untilIdle } from "./internal/idle.ts"
import { makePeer, type PeerOptions } from "./internal/peer.ts"
import { negotiate, type SessionFailure, sessionTargetFields, untilClosed } from "./internal/sessionClient.ts"
import { DURATION_MS, firstTimeProblem, type TimeRule } from "./internal/time.ts"

/**
 * Where a track comes from when this relay is an edge of another relay: the local `room` and `track`
 * to serve, the upstream WHEP endpoint `url` (e.g. "https://origin.example.org/whep/main/mix") and the
 * bearer `token` the upstream relay accepts (a pass issued to this edge).
 *
 * @category schemas
 * @since 0.1.0
 */
export const UpstreamSpec = Schema.Struct(sessionTargetFields)

/**
 * Where a track comes from when this relay is an edge (see {@link UpstreamSpec}).
 *
 * @category models
 * @since 0.1.0
 */
export type UpstreamSpec = typeof UpstreamSpec.Type

const IDLE_MS: TimeRule = { ...DURATION_MS, infinite: true }

/** What the relay gives a puller: a source slot on the local track. */
export interface SourceSlot {
  /** Forwards one packet from this source (dropped unless the slot is the track's publisher). */
  readonly forward: (rtp: RtpPacket) => void
  /** Makes this source the track's publisher. */
  readonly activate: () => void
  /** Gives the track up (if this source still holds it). */
  readonly release: () => void
}

/**
 * One upstream session: connects, feeds the slot until the session ends, then cleans up.
 *
 * An origin that dies without a DELETE is noticed by werift only at ICE consent expiry (~30 s); with
 * `idleMs` the pull also ends when no RTP packet has arrived for that long (on Effect's Clock, counted
 * from the first packet, so an origin that has no publisher yet is left alone).
 *
 * @param spec - The upstream.
 * @param options - ICE options (as the relay's own).
 * @param slot - The local source slot.
 * @param idleMs - End the pull after this many ms without a packet (default 3000; `Infinity`: never).
 * @returns Completes when the upstream session ends; fails with `UpstreamUnavailable` (also when it went
 *   quiet), or at once with `InvalidRelayConfig` naming `idleMs` when it is not a number of milliseconds ≥ 1.
 * @category constructors
 * @since 0.1.0
 */
export const pullOnce = (
  spec: UpstreamSpec,
  options: PeerOptions,
  slot: SourceSlot,
  idleMs = 3_000
): Effect.Effect<void, UpstreamUnavailable | InvalidRelayConfig> =>
  Effect.scoped(
    Effect.gen(function* () {
      const badTime = firstTimeProblem([["idleMs", idleMs, IDLE_MS]])
      if (badTime !== undefined) return yield* badTime
      const unavailable = (failure: SessionFailure) => new UpstreamUnavailable({ url: spec.url, ...failure })
      const pc = makePeer(options)
      yield* Effect.addFinalizer(() =>
        Effect.sync(() => slot.release()).pipe(Effect.andThen(Effect.promise(() => closePeer(pc))))
      )
      pc.addTransceiver("audio", { direction: "recvonly" })
      let packets = 0
      pc.onTrack.subscribe((track) => {
        track.onReceiveRtp.subscribe((rtp) => {
          packets++
          slot.forward(rtp)
        })
      })
      yield* negotiate(pc, spec, options, unavailable)
      slot.activate()
      // Runs until the connection fails or closes, or the upstream goes quiet.
      if (!Number.isFinite(idleMs)) return yield* untilClosed(pc)
      yield* Effect.raceFirst(
        untilClosed(pc),
        untilIdle(() => packets, idleMs).pipe(
          Effect.andThen(
            Effect.fail(
              unavailable({
                step: "idle",
                reason: `no RTP packet for ${idleMs} ms (the upstream went quiet)`
              })
            )
          )
        )
      )
    })
  )

/**
 * Pulls forever: each ended or failed session is followed by a pause and a new pull.
 *
 * @param spec - The upstream.
 * @param options - ICE options.
 * @param slot - The local source slot.
 * @param retryMs - Pause between attempts (default 1000).
 * @param idleMs - End a pull after this many ms without a packet (default 3000; see {@link pullOnce}).
 * @returns Never completes; interrupt it (close the relay) to stop. Fails at once with `InvalidRelayConfig`
 *   naming `retryMs` or `idleMs` when one is not a number of milliseconds ≥ 1.
 * @category constructors
 * @since 0.1.0
 */
export const pullForever = (
  spec: UpstreamSpec,
  options: PeerOptions,
  slot: SourceSlot,
  retryMs = 1_000,
  idleMs?: number
): Effect.Effect<never, InvalidRelayConfig> => {
  const badTime = firstTimeProblem([
    ["retryMs", retryMs, DURATION_MS],
    ["idleMs", idleMs, IDLE_MS]
  ])
  if (badTime !== undefined) return Effect.fail(badTime)
  return pullOnce(spec, options, slot, idleMs).pipe(
    Effect.catch((e) => Effect.logWarning(e.message)),
    Effect.andThen(Effect.sleep(retryMs)),
    Effect.forever
  )
}
