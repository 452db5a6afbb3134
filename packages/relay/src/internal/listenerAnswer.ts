// The WHEP listener's answer, shared by the main thread and listener workers: a fresh peer connection
// whose first audio transceiver sends the track's hub (every other section inactive), answered with
// all ICE candidates. A peer that cannot be answered is closed before the failure is returned.
import { Effect } from "effect"
import type { RTCPeerConnection, RTCRtpSender } from "werift"
import { type InvalidOffer, NegotiationFailed } from "../errors.ts"
import type { RoomTrack } from "../RoomTrack.ts"
import { answerOffer, makePeer, type PeerOptions } from "./peer.ts"

/** A listener's peer connection, the sender that carries the track, and the SDP answer. */
export interface ListenerAnswer {
  readonly pc: RTCPeerConnection
  readonly sender: RTCRtpSender
  readonly answer: string
}

export const answerListener = (
  offer: string,
  track: RoomTrack,
  options: PeerOptions
): Effect.Effect<ListenerAnswer, InvalidOffer | NegotiationFailed> =>
  Effect.suspend(() => {
    const pc = makePeer(options)
    let sender: RTCRtpSender | undefined
    return answerOffer(pc, offer, options, async (p) => {
      for (const tr of p.getTransceivers()) {
        if (tr.kind === "audio" && sender === undefined) {
          tr.setDirection("sendonly")
          await tr.sender.replaceTrack(track.hub)
          sender = tr.sender
        } else tr.setDirection("inactive")
      }
    }).pipe(
      Effect.flatMap((answer) =>
        // answerOffer refuses an offer without an audio section, so a sender is always there.
        sender === undefined
          ? Effect.fail(new NegotiationFailed({ reason: "the offer has no audio section to send on" }))
          : Effect.succeed({ pc, sender, answer })
      ),
      Effect.tapError(() => Effect.promise(() => pc.close().catch(() => undefined)))
    )
  })
