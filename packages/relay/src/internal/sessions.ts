// The relay's sessions: one record per WHIP publisher or WHEP listener session, and the table that finds
// them by id and by listener pass (for seat caps). Plain data; the relay decides what a session does.
import { createHash, timingSafeEqual } from "node:crypto"
import { Effect, type Fiber } from "effect"
import type { RTCPeerConnection } from "werift"
import type { ListenerLeg, PublisherLeg, RoomTrack } from "../RoomTrack.ts"
import { type IceState, makeIceState } from "./icePatch.ts"

/** A worker listener's pass id and current track name (the peer connection lives in a worker thread). */
export interface RemoteListener {
  readonly pass: string
  track: string
}

/** One session of the relay. */
export interface Session {
  readonly id: string
  readonly kind: "publisher" | "listener"
  /** SHA-256 of the credential that created the session (only it may change or end the session). */
  readonly credentialHash: Buffer
  /** The peer connection, or undefined for a listener that lives in a worker thread. */
  readonly pc: RTCPeerConnection | undefined
  /** A worker listener's pass and track (undefined on the main thread). */
  readonly remote: RemoteListener | undefined
  readonly createdAt: number
  readonly room: string
  readonly track: RoomTrack
  readonly listener: ListenerLeg | undefined
  readonly publisher: PublisherLeg | undefined
  readonly allowedTracks: ReadonlyArray<string>
  /** The connect-timeout fiber, until the peer connects or the session ends. */
  timer: Fiber.Fiber<void> | undefined
  /** Trickle/restart state of a main-thread peer connection (undefined for worker listeners). */
  readonly ice: IceState | undefined
}

/** What makes a session: its peer (main thread) or remote listener (worker), and where it is attached. */
export type SessionInit = {
  readonly id: string
  readonly credential: string
  readonly createdAt: number
  readonly room: string
  readonly track: RoomTrack
  readonly allowedTracks: ReadonlyArray<string>
} & (
  | { readonly kind: "publisher"; readonly pc: RTCPeerConnection; readonly publisher: PublisherLeg }
  | { readonly kind: "listener"; readonly pc: RTCPeerConnection; readonly listener: ListenerLeg }
  | { readonly kind: "listener"; readonly remote: RemoteListener }
)

/** SHA-256 of a credential (sessions keep the digest, never the token). */
export const credentialHash = (credential: string): Buffer =>
  createHash("sha256").update(credential, "utf8").digest()

/** True when `credential` is the one whose digest is `hash` (constant time). */
export const sameCredential = (hash: Buffer, credential: string): boolean =>
  timingSafeEqual(hash, credentialHash(credential))

/** The session record (the one place it is written). */
export const makeSession = (init: SessionInit): Session => {
  const pc = "pc" in init ? init.pc : undefined
  return {
    id: init.id,
    kind: init.kind,
    credentialHash: credentialHash(init.credential),
    pc,
    remote: "remote" in init ? init.remote : undefined,
    createdAt: init.createdAt,
    room: init.room,
    track: init.track,
    listener: "listener" in init ? init.listener : undefined,
    publisher: "publisher" in init ? init.publisher : undefined,
    allowedTracks: init.allowedTracks,
    timer: undefined,
    ice: pc === undefined ? undefined : makeIceState(init.id, pc)
  }
}

/** The pass a listener session holds a seat of (undefined for publishers). */
const passOf = (s: Session): string | undefined => s.listener?.pass ?? s.remote?.pass

/** Sessions by id, and listener sessions by pass in the order they were admitted. */
export interface SessionTable {
  readonly get: (id: string) => Session | undefined
  /** The pass's listener sessions, oldest first. */
  readonly heldBy: (pass: string) => ReadonlyArray<Session>
  readonly add: (s: Session) => void
  /** Removes the session; false when it was not in the table (already ended). */
  readonly remove: (s: Session) => boolean
  readonly values: () => IterableIterator<Session>
  /** How many listener sessions the table holds (main thread and workers). */
  readonly listeners: () => number
}

export const makeSessionTable = (): SessionTable => {
  const byId = new Map<string, Session>()
  const byPass = new Map<string, Session[]>()
  let listeners = 0
  return {
    get: (id) => byId.get(id),
    heldBy: (pass) => byPass.get(pass) ?? [],
    add: (s) => {
      byId.set(s.id, s)
      if (s.kind === "listener") listeners++
      const pass = passOf(s)
      if (pass !== undefined) byPass.set(pass, [...(byPass.get(pass) ?? []), s])
    },
    remove: (s) => {
      if (!byId.delete(s.id)) return false
      if (s.kind === "listener") listeners--
      const pass = passOf(s)
      const list = pass === undefined ? undefined : byPass.get(pass)
      if (pass !== undefined && list !== undefined) {
        const rest = list.filter((x) => x !== s)
        if (rest.length === 0) byPass.delete(pass)
        else byPass.set(pass, rest)
      }
      return true
    },
    values: () => byId.values(),
    listeners: () => listeners
  }
}

/** Where a session keeps its connect-timeout fiber (a `Session`, or a worker's listener entry). */
export interface ConnectTimer {
  timer: Fiber.Fiber<void> | undefined
}

/**
 * Calls `end` when the peer fails or closes, or has not connected after `connectTimeoutMs` on Effect's
 * Clock (a detached fiber that inherits the caller's Clock, kept in `holder.timer` and interrupted on
 * connect; whoever ends the session interrupts it too). Calls `connected` when the peer connects.
 */
export const watchPeer = (
  holder: ConnectTimer,
  pc: RTCPeerConnection,
  connectTimeoutMs: number,
  end: () => void,
  connected: () => void = () => undefined
): Effect.Effect<void> =>
  Effect.gen(function* () {
    holder.timer = yield* Effect.forkDetach(
      Effect.andThen(
        Effect.sleep(connectTimeoutMs),
        Effect.sync(() => {
          holder.timer = undefined
          if (pc.connectionState !== "connected") end()
        })
      )
    )
    pc.connectionStateChange.subscribe((state) => {
      if (state === "connected") {
        holder.timer?.interruptUnsafe()
        holder.timer = undefined
        connected()
      }
      if (state === "failed" || state === "closed") end()
    })
  })
