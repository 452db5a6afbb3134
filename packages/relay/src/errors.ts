/**
 * The tagged errors of `@microdrop/relay`: each names what was wrong, what a person can do, and the
 * HTTP status the WHIP/WHEP endpoints answer with.
 *
 * Every error is an `Error` with a literal `_tag` (Effect's `Data.TaggedError`), so it can be matched
 * with `catchTag` in Effect code or `switch (e._tag)` without Effect.
 *
 * @since 0.1.0
 */
import { Data } from "effect"

/**
 * The request body is not `application/sdp` (WHIP/WHEP offers must be).
 *
 * @category errors
 * @since 0.1.0
 */
export class UnsupportedMediaType extends Data.TaggedError("UnsupportedMediaType")<{
  /** The Content-Type the client sent (empty when none). */
  readonly received: string
  /** The Content-Type the endpoint takes (default "application/sdp"; PATCH takes "application/trickle-ice-sdpfrag"). */
  readonly expected?: string
}> {
  /** HTTP status: 415. */
  get status(): 415 {
    return 415
  }
  override get message(): string {
    const expected = this.expected ?? "application/sdp"
    const what = expected === "application/sdp" ? "the SDP offer" : "the ICE candidates (RFC 8840 sdpfrag)"
    return `The request was sent as '${this.received || "(no Content-Type)"}': send ${what} with Content-Type: ${expected}.`
  }
}

/**
 * The SDP offer cannot be used: it does not parse, has no audio section, or offers no Opus.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidOffer extends Data.TaggedError("InvalidOffer")<{
  /** What is wrong with the offer, in words. */
  readonly reason: string
}> {
  /** HTTP status: 400. */
  get status(): 400 {
    return 400
  }
  override get message(): string {
    return `The SDP offer cannot be used: ${this.reason}. Offer one audio section with the Opus codec (48000/2).`
  }
}

/**
 * The request carries no `Authorization: Bearer …` credential.
 *
 * @category errors
 * @since 0.1.0
 */
export class MissingCredential extends Data.TaggedError("MissingCredential")<{
  /** Which credential is expected ("publisher secret", "listener pass" or "session credential"). */
  readonly expected: string
}> {
  /** HTTP status: 401. */
  get status(): 401 {
    return 401
  }
  override get message(): string {
    return `This endpoint needs a ${this.expected}: send it as 'Authorization: Bearer <token>'.`
  }
}

/**
 * The listener pass token is malformed, signed with an unknown key or badly, revoked, expired or not
 * yet valid (one reason per `@microdrop/codes` token error).
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidPass extends Data.TaggedError("InvalidPass")<{
  /** Why the pass was rejected. */
  readonly reason: "malformed" | "unknown-key" | "bad-signature" | "revoked" | "expired" | "not-yet-valid"
  /** Extra detail (e.g. the expiry time or the failing claim), safe to show. */
  readonly detail: string
}> {
  /** HTTP status: 401. */
  get status(): 401 {
    return 401
  }
  override get message(): string {
    const what: Record<InvalidPass["reason"], string> = {
      malformed: "is not a pass token",
      "unknown-key": "is signed with a key this relay does not have",
      "bad-signature": "has a signature this relay does not accept",
      revoked: "has been revoked",
      expired: "has expired",
      "not-yet-valid": "is not valid yet"
    }
    return `The listener pass ${what[this.reason]}${this.detail ? ` (${this.detail})` : ""}: get a fresh pass from the event site.`
  }
}

/**
 * The publisher secret does not match the relay's.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidPublisherSecret extends Data.TaggedError("InvalidPublisherSecret")<{
  /** The room the publisher tried to publish. */
  readonly room: string
}> {
  /** HTTP status: 401. */
  get status(): 401 {
    return 401
  }
  override get message(): string {
    return `The publisher secret for room '${this.room}' is wrong: use the secret the relay was started with (--publisher-secret) as the bearer token.`
  }
}

/**
 * A valid credential that does not allow this request: a pass for another room or track, or a
 * credential other than the one that created the session.
 *
 * @category errors
 * @since 0.1.0
 */
export class Forbidden extends Data.TaggedError("Forbidden")<{
  /** What the credential does not allow, in words. */
  readonly reason: string
}> {
  /** HTTP status: 403. */
  get status(): 403 {
    return 403
  }
  override get message(): string {
    return `Not allowed: ${this.reason}.`
  }
}

/**
 * No such room (or no such track in the room) on this relay.
 *
 * @category errors
 * @since 0.1.0
 */
export class RoomNotFound extends Data.TaggedError("RoomNotFound")<{
  /** The room asked for. */
  readonly room: string
  /** The track asked for, when the room exists but the track does not. */
  readonly track?: string
}> {
  /** HTTP status: 404. */
  get status(): 404 {
    return 404
  }
  override get message(): string {
    return this.track === undefined
      ? `Room '${this.room}' is not on this relay: check the room name, or wait until the publisher has started.`
      : `Room '${this.room}' has no track '${this.track}': check the track name in the listen URL.`
  }
}

/**
 * No session at this URL (never created, ended, or its peer connection closed).
 *
 * @category errors
 * @since 0.1.0
 */
export class SessionNotFound extends Data.TaggedError("SessionNotFound")<{
  /** The path that was asked for. */
  readonly path: string
}> {
  /** HTTP status: 404. */
  get status(): 404 {
    return 404
  }
  override get message(): string {
    return `There is no session at ${this.path}: it has ended or never existed. Start a new one with POST.`
  }
}

/**
 * The room's track already has a live publisher and the relay refuses takeovers.
 *
 * @category errors
 * @since 0.1.0
 */
export class RoomHasPublisher extends Data.TaggedError("RoomHasPublisher")<{
  /** The room. */
  readonly room: string
  /** The track. */
  readonly track: string
}> {
  /** HTTP status: 409. */
  get status(): 409 {
    return 409
  }
  override get message(): string {
    return `Track '${this.track}' of room '${this.room}' already has a publisher: stop it (DELETE its session URL) first, or start the relay with takeover "replace".`
  }
}

/**
 * The listener pass already holds as many sessions as it allows, and the relay refuses extra ones.
 *
 * @category errors
 * @since 0.1.0
 */
export class SeatTaken extends Data.TaggedError("SeatTaken")<{
  /** The pass id. */
  readonly pass: string
  /** How many concurrent sessions the pass allows. */
  readonly seats: number
}> {
  /** HTTP status: 409. */
  get status(): 409 {
    return 409
  }
  override get message(): string {
    return `Pass '${this.pass}' is already listening on ${this.seats} session${this.seats === 1 ? "" : "s"}, its limit: close the other player first.`
  }
}

/**
 * The method is not supported on this resource (e.g. trickle ICE `PATCH`; this relay gathers all
 * candidates before it answers).
 *
 * @category errors
 * @since 0.1.0
 */
export class MethodNotAllowed extends Data.TaggedError("MethodNotAllowed")<{
  /** The method used. */
  readonly method: string
  /** The methods the resource supports. */
  readonly allow: ReadonlyArray<string>
}> {
  /** HTTP status: 405. */
  get status(): 405 {
    return 405
  }
  override get message(): string {
    return `${this.method} is not supported here; use ${this.allow.join(", ")}.`
  }
}

/**
 * The request body is larger than the relay accepts.
 *
 * @category errors
 * @since 0.1.0
 */
export class PayloadTooLarge extends Data.TaggedError("PayloadTooLarge")<{
  /** The limit in bytes. */
  readonly limit: number
}> {
  /** HTTP status: 413. */
  get status(): 413 {
    return 413
  }
  override get message(): string {
    return `The request body is larger than ${this.limit} bytes: an SDP offer for one audio track is a few kilobytes.`
  }
}

/**
 * WebRTC negotiation failed inside the relay (e.g. ICE gathering did not finish). Retrying can help.
 *
 * @category errors
 * @since 0.1.0
 */
export class NegotiationFailed extends Data.TaggedError("NegotiationFailed")<{
  /** What failed. */
  readonly reason: string
}> {
  /** HTTP status: 503. */
  get status(): 503 {
    return 503
  }
  /** Retrying after a moment can succeed. */
  get isRetryable(): true {
    return true
  }
  override get message(): string {
    return `The relay could not set up the connection (${this.reason}): try again in a moment.`
  }
}

/**
 * A trickle ICE / ICE restart PATCH body (RFC 8840 `application/trickle-ice-sdpfrag`) cannot be used;
 * names the line and the rule it broke.
 *
 * @category errors
 * @since 0.2.0
 */
export class InvalidSdpFrag extends Data.TaggedError("InvalidSdpFrag")<{
  /** 1-based line number of the offending line (0 when the fragment as a whole is wrong). */
  readonly line: number
  /** The rule it broke, in words. */
  readonly reason: string
}> {
  /** HTTP status: 400. */
  get status(): 400 {
    return 400
  }
  override get message(): string {
    const where = this.line > 0 ? `line ${this.line}: ` : ""
    return `The ICE fragment cannot be used: ${where}${this.reason}. Send RFC 8840 lines such as 'a=ice-ufrag:…', 'a=ice-pwd:…', 'm=audio 9 UDP/TLS/RTP/SAVPF 0', 'a=mid:0', 'a=candidate:…' and 'a=end-of-candidates'.`
  }
}

/**
 * A trickle PATCH names an ICE session (ufrag/pwd) that is not the session's current one: it belongs to
 * an ICE session the relay already restarted away from, or it changes the credentials while claiming
 * the current ICE session with `If-Match` (RFC 9725 §4.3.1).
 *
 * @category errors
 * @since 0.2.0
 */
export class IceSessionMismatch extends Data.TaggedError("IceSessionMismatch")<{
  /** The ufrag the request carried. */
  readonly ufrag: string
}> {
  /** HTTP status: 409. */
  get status(): 409 {
    return 409
  }
  override get message(): string {
    return `The candidates are for ICE ufrag '${this.ufrag}', which is not this session's current ICE session: trickle with the current ufrag/pwd, or restart ICE with new ones and 'If-Match: *'.`
  }
}

/**
 * The PATCH's `If-Match` does not name the session's current ICE session (its entity tag changes on
 * every ICE restart).
 *
 * @category errors
 * @since 0.2.0
 */
export class PreconditionFailed extends Data.TaggedError("PreconditionFailed")<{
  /** The If-Match value the client sent. */
  readonly received: string
}> {
  /** HTTP status: 412. */
  get status(): 412 {
    return 412
  }
  override get message(): string {
    return `If-Match ${this.received} does not match this session's current ICE session: use the ETag of the latest 201 or ICE restart response, or 'If-Match: *' to restart ICE.`
  }
}

/**
 * The relay configuration is not valid; names the field and the rule.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidConfig extends Data.TaggedError("InvalidConfig")<{
  /** The offending setting (a CLI flag or config field). */
  readonly field: string
  /** The rule it broke, in words. */
  readonly rule: string
}> {
  override get message(): string {
    return `Invalid relay configuration: ${this.field} ${this.rule}.`
  }
}

/**
 * Any error a WHIP/WHEP request can end with; each has an HTTP `status`.
 *
 * @category errors
 * @since 0.1.0
 */
export type RelayRequestError =
  | UnsupportedMediaType
  | InvalidOffer
  | MissingCredential
  | InvalidPass
  | InvalidPublisherSecret
  | Forbidden
  | RoomNotFound
  | SessionNotFound
  | RoomHasPublisher
  | SeatTaken
  | MethodNotAllowed
  | PayloadTooLarge
  | NegotiationFailed
  | InvalidSdpFrag
  | IceSessionMismatch
  | PreconditionFailed
