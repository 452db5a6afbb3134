/**
 * One track of a room (e.g. the room mix, or a binaural mix): its current publisher, its listeners and
 * the plain, per-packet forwarding path through one werift hub track.
 *
 * @since 0.1.0
 */
import { performance } from "node:perf_hooks"
import type { RTCPeerConnection, RTCRtpSender, RtpPacket } from "werift"
import { MediaStreamTrack } from "werift"
import { leanSend, ntpNow } from "./internal/leanSend.ts"
import { type LatencyWindow, makeLatencyWindow } from "./LatencyWindow.ts"

/** Opus RTP clock: 48 kHz, i.e. 48 timestamp units per millisecond. */
const OPUS_UNITS_PER_MS = 48

/**
 * A listener attached to a track.
 *
 * @category models
 * @since 0.1.0
 */
export interface ListenerLeg {
  /** The session id. */
  readonly id: string
  /** The listener's pass id. */
  readonly pass: string
  /** The werift sender that carries the track to this listener. */
  readonly sender: RTCRtpSender
  /** The peer connection. */
  readonly pc: RTCPeerConnection
  /** The track the listener hears now (changes on a VIP switch). */
  track: RoomTrack
  /** Loss and jitter from the listener's latest RTCP receiver report. */
  readonly report: { fractionLost: number; packetsLost: number; jitterMs: number; reports: number }
}

/**
 * The publisher feeding a track.
 *
 * @category models
 * @since 0.1.0
 */
export interface PublisherLeg {
  /** The session id (or an upstream pull's id). */
  readonly id: string
}

/**
 * A track of a room and its forwarding state. Mutable on purpose: this is the per-packet hot path.
 *
 * @category models
 * @since 0.1.0
 */
export interface RoomTrack {
  /** Room name. */
  readonly room: string
  /** Track name. */
  readonly name: string
  /** The local werift track every listener's sender is attached to (packets go out through leanSend). */
  readonly hub: MediaStreamTrack
  /** Listeners on this track. */
  readonly listeners: Set<ListenerLeg>
  /** The current publisher; packets from any other source are dropped. */
  publisher: PublisherLeg | undefined
  /** performance.now() of the last forwarded packet. */
  lastForwardAt: number | undefined
  /** Set when the source changes: the next packet re-bases every listener's seq/timestamp. */
  continuityPending: boolean
  /** RTP packets received from the publisher. */
  packetsIn: number
  /** RTP payload bytes received. */
  bytesIn: number
  /**
   * RTP packets sent to listeners (one per listener per packet), counting only listeners whose DTLS
   * is connected: a listener still joining (or one whose handshake failed) is sent nothing.
   */
  packetsOut: number
  /** RTP payload bytes sent to listeners. */
  bytesOut: number
  /** Receive → all listeners' packets encrypted and handed to the socket, in ms. */
  readonly latency: LatencyWindow
  /** Also hands each forwarded packet here (worker mode: posts it to the listener workers). */
  mirror: ((rtp: RtpPacket) => void) | undefined
}

/**
 * Makes an empty track.
 *
 * @param room - The room name.
 * @param name - The track name.
 * @returns A track with no publisher and no listeners.
 * @category constructors
 * @since 0.1.0
 */
export const makeRoomTrack = (room: string, name: string): RoomTrack => ({
  room,
  name,
  hub: new MediaStreamTrack({ kind: "audio" }),
  listeners: new Set(),
  publisher: undefined,
  lastForwardAt: undefined,
  continuityPending: false,
  packetsIn: 0,
  bytesIn: 0,
  packetsOut: 0,
  bytesOut: 0,
  latency: makeLatencyWindow(),
  mirror: undefined
})

/**
 * Forwards one packet from `source` to every listener of the track (the hot path: plain code).
 *
 * On the first packet after a source change, each sender is told to continue its own sequence and
 * to step its timestamp by the wall-clock gap, so listeners' jitter buffers keep playing
 * (RELAY-NOTES.md: the replaceRTP recipe).
 *
 * @param track - The track.
 * @param source - The publisher the packet came from.
 * @param rtp - The packet (sent without its header extensions).
 * @category forwarding
 * @since 0.1.0
 */
export const forward = (track: RoomTrack, source: PublisherLeg, rtp: RtpPacket): void => {
  if (track.publisher !== source) return
  const start = performance.now()
  if (track.continuityPending) {
    const step =
      track.lastForwardAt === undefined
        ? 20 * OPUS_UNITS_PER_MS
        : Math.max(1, Math.round((start - track.lastForwardAt) * OPUS_UNITS_PER_MS))
    for (const l of track.listeners) l.sender.replaceRTP(rtp.header, false, step)
    track.continuityPending = false
  }
  if (track.mirror !== undefined) track.mirror(rtp)
  const bytes = rtp.payload.length
  track.packetsIn++
  track.bytesIn += bytes
  const ntp = ntpNow()
  let n = 0
  for (const l of track.listeners) if (leanSend(l.sender, rtp, ntp)) n++
  track.packetsOut += n
  track.bytesOut += bytes * n
  const end = performance.now()
  track.lastForwardAt = end
  track.latency.record(end - start)
}

/**
 * Makes `publisher` the track's source; the next packet re-bases every listener.
 *
 * @param track - The track.
 * @param publisher - The new publisher, or undefined when the publisher left.
 * @category forwarding
 * @since 0.1.0
 */
export const setPublisher = (track: RoomTrack, publisher: PublisherLeg | undefined): void => {
  track.publisher = publisher
  if (publisher !== undefined && track.lastForwardAt !== undefined) track.continuityPending = true
}

/**
 * Moves a listener to another track of the same room without renegotiation (a VIP switching
 * between the room mix and the binaural mix).
 *
 * @param leg - The listener.
 * @param to - The track to hear.
 * @category forwarding
 * @since 0.1.0
 */
export const moveListener = async (leg: ListenerLeg, to: RoomTrack): Promise<void> => {
  if (leg.track === to) return
  leg.track.listeners.delete(leg)
  await leg.sender.replaceTrack(to.hub)
  leg.sender.replaceRTP({ sequenceNumber: 0, timestamp: 0 }, false, 20 * OPUS_UNITS_PER_MS)
  leg.track = to
  to.listeners.add(leg)
}
