/** Builds a listener leg and keeps its loss and jitter from the listener's RTCP receiver reports. */
import type { RTCPeerConnection, RTCRtpSender } from "werift"
import type { ListenerLeg, RoomTrack } from "../RoomTrack.ts"

/** RTCP sender report (200) and receiver report (201) packet types; both carry report blocks. */
const SR = 200
const RR = 201

export const makeListenerLeg = (
  id: string,
  pass: string,
  sender: RTCRtpSender,
  pc: RTCPeerConnection,
  track: RoomTrack
): ListenerLeg => {
  const leg: ListenerLeg = {
    id,
    pass,
    sender,
    pc,
    track,
    report: { fractionLost: 0, packetsLost: 0, jitterMs: 0, reports: 0 }
  }
  const ssrc = sender.ssrc
  sender.onRtcp.subscribe((packet) => {
    if (packet.type !== RR && packet.type !== SR) return
    for (const rep of packet.reports)
      if (rep.ssrc === ssrc) {
        leg.report.fractionLost = rep.fractionLost / 256
        leg.report.packetsLost = rep.packetsLost
        leg.report.jitterMs = rep.jitter / 48 // 48 kHz RTP clock → ms
        leg.report.reports++
      }
  })
  return leg
}
