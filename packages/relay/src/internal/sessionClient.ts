/** The client side of a WHIP or WHEP session, shared by pushing onward (WHIP) and pulling from an upstream (WHEP). */
import { Effect, type Scope } from "effect"
import type { makePeer, PeerOptions } from "./peer.ts"

type Peer = ReturnType<typeof makePeer>

/** Where the session goes and the bearer credential it presents. */
export interface SessionTarget {
  readonly url: string
  readonly token: string
}

/**
 * Offers `pc`'s transceivers to `target` (RFC 9725 / WHEP: POST application/sdp → 201 + answer + Location),
 * applies the answer, and registers a finalizer that DELETEs the session resource when the scope ends.
 * Every failure becomes `unavailable(reason)`.
 */
export const negotiate = <E>(
  pc: Peer,
  target: SessionTarget,
  options: PeerOptions,
  unavailable: (reason: string) => E
): Effect.Effect<void, E, Scope.Scope> =>
  Effect.gen(function* () {
    yield* Effect.tryPromise({
      try: async () => pc.setLocalDescription(await pc.createOffer()),
      catch: (e) => unavailable(`local offer failed (${String(e)})`)
    })
    yield* Effect.callback<void>((resume) => {
      if (pc.iceGatheringState === "complete") return resume(Effect.void)
      const sub = pc.iceGatheringStateChange.subscribe((s) => s === "complete" && resume(Effect.void))
      return Effect.sync(() => sub.unSubscribe())
    }).pipe(
      Effect.timeoutOrElse({
        duration: options.gatherTimeoutMs,
        orElse: () => Effect.fail(unavailable("ICE gathering timed out"))
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
      catch: (e) => unavailable(`request failed (${String(e)})`)
    })
    const body = yield* Effect.promise(() => response.text())
    if (response.status !== 201) {
      return yield* Effect.fail(unavailable(`HTTP ${response.status}: ${body.trim().replace(/\.$/, "")}`))
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
      catch: (e) => unavailable(`the answer does not apply (${String(e)})`)
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
