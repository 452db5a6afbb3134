/** The client side of a WHIP or WHEP session, shared by pushing onward (WHIP) and pulling from an upstream (WHEP). */
import { Effect, Schema, type Scope } from "effect"
import type { ClientSessionStep } from "../errors.ts"
import { Name } from "../Name.ts"
import type { makePeer, PeerOptions } from "./peer.ts"

type Peer = ReturnType<typeof makePeer>

/** Where the session goes and the bearer credential it presents. */
export interface SessionTarget {
  readonly url: string
  readonly token: string
}

/** The fields of a push or upstream spec: the local room and track, the remote endpoint and its token. */
export const sessionTargetFields = {
  /** The local room. */
  room: Name,
  /** The local track. */
  track: Name,
  /** The remote WHIP or WHEP endpoint, e.g. "https://origin.example.org/whep/main/mix". */
  url: Schema.String.check(Schema.isPattern(/^https?:\/\//)),
  /** The bearer token the remote server expects (for an upstream relay: a pass issued to this edge). */
  token: Schema.String.check(Schema.isMinLength(1))
}

/** What failed in a client session (the fields of `PushUnavailable` / `UpstreamUnavailable` but the URL). */
export interface SessionFailure {
  readonly step: ClientSessionStep
  readonly reason: string
  readonly status?: number
}

/**
 * Offers `pc`'s transceivers to `target` (RFC 9725 / WHEP: POST application/sdp → 201 + answer + Location),
 * applies the answer, and registers a finalizer that DELETEs the session resource when the scope ends.
 * Every failure becomes `unavailable(failure)`.
 */
export const negotiate = <E>(
  pc: Peer,
  target: SessionTarget,
  options: PeerOptions,
  unavailable: (failure: SessionFailure) => E
): Effect.Effect<void, E, Scope.Scope> =>
  Effect.gen(function* () {
    yield* Effect.tryPromise({
      try: async () => pc.setLocalDescription(await pc.createOffer()),
      catch: (e) => unavailable({ step: "offer", reason: `local offer failed (${String(e)})` })
    })
    yield* Effect.callback<void>((resume) => {
      if (pc.iceGatheringState === "complete") return resume(Effect.void)
      const sub = pc.iceGatheringStateChange.subscribe((s) => s === "complete" && resume(Effect.void))
      return Effect.sync(() => sub.unSubscribe())
    }).pipe(
      Effect.timeoutOrElse({
        duration: options.gatherTimeoutMs,
        orElse: () => Effect.fail(unavailable({ step: "gather", reason: "ICE gathering timed out" }))
      })
    )
    const response = yield* Effect.tryPromise({
      try: (signal) =>
        fetch(target.url, {
          method: "POST",
          headers: { "Content-Type": "application/sdp", Authorization: `Bearer ${target.token}` },
          body: pc.localDescription?.sdp ?? "",
          signal
        }),
      catch: (e) => unavailable({ step: "request", reason: `request failed (${String(e)})` })
    })
    const body = yield* Effect.promise(() => response.text())
    if (response.status !== 201) {
      return yield* Effect.fail(
        unavailable({ step: "refused", status: response.status, reason: body.trim().replace(/\.$/, "") })
      )
    }
    const location = response.headers.get("location")
    if (location !== null) {
      const session = new URL(location, target.url).href
      yield* Effect.addFinalizer(() =>
        Effect.promise(() =>
          fetch(session, { method: "DELETE", headers: { Authorization: `Bearer ${target.token}` } }).then(
            () => undefined,
            () => undefined
          )
        ).pipe(Effect.timeoutOrElse({ duration: 2_000, orElse: () => Effect.void }))
      )
    }
    yield* Effect.tryPromise({
      try: () => pc.setRemoteDescription({ type: "answer", sdp: body }),
      catch: (e) => unavailable({ step: "answer", reason: `the answer does not apply (${String(e)})` })
    })
  })

/** Completes when the peer connection fails or closes. */
export const untilClosed = (pc: Peer): Effect.Effect<void> =>
  Effect.callback<void>((resume) => {
    const sub = pc.connectionStateChange.subscribe((s) => {
      if (s === "failed" || s === "closed") resume(Effect.void)
    })
    return Effect.sync(() => sub.unSubscribe())
  })
