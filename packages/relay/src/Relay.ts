/**
 * The relay service: WHIP publisher sessions and WHEP listener sessions over rooms of Opus tracks,
 * with pass checks, seat caps, publisher takeover and reconnect. The control plane is Effect; the
 * per-packet path (RoomTrack.forward) is plain code.
 *
 * @since 0.1.0
 */
import { randomBytes } from "node:crypto"
import { Clock, Context, Effect, Layer, Result } from "effect"
import type { RTCPeerConnection } from "werift"
import {
  Forbidden,
  IceSessionMismatch,
  InvalidOffer,
  type InvalidPass,
  InvalidPublisherSecret,
  type InvalidRelayConfig,
  InvalidSdpFrag,
  MissingCredential,
  NegotiationFailed,
  PreconditionFailed,
  type RelayAtCapacity,
  RoomHasPublisher,
  RoomNotFound,
  SeatTaken,
  SessionNotFound
} from "./errors.ts"
import {
  DEFAULT_QUEUED_JOINS,
  defaultJoinsInFlight,
  type JoinTicket,
  makeAdmission
} from "./internal/admission.ts"
import { closePeer } from "./internal/farewell.ts"
import { applyPatch, etagOf, type PatchOutcome } from "./internal/icePatch.ts"
import { answerListener } from "./internal/listenerAnswer.ts"
import { makeListenerLeg } from "./internal/listenerLeg.ts"
import { answerOffer, bindingOf, checkOffer, makePeer, type PeerOptions } from "./internal/peer.ts"
import {
  credentialHash,
  makeSession,
  makeSessionTable,
  type RemoteListener,
  type Session,
  sameCredential,
  watchPeer
} from "./internal/sessions.ts"
import { listenerStats, trackPart, trackStats } from "./internal/statsAggregate.ts"
import { DURATION_MS, firstTimeProblem, JOINS, LISTENERS, QUEUED_JOINS } from "./internal/time.ts"
import { closeSharedUdpMux, openUdpPorts } from "./internal/udpMux.ts"
import { makeWorkerPool, type WorkerPool } from "./internal/workerPool.ts"
import type { ListenerPass, PassVerifier } from "./PassVerifier.ts"
import { type PushSpec, pushForever, type SinkSlot } from "./Push.ts"
import type { RelayStats } from "./RelayStats.ts"
import {
  forward,
  type ListenerLeg,
  makeRoomTrack,
  moveListener,
  type PublisherLeg,
  type RoomTrack,
  setPublisher
} from "./RoomTrack.ts"
import { parseSdpFrag } from "./SdpFrag.ts"
import { pullForever, type SourceSlot, type UpstreamSpec } from "./Upstream.ts"

/**
 * What the relay needs to run (see `RelayConfig` for the validated, user-facing form).
 *
 * @category models
 * @since 0.1.0
 */
export interface RelayOptions extends PeerOptions {
  /** The secret publishers send as their bearer token. */
  readonly publisherSecret: string
  /** Checks listeners' bearer passes. */
  readonly verifier: PassVerifier
  /** A second publisher on a live track: "replace" the old one at once, or "refuse" with 409. */
  readonly takeover: "replace" | "refuse"
  /** A pass over its seat cap: "replace-oldest" session, or "refuse" with 409. */
  readonly seatPolicy: "replace-oldest" | "refuse"
  /** Rooms and tracks that exist before any publisher (listeners may join early); others appear on first publish. */
  readonly rooms: Readonly<Record<string, ReadonlyArray<string>>>
  /** Close a session whose peer has not connected after this many ms. */
  readonly connectTimeoutMs: number
  /** Tracks this relay pulls from upstream relays by WHEP (relay chaining). */
  readonly upstreams?: ReadonlyArray<UpstreamSpec>
  /** Tracks this relay pushes onward by WHIP (to another relay, MediaMTX, a CDN's WHIP ingest). */
  readonly pushes?: ReadonlyArray<PushSpec>
  /** Pause before pulling again after an upstream session ends, in ms (default 1000). */
  readonly upstreamRetryMs?: number
  /**
   * End an upstream pull after this many ms without an RTP packet (default 3000), so an edge notices a
   * silently dead origin in seconds rather than at ICE consent expiry (~30 s). Counted from the first packet.
   */
  readonly upstreamIdleMs?: number
  /**
   * Listener worker threads (default 0: every peer connection on the main thread). With N > 0 the main
   * thread keeps HTTP, auth, sessions and publishers, and listener peer connections live in N workers.
   */
  readonly workers?: number
  /**
   * Listener sessions this relay process serves at most (default `Infinity`: no cap). A listener past it
   * is refused at once with `RelayAtCapacity` (503, `Retry-After: 10`). Publishers are never refused.
   */
  readonly maxListeners?: number
  /**
   * Listener joins in progress at once (default 4 per thread that runs handshakes: 4 without workers,
   * 4 × `workers` with them): from the POST to the end of the peer's DTLS
   * handshake (at most 10 s). Joins past it wait in a queue, so a join storm cannot starve the
   * publisher's stream or the listeners already playing.
   */
  readonly maxJoinsInFlight?: number
  /** Joins that may wait for a slot (default 1024); with the queue full a join gets `RelayAtCapacity` (503, `Retry-After: 2`). */
  readonly maxQueuedJoins?: number
  /** Session id source (default: 24 random bytes, base64url). Injectable for tests. */
  readonly sessionId?: () => string
}

/**
 * A created session: what the HTTP layer answers with (201, the SDP answer, and Location).
 *
 * @category models
 * @since 0.1.0
 */
export interface SessionCreated {
  /** The unguessable session id; the resource lives at `/sessions/<id>`. */
  readonly id: string
  /** "publisher" (WHIP) or "listener" (WHEP). */
  readonly kind: "publisher" | "listener"
  /** The SDP answer, with all ICE candidates. */
  readonly answer: string
  /** Room and track the session is attached to. */
  readonly room: string
  /** Track name. */
  readonly track: string
  /** The entity tag of the session's ICE session (RFC 9725 §4.3.1: `If-Match` on PATCH; changes on ICE restart). */
  readonly etag: string
}

/**
 * What a PATCH did (RFC 9725 §4.3): candidates were added (`fragment` undefined: answer 204), or ICE
 * restarted (`fragment` holds the relay's new ufrag/pwd and candidates: answer 200 with it).
 *
 * @category models
 * @since 0.1.0
 */
export interface PatchResult {
  /** The entity tag of the session's ICE session after the PATCH. */
  readonly etag: string
  /** After an ICE restart: the relay's `application/trickle-ice-sdpfrag` answer. */
  readonly fragment: string | undefined
}

/**
 * The relay's operations. Credentials are the raw bearer tokens (without "Bearer ").
 *
 * @category services
 * @since 0.1.0
 */
export interface RelayShape {
  /** WHIP: publish a track of a room. Creates the room/track when not configured. */
  readonly publish: (input: {
    readonly room: string
    readonly track: string
    readonly offer: string
    readonly credential: string | undefined
  }) => Effect.Effect<
    SessionCreated,
    | InvalidOffer
    | MissingCredential
    | InvalidPublisherSecret
    | RoomNotFound
    | RoomHasPublisher
    | NegotiationFailed
  >
  /** WHEP: listen to a room; `track` defaults to the first of the pass's tracks the room has. */
  readonly listen: (input: {
    readonly room: string
    readonly track: string | undefined
    readonly offer: string
    readonly credential: string | undefined
  }) => Effect.Effect<
    SessionCreated,
    | InvalidOffer
    | MissingCredential
    | InvalidPass
    | Forbidden
    | RoomNotFound
    | SeatTaken
    | RelayAtCapacity
    | NegotiationFailed
  >
  /** DELETE: end a session; only the credential that created it may. */
  readonly end: (input: {
    readonly id: string
    readonly credential: string | undefined
  }) => Effect.Effect<void, SessionNotFound | MissingCredential | Forbidden>
  /**
   * PATCH (RFC 9725 §4.3): trickle ICE candidates into a session, or restart its ICE with new
   * credentials. `fragment` is the `application/trickle-ice-sdpfrag` body; `ifMatch` the If-Match header.
   * Only the credential that created the session may.
   */
  readonly patch: (input: {
    readonly id: string
    readonly credential: string | undefined
    readonly fragment: string
    readonly ifMatch: string | undefined
  }) => Effect.Effect<
    PatchResult,
    | SessionNotFound
    | MissingCredential
    | Forbidden
    | InvalidSdpFrag
    | IceSessionMismatch
    | PreconditionFailed
    | NegotiationFailed
  >
  /** Switch a listener to another track its pass allows, without renegotiation. */
  readonly switchTrack: (input: {
    readonly id: string
    readonly credential: string | undefined
    readonly track: string
  }) => Effect.Effect<void, SessionNotFound | MissingCredential | Forbidden | RoomNotFound>
  /** Checks a credential against the publisher secret (for operator endpoints such as /stats). */
  readonly isPublisherSecret: (credential: string | undefined) => boolean
  /** A snapshot of traffic. */
  readonly stats: Effect.Effect<RelayStats>
  /** Counts a refused request by status (the HTTP layer calls it). */
  readonly countRefusal: (status: number) => void
}

/**
 * The relay service.
 *
 * @category services
 * @since 0.1.0
 */
export class Relay extends Context.Service<Relay, RelayShape>()("@microdrop/relay/Relay") {
  /**
   * A relay with these options; closing the layer closes every peer connection.
   *
   * @param options - See {@link RelayOptions}.
   * @returns A layer providing {@link Relay}; fails with `InvalidRelayConfig` naming a time option
   *   (`connectTimeoutMs`, `gatherTimeoutMs`, `upstreamRetryMs`, `upstreamIdleMs`) that is not a finite
   *   number of milliseconds ≥ 1 (`upstreamIdleMs` may be `Infinity`), or an admission count
   *   (`maxListeners` ≥ 1 or `Infinity`, `maxJoinsInFlight` ≥ 1, `maxQueuedJoins` ≥ 0) that is not a whole number.
   * @since 0.1.0
   */
  static readonly layer = (options: RelayOptions): Layer.Layer<Relay, InvalidRelayConfig> =>
    Layer.effect(
      Relay,
      Effect.gen(function* () {
        const badTime = firstTimeProblem([
          ["connectTimeoutMs", options.connectTimeoutMs, DURATION_MS],
          ["gatherTimeoutMs", options.gatherTimeoutMs, DURATION_MS],
          ["upstreamRetryMs", options.upstreamRetryMs, DURATION_MS],
          ["upstreamIdleMs", options.upstreamIdleMs, { ...DURATION_MS, infinite: true }],
          ["maxListeners", options.maxListeners, LISTENERS],
          ["maxJoinsInFlight", options.maxJoinsInFlight, JOINS],
          ["maxQueuedJoins", options.maxQueuedJoins, QUEUED_JOINS]
        ])
        if (badTime !== undefined) return yield* badTime
        yield* openUdpPorts({ ...options, bind: bindingOf(options) })
        const relay = yield* Effect.acquireRelease(
          Effect.sync(() => makeRelay(options)),
          (r) => Effect.promise(() => r.close())
        )
        for (const spec of options.upstreams ?? [])
          yield* Effect.forkScoped(
            pullForever(
              spec,
              options,
              relay.sourceSlot(spec.room, spec.track),
              options.upstreamRetryMs,
              options.upstreamIdleMs
            )
          )
        for (const spec of options.pushes ?? [])
          yield* Effect.forkScoped(
            pushForever(spec, options, relay.sinkSlot(spec.room, spec.track), options.upstreamRetryMs)
          )
        return relay
      })
    )
}

const makeRelay = (
  options: RelayOptions
): RelayShape & {
  readonly close: () => Promise<void>
  readonly sourceSlot: (room: string, track: string) => SourceSlot
  readonly sinkSlot: (room: string, track: string) => SinkSlot
} => {
  const rooms = new Map<string, Map<string, RoomTrack>>()
  const sessions = makeSessionTable()
  const secretHash = credentialHash(options.publisherSecret)
  const newId = options.sessionId ?? (() => randomBytes(24).toString("base64url"))
  const refused: Record<string, number> = {}
  let joins = 0
  let publishes = 0
  const keyOf = (t: RoomTrack) => `${t.room}/${t.name}`
  const pool: WorkerPool | undefined =
    (options.workers ?? 0) > 0
      ? makeWorkerPool(
          options.workers ?? 0,
          {
            iceAdditionalHostAddresses: options.iceAdditionalHostAddresses,
            icePortRange: options.icePortRange,
            iceIpv6: options.iceIpv6,
            iceTcp: options.iceTcp,
            gatherTimeoutMs: options.gatherTimeoutMs,
            connectTimeoutMs: options.connectTimeoutMs,
            udpPort: options.udpPort
          },
          (id) => {
            const s = sessions.get(id)
            if (s !== undefined) closeSession(s)
          },
          (id) => freeSlot(id)
        )
      : undefined
  const admission = makeAdmission(
    {
      maxListeners: options.maxListeners ?? Infinity,
      maxJoinsInFlight: options.maxJoinsInFlight ?? defaultJoinsInFlight(options.workers ?? 0),
      maxQueuedJoins: options.maxQueuedJoins ?? DEFAULT_QUEUED_JOINS
    },
    () => sessions.listeners()
  )
  /** Join slots held by listener sessions until their peer connects (or the session ends). */
  const joining = new Map<string, JoinTicket>()
  const freeSlot = (id: string) => {
    joining.get(id)?.done()
    joining.delete(id)
  }
  /** Sets the track's source, and tells the workers so their listeners re-base on its first packet. */
  const switchSource = (t: RoomTrack, leg: PublisherLeg | undefined) => {
    setPublisher(t, leg)
    if (leg !== undefined) pool?.source(keyOf(t))
  }

  const ensureTrack = (room: string, track: string): RoomTrack => {
    let r = rooms.get(room)
    if (r === undefined) {
      r = new Map()
      rooms.set(room, r)
    }
    let t = r.get(track)
    if (t === undefined) {
      t = makeRoomTrack(room, track)
      if (pool !== undefined) {
        const key = keyOf(t)
        t.mirror = (rtp) => pool.rtp(key, rtp)
      }
      r.set(track, t)
    }
    return t
  }
  for (const [room, tracks] of Object.entries(options.rooms)) for (const t of tracks) ensureTrack(room, t)

  /** Ends a session; its peer is told (RTCP BYE + DTLS close_notify) before it closes. */
  const closeSession = (s: Session): Promise<void> => {
    if (!sessions.remove(s)) return Promise.resolve()
    freeSlot(s.id)
    s.timer?.interruptUnsafe()
    s.timer = undefined
    if (s.listener !== undefined) s.listener.track.listeners.delete(s.listener)
    if (s.remote !== undefined) pool?.end(s.id)
    if (s.publisher !== undefined && s.track.publisher === s.publisher) switchSource(s.track, undefined)
    return s.pc === undefined ? Promise.resolve() : closePeer(s.pc)
  }

  /**
   * Ends the session when its peer fails or closes, or has not connected after connectTimeoutMs; frees
   * its join slot when it connects.
   */
  const watch = (s: Session): Effect.Effect<void> =>
    s.pc === undefined
      ? Effect.void
      : watchPeer(
          s,
          s.pc,
          options.connectTimeoutMs,
          () => closeSession(s),
          () => freeSlot(s.id)
        )

  const owned = (id: string, credential: string | undefined) =>
    Effect.gen(function* () {
      const s = sessions.get(id)
      if (s === undefined) return yield* new SessionNotFound({ path: `/sessions/${id}` })
      if (credential === undefined) return yield* new MissingCredential({ expected: "session credential" })
      if (!sameCredential(s.credentialHash, credential))
        return yield* new Forbidden({
          reason: "only the credential that created this session may change or end it"
        })
      return s
    })

  const isPublisherSecret = (credential: string | undefined): boolean =>
    credential !== undefined && sameCredential(secretHash, credential)

  const publish: RelayShape["publish"] = ({ room, track, offer, credential }) =>
    Effect.gen(function* () {
      if (credential === undefined) return yield* new MissingCredential({ expected: "publisher secret" })
      if (!isPublisherSecret(credential)) return yield* new InvalidPublisherSecret({ room })
      const bad = checkOffer(offer)
      if (bad !== undefined) return yield* bad
      const existing = rooms.get(room)?.get(track)
      if (existing?.publisher !== undefined && options.takeover === "refuse")
        return yield* new RoomHasPublisher({ room, track })
      const t = ensureTrack(room, track)
      const pc = makePeer(options)
      const id = newId()
      const leg: PublisherLeg = { id }
      // An ICE restart applies the offer again. werift did not fire onTrack again for it in the tests;
      // should it, each remote track is still subscribed once (no packet forwarded twice).
      const seen = new WeakSet<object>()
      pc.onTrack.subscribe((remote) => {
        if (remote.kind !== "audio" || seen.has(remote)) return
        seen.add(remote)
        remote.onReceiveRtp.subscribe((rtp) => forward(t, leg, rtp))
      })
      const answer = yield* answerOffer(pc, offer, options, async (p) => {
        for (const tr of p.getTransceivers()) tr.setDirection(tr.kind === "audio" ? "recvonly" : "inactive")
      }).pipe(Effect.tapError(() => Effect.promise(() => pc.close().catch(() => undefined))))
      // Takeover: the newest publisher wins at once; the old one is closed without waiting for ICE.
      const old = t.publisher === undefined ? undefined : sessions.get(t.publisher.id)
      const now = yield* Clock.currentTimeMillis
      const s = makeSession({
        id,
        kind: "publisher",
        credential,
        pc,
        publisher: leg,
        createdAt: now,
        room,
        track: t,
        allowedTracks: [track]
      })
      sessions.add(s)
      switchSource(t, leg)
      if (old !== undefined) closeSession(old)
      yield* watch(s)
      publishes++
      return { id, kind: "publisher", answer, room, track, etag: etagOf(id, answer) } satisfies SessionCreated
    })

  const listen: RelayShape["listen"] = ({ room, track, offer, credential }) =>
    Effect.gen(function* () {
      if (credential === undefined) return yield* new MissingCredential({ expected: "listener pass" })
      const now = yield* Clock.currentTimeMillis
      const verified = options.verifier.verify(credential, now)
      if (Result.isFailure(verified)) {
        // A clock the verifier refuses is the relay's fault: a 500 (logged), never a pass.
        if (verified.failure._tag === "InvalidRelayConfig") return yield* Effect.die(verified.failure)
        return yield* verified.failure
      }
      const claims = verified.success
      if (claims.room !== room)
        return yield* new Forbidden({ reason: `this pass is for room '${claims.room}'` })
      const r = rooms.get(room)
      if (r === undefined) return yield* new RoomNotFound({ room })
      if (track !== undefined && !claims.tracks.includes(track))
        return yield* new Forbidden({ reason: `this pass does not include track '${track}'` })
      const name = track ?? claims.tracks.find((n) => r.has(n))
      const t = name === undefined ? undefined : r.get(name)
      if (t === undefined) return yield* new RoomNotFound({ room, track: name ?? claims.tracks[0] ?? "" })
      const bad = checkOffer(offer)
      if (bad !== undefined) return yield* bad
      const held = sessions.heldBy(claims.pass)
      if (claims.seats !== undefined && held.length >= claims.seats && options.seatPolicy === "refuse")
        return yield* new SeatTaken({ pass: claims.pass, seats: claims.seats })
      // Replacing the pass's oldest session (seat policy "replace-oldest") adds no listener.
      const growth = claims.seats !== undefined && held.length >= claims.seats ? 0 : 1
      // Only the wait for a join slot can be interrupted (a client that gave up while queued leaves the
      // queue). Once admitted, the join runs to its end, so no peer or half-made session is left behind;
      // if its caller was interrupted meanwhile, the session no one will answer with is ended at once.
      let made: string | undefined
      return yield* Effect.uninterruptibleMask((restore) =>
        Effect.gen(function* () {
          const ticket = yield* restore(admission.enter(growth))
          const join: JoinRequest = { id: newId(), track: t, offer, credential, claims, now }
          const created = yield* (pool === undefined ? joinHere(join) : joinWorker(pool, join)).pipe(
            Effect.onError(() => Effect.sync(ticket.done))
          )
          ticket.placed()
          joining.set(join.id, ticket)
          made = created.id
          return created
        })
      ).pipe(
        Effect.onInterrupt(() =>
          Effect.sync(() => {
            const s = made === undefined ? undefined : sessions.get(made)
            if (s !== undefined) void closeSession(s)
          })
        )
      )
    })

  /** A listener join that passed its checks and was admitted. */
  interface JoinRequest {
    readonly id: string
    readonly track: RoomTrack
    readonly offer: string
    readonly credential: string
    readonly claims: ListenerPass
    readonly now: number
  }

  /** Registers the joined listener's session (its peer here, or in a worker) and answers with it. */
  const joined = (
    j: JoinRequest,
    peer:
      | { readonly pc: RTCPeerConnection; readonly listener: ListenerLeg }
      | { readonly remote: RemoteListener },
    answer: string
  ): SessionCreated => {
    const s = makeSession({
      id: j.id,
      kind: "listener",
      credential: j.credential,
      createdAt: j.now,
      room: j.track.room,
      track: j.track,
      allowedTracks: j.claims.tracks,
      ...peer
    })
    admit(s, j.claims.pass, j.claims.seats)
    return created(s, answer)
  }

  /** A listener whose peer connection lives in a worker thread. */
  const joinWorker = (
    pool: WorkerPool,
    j: JoinRequest
  ): Effect.Effect<SessionCreated, InvalidOffer | NegotiationFailed> =>
    Effect.gen(function* () {
      const reply = yield* Effect.promise(() =>
        pool.listen({ id: j.id, pass: j.claims.pass, key: keyOf(j.track), offer: j.offer })
      )
      if (!reply.ok)
        return yield* reply.tag === "InvalidOffer"
          ? new InvalidOffer({ reason: reply.reason })
          : new NegotiationFailed({ reason: reply.reason })
      return joined(j, { remote: { pass: j.claims.pass, track: j.track.name } }, reply.answer)
    })

  /** A listener whose peer connection lives on the main thread. */
  const joinHere = (j: JoinRequest): Effect.Effect<SessionCreated, InvalidOffer | NegotiationFailed> =>
    Effect.gen(function* () {
      const { pc, sender, answer } = yield* answerListener(j.offer, j.track, options)
      const listener = makeListenerLeg(j.id, j.claims.pass, sender, pc, j.track)
      const result = joined(j, { pc, listener }, answer)
      j.track.listeners.add(listener)
      const s = sessions.get(j.id)
      if (s !== undefined) yield* watch(s)
      return result
    })

  const created = (s: Session, answer: string): SessionCreated => ({
    id: s.id,
    kind: s.kind,
    answer,
    room: s.room,
    track: s.track.name,
    etag: etagOf(s.id, answer)
  })

  /** Registers a new listener session; with "replace-oldest", the pass's oldest sessions make room. */
  const admit = (s: Session, pass: string, seats: number | undefined): void => {
    const current = sessions.heldBy(pass)
    if (seats !== undefined)
      for (const old of current.slice(0, Math.max(0, current.length - seats + 1))) closeSession(old)
    sessions.add(s)
    joins++
  }

  const end: RelayShape["end"] = ({ id, credential }) =>
    Effect.map(owned(id, credential), (s) => closeSession(s))

  const patch: RelayShape["patch"] = ({ id, credential, fragment, ifMatch }) =>
    Effect.gen(function* () {
      const s = yield* owned(id, credential)
      const parsed = parseSdpFrag(fragment)
      if (Result.isFailure(parsed)) return yield* parsed.failure
      const frag = parsed.success
      const outcome: PatchOutcome = yield* Effect.promise(() =>
        s.ice !== undefined
          ? applyPatch(s.ice, frag, ifMatch, options.gatherTimeoutMs)
          : pool !== undefined
            ? pool.patch(s.id, frag, ifMatch)
            : Promise.resolve<PatchOutcome>({
                ok: false,
                tag: "NegotiationFailed",
                reason: "the session has no peer"
              })
      )
      if (outcome.ok) return { etag: outcome.etag, fragment: outcome.fragment } satisfies PatchResult
      switch (outcome.tag) {
        case "PreconditionFailed":
          return yield* new PreconditionFailed({ received: outcome.received })
        case "IceSessionMismatch":
          return yield* new IceSessionMismatch({ ufrag: outcome.ufrag })
        case "InvalidSdpFrag":
          return yield* new InvalidSdpFrag({ line: outcome.line, reason: outcome.reason })
        case "NegotiationFailed":
          return yield* new NegotiationFailed({ reason: outcome.reason })
        case "SessionGone":
          // The session ended (in its worker) while the PATCH was on its way.
          return yield* new SessionNotFound({ path: `/sessions/${id}` })
      }
    })

  const switchTrack: RelayShape["switchTrack"] = ({ id, credential, track }) =>
    Effect.gen(function* () {
      const s = yield* owned(id, credential)
      if (s.kind !== "listener")
        return yield* new Forbidden({ reason: "only listener sessions switch tracks" })
      if (!s.allowedTracks.includes(track))
        return yield* new Forbidden({ reason: `this pass does not include track '${track}'` })
      const to = rooms.get(s.room)?.get(track)
      if (to === undefined) return yield* new RoomNotFound({ room: s.room, track })
      const leg = s.listener
      const remote = s.remote
      if (remote !== undefined) {
        yield* Effect.promise(() => pool?.switchTrack(s.id, keyOf(to)) ?? Promise.resolve())
        remote.track = to.name
      } else if (leg !== undefined) yield* Effect.promise(() => moveListener(leg, to))
    })

  const stats: RelayShape["stats"] = Effect.map(
    Effect.promise(() => pool?.stats() ?? Promise.resolve([])),
    (fromWorkers) => {
      const listeners = [...sessions.values()].flatMap((s) =>
        s.listener === undefined ? [] : [listenerStats(s.listener)]
      )
      for (const w of fromWorkers) listeners.push(...w.listeners)
      const tracks = [...rooms.values()].flatMap((r) =>
        [...r.values()].map((t) => {
          const key = keyOf(t)
          return trackStats(
            t,
            trackPart(key, t),
            fromWorkers.flatMap((w) => w.tracks.filter((x) => x.key === key))
          )
        })
      )
      const a = admission.counts()
      const maxListeners = options.maxListeners ?? Infinity
      return {
        tracks,
        listeners,
        joins,
        publishes,
        refused: { ...refused },
        admission: {
          ...(Number.isFinite(maxListeners) ? { maxListeners } : {}),
          listeners: sessions.listeners(),
          maxJoinsInFlight: options.maxJoinsInFlight ?? defaultJoinsInFlight(options.workers ?? 0),
          joinsInFlight: a.joinsInFlight,
          joinsQueued: a.joinsQueued,
          refused: { listeners: a.refusedListeners, joins: a.refusedJoins }
        }
      }
    }
  )

  let pulls = 0
  const sourceSlot = (room: string, track: string): SourceSlot => {
    const t = ensureTrack(room, track)
    let leg: PublisherLeg | undefined
    return {
      forward: (rtp) => {
        if (leg !== undefined) forward(t, leg, rtp)
      },
      activate: () => {
        leg = { id: `upstream-${++pulls}` }
        const old = t.publisher === undefined ? undefined : sessions.get(t.publisher.id)
        switchSource(t, leg)
        if (old !== undefined) closeSession(old)
      },
      release: () => {
        if (leg !== undefined && t.publisher === leg) switchSource(t, undefined)
        leg = undefined
      }
    }
  }

  const sinkSlot = (room: string, track: string): SinkSlot => {
    const t = ensureTrack(room, track)
    return {
      hub: t.hub,
      attach: (id, sender, pc) => {
        const leg = makeListenerLeg(id, id, sender, pc, t)
        t.listeners.add(leg)
        return () => {
          leg.track.listeners.delete(leg)
        }
      }
    }
  }

  return {
    sourceSlot,
    sinkSlot,
    publish,
    listen,
    end,
    patch,
    switchTrack,
    isPublisherSecret,
    stats,
    countRefusal: (status) => {
      refused[String(status)] = (refused[String(status)] ?? 0) + 1
    },
    close: async () => {
      // Joins still waiting for a slot are refused first: none starts a handshake while the relay closes.
      admission.close()
      await Promise.all([...sessions.values()].map(closeSession))
      for (const r of rooms.values()) for (const t of r.values()) t.hub.stop()
      await pool?.stop()
      if (options.udpPort !== undefined) await closeSharedUdpMux(options.udpPort)
    }
  }
}
