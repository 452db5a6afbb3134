// werift peer connections set up the way RELAY-NOTES.md verified: Opus only, no header extensions,
// loopback allowed, no STUN, non-trickle answers (wait for ICE gathering to complete).
import { Effect } from "effect"
import { RTCPeerConnection, useOPUS } from "werift"
import { InvalidOffer, NegotiationFailed } from "../errors.ts"

/** ICE settings for the relay's peer connections. */
export interface PeerOptions {
  /** Extra host addresses to offer (e.g. 127.0.0.1, which werift skips otherwise). */
  readonly iceAdditionalHostAddresses: ReadonlyArray<string>
  /** UDP port range [min, max] (min < max), or undefined for any port. */
  readonly icePortRange: readonly [number, number] | undefined
  /** Offer IPv6 host candidates. */
  readonly iceIpv6: boolean
  /** Offer passive TCP host candidates (for players behind UDP-blocking firewalls). */
  readonly iceTcp: boolean
  /** How long to wait for ICE gathering before giving up, in ms. */
  readonly gatherTimeoutMs: number
}

export const makePeer = (options: PeerOptions): RTCPeerConnection =>
  new RTCPeerConnection({
    codecs: { audio: [useOPUS()], video: [] },
    headerExtensions: { audio: [], video: [] },
    iceServers: [],
    // werift falls back to Google's STUN server even with no iceServers; under a join storm the
    // lookups queue up and every answer waited the 5 s srflx timeout. Host candidates only.
    iceStunGatherTimeout: 0,
    iceAdditionalHostAddresses: [...options.iceAdditionalHostAddresses],
    iceUseIpv6: options.iceIpv6,
    iceUseTcp: options.iceTcp,
    ...(options.icePortRange === undefined ? {} : { icePortRange: [...options.icePortRange] })
  })

/** A cheap look at the offer before werift parses it, so common mistakes get a readable reason. */
export const checkOffer = (sdp: string): InvalidOffer | undefined => {
  if (!sdp.startsWith("v=0")) return new InvalidOffer({ reason: "it does not start with 'v=0'" })
  if (!/^m=audio /m.test(sdp)) return new InvalidOffer({ reason: "it has no audio section (m=audio)" })
  if (!/^a=rtpmap:\d+ opus\/48000/im.test(sdp)) return new InvalidOffer({ reason: "it does not offer Opus" })
  return undefined
}

/** Completes when ICE gathering is complete (unsubscribes if interrupted). */
export const waitGathered = (pc: RTCPeerConnection): Effect.Effect<void> =>
  Effect.callback<void>((resume) => {
    if (pc.iceGatheringState === "complete") return resume(Effect.void)
    const sub = pc.iceGatheringStateChange.subscribe((state) => {
      if (state === "complete") {
        sub.unSubscribe()
        resume(Effect.void)
      }
    })
    return Effect.sync(() => sub.unSubscribe())
  })

/**
 * Applies the offer, lets `prepare` wire the audio transceiver (direction, track), answers and waits
 * for ICE gathering. Returns the complete answer SDP.
 */
export const answerOffer = (
  pc: RTCPeerConnection,
  offer: string,
  options: PeerOptions,
  prepare: (pc: RTCPeerConnection) => Promise<void>
): Effect.Effect<string, InvalidOffer | NegotiationFailed> =>
  Effect.gen(function* () {
    yield* Effect.tryPromise({
      try: () => pc.setRemoteDescription({ type: "offer", sdp: offer }),
      catch: (e) =>
        new InvalidOffer({ reason: `it does not parse (${String(e instanceof Error ? e.message : e)})` })
    })
    const audio = pc.getTransceivers().filter((t) => t.kind === "audio")
    if (audio.length === 0) return yield* new InvalidOffer({ reason: "it has no usable audio section" })
    if (!audio.some((t) => t.codecs.some((c) => c.mimeType.toLowerCase() === "audio/opus")))
      return yield* new InvalidOffer({ reason: "no audio section negotiates Opus" })
    yield* Effect.tryPromise({
      try: async () => {
        await prepare(pc)
        await pc.setLocalDescription(await pc.createAnswer())
      },
      catch: (e) => new NegotiationFailed({ reason: String(e instanceof Error ? e.message : e) })
    })
    yield* waitGathered(pc).pipe(
      Effect.timeoutOrElse({
        duration: options.gatherTimeoutMs,
        orElse: () => Effect.fail(new NegotiationFailed({ reason: "ICE gathering did not finish in time" }))
      })
    )
    const sdp = pc.localDescription?.sdp
    if (sdp === undefined) return yield* new NegotiationFailed({ reason: "no local description" })
    return sdp
  })
