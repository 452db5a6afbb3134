// Stats aggregation, shared by the main thread and listener workers: each thread sums its own listeners
// per track (`trackPart`), and the main thread adds the workers' parts to its own (`trackStats`).
import type { ListenerStats, TrackStats } from "../RelayStats.ts"
import type { ListenerLeg, RoomTrack } from "../RoomTrack.ts"
import type { WorkerTrackStats } from "./workerProtocol.ts"

/** One listener's traffic and its latest RTCP receiver report. */
export const listenerStats = (leg: ListenerLeg): ListenerStats => {
  const dtls = leg.sender.dtlsTransport
  return {
    session: leg.id,
    pass: leg.pass,
    track: leg.track.name,
    packetsOut: dtls?.packetsSent ?? 0,
    bytesOut: dtls?.bytesSent ?? 0,
    fractionLost: leg.report.fractionLost,
    packetsLost: leg.report.packetsLost,
    jitterMs: leg.report.jitterMs
  }
}

/** One thread's part of a track: its listeners, what it sent, its added latency, loss and jitter sums. */
export const trackPart = (key: string, t: RoomTrack): WorkerTrackStats => {
  let sumFractionLost = 0
  let packetsLost = 0
  let sumJitterMs = 0
  for (const l of t.listeners) {
    sumFractionLost += l.report.fractionLost
    packetsLost += l.report.packetsLost
    sumJitterMs += l.report.jitterMs
  }
  return {
    key,
    listeners: t.listeners.size,
    packetsOut: t.packetsOut,
    bytesOut: t.bytesOut,
    latencyP50Ms: t.latency.percentile(0.5),
    latencyP99Ms: t.latency.percentile(0.99),
    sumFractionLost,
    packetsLost,
    sumJitterMs
  }
}

/**
 * A track's stats: the main thread's part plus the workers' parts. Counts add up; the added latency is
 * the main thread's (receive → posted) plus the slowest worker's; loss and jitter are means over every
 * listener.
 */
export const trackStats = (
  t: RoomTrack,
  local: WorkerTrackStats,
  remote: ReadonlyArray<WorkerTrackStats>
): TrackStats => {
  const parts = [local, ...remote]
  const sum = (f: (x: WorkerTrackStats) => number) => parts.reduce((a, x) => a + f(x), 0)
  const worst = (f: (x: WorkerTrackStats) => number) => remote.reduce((a, x) => Math.max(a, f(x)), 0)
  const n = sum((x) => x.listeners)
  const mean = (f: (x: WorkerTrackStats) => number) => (n === 0 ? 0 : sum(f) / n)
  return {
    room: t.room,
    track: t.name,
    publishing: t.publisher !== undefined,
    listeners: n,
    packetsIn: t.packetsIn,
    bytesIn: t.bytesIn,
    packetsOut: sum((x) => x.packetsOut),
    bytesOut: sum((x) => x.bytesOut),
    latencyP50Ms: local.latencyP50Ms + worst((x) => x.latencyP50Ms),
    latencyP99Ms: local.latencyP99Ms + worst((x) => x.latencyP99Ms),
    meanFractionLost: mean((x) => x.sumFractionLost),
    packetsLost: sum((x) => x.packetsLost),
    meanJitterMs: mean((x) => x.sumJitterMs)
  }
}
