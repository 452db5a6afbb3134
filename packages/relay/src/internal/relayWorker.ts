// A listener worker thread (`workers: N`): holds a share of the WHEP listener peer connections, one hub
// per room track, and forwards the RTP packets the main thread posts to it. Speaks the messages of
// workerProtocol.ts over its parent port.
import { parentPort, workerData } from "node:worker_threads"
import { Effect, Exit } from "effect"
import { RtpPacket } from "werift"
import type { ListenerLeg, PublisherLeg, RoomTrack } from "../RoomTrack.ts"
import { forward, makeRoomTrack, moveListener, setPublisher } from "../RoomTrack.ts"
import { closePeer } from "./farewell.ts"
import { applyPatch, type IceState, makeIceState } from "./icePatch.ts"
import { answerListener } from "./listenerAnswer.ts"
import { makeListenerLeg } from "./listenerLeg.ts"
import type { PeerOptions } from "./peer.ts"
import { type ConnectTimer, watchPeer } from "./sessions.ts"
import { listenerStats, trackPart } from "./statsAggregate.ts"
import type { ToMain, ToWorker, WorkerStats } from "./workerProtocol.ts"

const port = parentPort
if (port === null) throw new Error("relayWorker must run in a worker thread")
const given = workerData as PeerOptions & { readonly connectTimeoutMs: number; readonly index: number }
// With `udpPort`, the main thread has the base port and worker i the base + 1 + i.
const options = {
  ...given,
  udpPort: given.udpPort === undefined ? undefined : given.udpPort + 1 + given.index
}

const tracks = new Map<string, RoomTrack>()
const sources = new Map<RoomTrack, PublisherLeg>()
interface Entry extends ConnectTimer {
  readonly leg: ListenerLeg
  readonly ice: IceState
}
const legs = new Map<string, Entry>()
let generation = 0

const post = (m: ToMain) => port.postMessage(m)

const trackOf = (key: string): RoomTrack => {
  let t = tracks.get(key)
  if (t === undefined) {
    const slash = key.indexOf("/")
    t = makeRoomTrack(key.slice(0, slash), key.slice(slash + 1))
    tracks.set(key, t)
    const leg = { id: `main-${++generation}` }
    sources.set(t, leg)
    setPublisher(t, leg)
  }
  return t
}

/** Ends a listener; its peer is told (RTCP BYE + DTLS close_notify) before it closes. */
const close = (id: string, tell: boolean): Promise<void> => {
  const entry = legs.get(id)
  if (entry === undefined) return Promise.resolve()
  legs.delete(id)
  entry.timer?.interruptUnsafe()
  entry.leg.track.listeners.delete(entry.leg)
  if (tell) post({ t: "closed", id })
  return closePeer(entry.leg.pc)
}

const listen = async (m: Extract<ToWorker, { t: "listen" }>): Promise<void> => {
  const t = trackOf(m.key)
  const exit = await Effect.runPromiseExit(answerListener(m.offer, t, options))
  if (Exit.isFailure(exit)) {
    const reason = exit.cause.reasons
      .map((r) => (r._tag === "Fail" ? r.error : undefined))
      .find((e) => e !== undefined)
    post({
      t: "reply",
      req: m.req,
      ok: false,
      error: {
        tag: reason?._tag ?? "NegotiationFailed",
        reason: reason?.reason ?? "the listener worker could not answer"
      }
    })
    return
  }
  const { pc, sender, answer } = exit.value
  const entry: Entry = {
    leg: makeListenerLeg(m.id, m.pass, sender, pc, t),
    ice: makeIceState(m.id, pc),
    timer: undefined
  }
  // The connect timeout runs on Effect's Clock, as on the main thread.
  Effect.runSync(
    watchPeer(
      entry,
      pc,
      options.connectTimeoutMs,
      () => void close(m.id, true),
      () => post({ t: "connected", id: m.id })
    )
  )
  legs.set(m.id, entry)
  t.listeners.add(entry.leg)
  post({ t: "reply", req: m.req, ok: true, value: answer })
}

const stats = (): WorkerStats => ({
  tracks: [...tracks.entries()].map(([key, t]) => trackPart(key, t)),
  listeners: [...legs.values()].map(({ leg }) => listenerStats(leg))
})

port.on("message", (m: ToWorker) => {
  switch (m.t) {
    case "rtp": {
      const t = tracks.get(m.key)
      const source = t === undefined ? undefined : sources.get(t)
      if (t !== undefined && source !== undefined)
        forward(
          t,
          source,
          RtpPacket.deSerialize(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength))
        )
      return
    }
    case "source": {
      const t = trackOf(m.key)
      const leg = { id: `main-${++generation}` }
      sources.set(t, leg)
      setPublisher(t, leg)
      return
    }
    case "listen":
      void listen(m)
      return
    case "end":
      void close(m.id, false)
      return
    case "switch": {
      const entry = legs.get(m.id)
      if (entry === undefined) {
        post({ t: "reply", req: m.req, ok: true, value: "" })
        return
      }
      void moveListener(entry.leg, trackOf(m.key)).then(() =>
        post({ t: "reply", req: m.req, ok: true, value: "" })
      )
      return
    }
    case "patch": {
      const entry = legs.get(m.id)
      if (entry === undefined) {
        post({
          t: "patched",
          req: m.req,
          outcome: { ok: false, tag: "SessionGone" }
        })
        return
      }
      void applyPatch(entry.ice, m.frag, m.ifMatch, options.gatherTimeoutMs).then((outcome) =>
        post({ t: "patched", req: m.req, outcome })
      )
      return
    }
    case "stats":
      post({ t: "stats", req: m.req, stats: stats() })
      return
    case "stop":
      // Answered once every listener has been told, so the pool terminates the thread after the farewells.
      void Promise.all([...legs.keys()].map((id) => close(id, false))).then(() => {
        for (const t of tracks.values()) t.hub.stop()
        post({ t: "reply", req: m.req, ok: true, value: "" })
        port.close()
      })
      return
  }
})
