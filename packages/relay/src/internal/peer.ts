// werift peer connections set up the way RELAY-NOTES.md verified: Opus only, no header extensions,
// loopback allowed, no STUN, non-trickle answers (wait for ICE gathering to complete).
import { isIPv4, isIPv6 } from "node:net"
import { networkInterfaces } from "node:os"
import { Effect } from "effect"
import { RTCPeerConnection, useOPUS } from "werift"
import { InvalidOffer, NegotiationFailed } from "../errors.ts"
import { guardPeerDtls } from "./dtlsGuard.ts"
import { sharedUdpMux } from "./udpMux.ts"

/** ICE settings for the relay's peer connections. */
export interface PeerOptions {
  /**
   * The ICE host addresses to offer (e.g. 127.0.0.1, which werift skips otherwise, or the public address
   * of a 1:1 NAT). Empty: every interface's address, sockets on the wildcard address. Given: only these
   * are offered, and the UDP sockets bind to the one local address of each family among them (the
   * wildcard only for a family that has none, e.g. a NAT's public address alone).
   */
  readonly iceAdditionalHostAddresses: ReadonlyArray<string>
  /** UDP port range [min, max] (min < max), or undefined for any port. */
  readonly icePortRange: readonly [number, number] | undefined
  /** Offer IPv6 host candidates. */
  readonly iceIpv6: boolean
  /** Offer passive TCP host candidates (for players behind UDP-blocking firewalls). */
  readonly iceTcp: boolean
  /** How long to wait for ICE gathering before giving up, in ms. */
  readonly gatherTimeoutMs: number
  /**
   * The UDP port every WebRTC session of this thread shares (internal/udpMux.ts), or undefined for a
   * socket per session. In worker mode each thread gets its own: the relay's base port + 1 + its index.
   */
  readonly udpPort?: number | undefined
}

/** The addresses of this machine's interfaces (loopback included). */
const localAddresses = (): ReadonlySet<string> =>
  new Set(
    Object.values(networkInterfaces())
      .flatMap((list) => list ?? [])
      .map((i) => i.address)
  )

/** Where the UDP sockets bind, per family, for a restricted address list (see `PeerOptions`). */
export interface IceBinding {
  readonly udp4?: string
  readonly udp6?: string
}

/**
 * The socket addresses for `hosts`: the one local address of each family; a family with none binds the
 * wildcard; a family with several is a problem (werift binds every socket of a family to one address).
 */
export const iceBinding = (
  hosts: ReadonlyArray<string>,
  local: ReadonlySet<string> = localAddresses()
): { readonly binding: IceBinding; readonly ambiguous: ReadonlyArray<string> } => {
  const v4 = hosts.filter((h) => isIPv4(h) && local.has(h))
  const v6 = hosts.filter((h) => isIPv6(h) && local.has(h))
  return {
    binding: { ...(v4.length === 1 ? { udp4: v4[0] } : {}), ...(v6.length === 1 ? { udp6: v6[0] } : {}) },
    ambiguous: [...(v4.length > 1 ? v4 : []), ...(v6.length > 1 ? v6 : [])]
  }
}

const bindings = new WeakMap<PeerOptions, IceBinding>()

/** Where this relay's ICE sockets bind (undefined: werift's own choice, every interface). */
export const bindingOf = (options: PeerOptions): IceBinding | undefined => {
  if (options.iceAdditionalHostAddresses.length === 0) return undefined
  let binding = bindings.get(options)
  if (binding === undefined) {
    binding = iceBinding(
      options.iceAdditionalHostAddresses.filter((h) => options.iceIpv6 || !isIPv6(h))
    ).binding
    bindings.set(options, binding)
  }
  return binding
}

export const makePeer = (options: PeerOptions): RTCPeerConnection => {
  const hosts = options.iceAdditionalHostAddresses.filter((h) => options.iceIpv6 || !isIPv6(h))
  const restricted = options.iceAdditionalHostAddresses.length > 0
  const binding = bindingOf(options)
  const pc = new RTCPeerConnection({
    codecs: { audio: [useOPUS()], video: [] },
    headerExtensions: { audio: [], video: [] },
    iceServers: [],
    // werift falls back to Google's STUN server even with no iceServers; under a join storm the
    // lookups queue up and every answer waited the 5 s srflx timeout. Host candidates only.
    iceStunGatherTimeout: 0,
    iceAdditionalHostAddresses: hosts,
    // Restricted: werift's own interface scan is off (it would add every interface's address), and the
    // sockets bind to the configured addresses instead of 0.0.0.0 / ::.
    iceUseIpv4: !restricted,
    iceUseIpv6: !restricted && options.iceIpv6,
    ...(restricted ? { iceInterfaceAddresses: { ...binding } } : {}),
    iceUseTcp: options.iceTcp,
    ...(options.icePortRange === undefined ? {} : { icePortRange: [...options.icePortRange] })
  })
  // werift fails a DTLS handshake whose flights were retransmitted under load (see dtlsGuard.ts)
  guardPeerDtls(pc)
  return pc
}

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
    const port = options.udpPort
    if (port !== undefined) {
      // the session's ICE runs on the thread's shared port (its transports are made during SRD)
      const mux = yield* Effect.tryPromise({
        try: () => sharedUdpMux({ port, ipv6: options.iceIpv6, bind: bindingOf(options) ?? {} }),
        catch: (e) =>
          new NegotiationFailed({
            reason: `the relay's UDP port ${port} cannot be opened (${e instanceof Error ? e.message : String(e)})`
          })
      })
      mux.attach(pc)
    }
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
