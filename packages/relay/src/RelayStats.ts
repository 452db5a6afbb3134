/**
 * A snapshot of the relay's traffic: per room track and per listener, for `/stats` and `/metrics`.
 *
 * @since 0.1.0
 */

/**
 * Traffic of one listener session.
 *
 * @category models
 * @since 0.1.0
 */
export interface ListenerStats {
  /** Session id. */
  readonly session: string
  /** Pass id. */
  readonly pass: string
  /** Track the listener hears. */
  readonly track: string
  /** SRTP packets sent to this listener. */
  readonly packetsOut: number
  /** SRTP bytes sent to this listener. */
  readonly bytesOut: number
  /** Fraction lost (0-1) in the listener's latest RTCP receiver report. */
  readonly fractionLost: number
  /** Cumulative packets lost, from the latest receiver report. */
  readonly packetsLost: number
  /** Interarrival jitter from the latest receiver report, in ms. */
  readonly jitterMs: number
}

/**
 * Traffic of one track of a room.
 *
 * @category models
 * @since 0.1.0
 */
export interface TrackStats {
  /** Room name. */
  readonly room: string
  /** Track name. */
  readonly track: string
  /** Whether a publisher is attached. */
  readonly publishing: boolean
  /** Listeners on the track. */
  readonly listeners: number
  /** RTP packets received from the publisher. */
  readonly packetsIn: number
  /** RTP payload bytes received. */
  readonly bytesIn: number
  /** Packets sent to listeners (one per connected listener per packet; none to a listener still joining). */
  readonly packetsOut: number
  /** Payload bytes sent to listeners. */
  readonly bytesOut: number
  /** Added latency through the relay (receive → sent to all listeners), p50, ms. */
  readonly latencyP50Ms: number
  /** Added latency through the relay, p99, ms. */
  readonly latencyP99Ms: number
  /** Listener loss: mean fraction lost over the listeners' latest receiver reports. */
  readonly meanFractionLost: number
  /** Listener loss: sum of cumulative packets lost over the listeners. */
  readonly packetsLost: number
  /** Mean interarrival jitter over the listeners, ms. */
  readonly meanJitterMs: number
}

/**
 * Admission control: the listener cap and the joins in progress, queued and refused.
 *
 * @category models
 * @since 0.1.0
 */
export interface AdmissionStats {
  /** Listener sessions this process serves at most (absent: no cap). */
  readonly maxListeners?: number
  /** Listener sessions now (main thread and workers). */
  readonly listeners: number
  /** Joins (answer, ICE, DTLS handshake) in progress at once, at most. */
  readonly maxJoinsInFlight: number
  /** Joins in progress now. */
  readonly joinsInFlight: number
  /** Joins waiting for a slot now. */
  readonly joinsQueued: number
  /** Listeners refused (503) since start, by the bound they hit: the listener cap or a full join queue. */
  readonly refused: { readonly listeners: number; readonly joins: number }
}

/**
 * A snapshot of the whole relay.
 *
 * @category models
 * @since 0.1.0
 */
export interface RelayStats {
  /** One entry per room track. */
  readonly tracks: ReadonlyArray<TrackStats>
  /** One entry per listener session. */
  readonly listeners: ReadonlyArray<ListenerStats>
  /** Listener sessions created since start. */
  readonly joins: number
  /** Publisher sessions created since start. */
  readonly publishes: number
  /** Requests refused, by HTTP status. */
  readonly refused: Readonly<Record<string, number>>
  /** Admission control (the relay always reports it; optional for snapshots built by hand). */
  readonly admission?: AdmissionStats
}
