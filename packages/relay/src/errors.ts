/**
 * The tagged errors of `@microdrop/relay`: each names what was wrong, what a person can do, and the
 * HTTP status the WHIP/WHEP endpoints answer with.
 *
 * Every error is a schema-backed `Error` (Effect's `Schema.TaggedError`) with a literal `_tag`, typed
 * fields and a message built from those fields, so it can be matched with `catchTag` in Effect code or
 * `switch (e._tag)` without Effect.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The request body is not `application/sdp` (WHIP/WHEP offers must be).
 *
 * @category errors
 * @since 0.1.0
 */
export class UnsupportedMediaType extends Schema.TaggedError<UnsupportedMediaType>()("UnsupportedMediaType", {
  /** The Content-Type the client sent (empty when none). */
  received: Schema.String,
  /** The Content-Type the endpoint takes (default "application/sdp"; PATCH takes "application/trickle-ice-sdpfrag"). */
  expected: Schema.optionalKey(Schema.String)
}) {
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
export class InvalidOffer extends Schema.TaggedError<InvalidOffer>()("InvalidOffer", {
  /** What is wrong with the offer, in words. */
  reason: Schema.String
}) {
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
export class MissingCredential extends Schema.TaggedError<MissingCredential>()("MissingCredential", {
  /** Which credential is expected ("publisher secret", "listener pass" or "session credential"). */
  expected: Schema.String
}) {
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
export class InvalidPass extends Schema.TaggedError<InvalidPass>()("InvalidPass", {
  /** Why the pass was rejected. */
  reason: Schema.Literals([
    "malformed",
    "unknown-key",
    "bad-signature",
    "revoked",
    "expired",
    "not-yet-valid"
  ]),
  /** Extra detail (e.g. the expiry time or the failing claim), safe to show. */
  detail: Schema.String
}) {
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
export class InvalidPublisherSecret extends Schema.TaggedError<InvalidPublisherSecret>()(
  "InvalidPublisherSecret",
  {
    /** The room the publisher tried to publish. */
    room: Schema.String
  }
) {
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
export class Forbidden extends Schema.TaggedError<Forbidden>()("Forbidden", {
  /** What the credential does not allow, in words. */
  reason: Schema.String
}) {
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
export class RoomNotFound extends Schema.TaggedError<RoomNotFound>()("RoomNotFound", {
  /** The room asked for. */
  room: Schema.String,
  /** The track asked for, when the room exists but the track does not. */
  track: Schema.optionalKey(Schema.String)
}) {
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
export class SessionNotFound extends Schema.TaggedError<SessionNotFound>()("SessionNotFound", {
  /** The path that was asked for. */
  path: Schema.String
}) {
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
export class RoomHasPublisher extends Schema.TaggedError<RoomHasPublisher>()("RoomHasPublisher", {
  /** The room. */
  room: Schema.String,
  /** The track. */
  track: Schema.String
}) {
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
export class SeatTaken extends Schema.TaggedError<SeatTaken>()("SeatTaken", {
  /** The pass id. */
  pass: Schema.String,
  /** How many concurrent sessions the pass allows. */
  seats: Schema.Number
}) {
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
export class MethodNotAllowed extends Schema.TaggedError<MethodNotAllowed>()("MethodNotAllowed", {
  /** The method used. */
  method: Schema.String,
  /** The methods the resource supports. */
  allow: Schema.Array(Schema.String)
}) {
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
export class PayloadTooLarge extends Schema.TaggedError<PayloadTooLarge>()("PayloadTooLarge", {
  /** The limit in bytes. */
  limit: Schema.Number
}) {
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
export class NegotiationFailed extends Schema.TaggedError<NegotiationFailed>()("NegotiationFailed", {
  /** What failed. */
  reason: Schema.String
}) {
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
 * The relay refuses a listener at once rather than degrade the listeners it serves: it already serves
 * `maxListeners` listeners (`limit` "listeners"), or so many joins are in progress and queued that this
 * one would wait too long (`limit` "joins"). Answered with 503 and `Retry-After`.
 *
 * @category errors
 * @since 0.1.0
 */
export class RelayAtCapacity extends Schema.TaggedError<RelayAtCapacity>()("RelayAtCapacity", {
  /**
   * Which bound was reached: the listener cap, the joins in flight plus the join queue, or none
   * because the relay is closing (a join still waiting, or arriving, is refused).
   */
  limit: Schema.Literals(["listeners", "joins", "closing"]),
  /** The bound: listeners served at most, or joins in flight plus queued at most. */
  capacity: Schema.Number,
  /** Seconds to wait before trying again (the `Retry-After` header). */
  retryAfterSeconds: Schema.Number
}) {
  /** HTTP status: 503. */
  get status(): 503 {
    return 503
  }
  /** Retrying after `retryAfterSeconds` can succeed. */
  get isRetryable(): true {
    return true
  }
  override get message(): string {
    const why =
      this.limit === "listeners"
        ? `serves ${this.capacity} listeners, its limit`
        : this.limit === "joins"
          ? `is busy with ${this.capacity} listeners joining at once`
          : "is closing"
    return `The relay ${why}: try again in ${this.retryAfterSeconds} s.`
  }
}

/**
 * A trickle ICE / ICE restart PATCH body (RFC 8840 `application/trickle-ice-sdpfrag`) cannot be used;
 * names the line and the rule it broke.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidSdpFrag extends Schema.TaggedError<InvalidSdpFrag>()("InvalidSdpFrag", {
  /** 1-based line number of the offending line (0 when the fragment as a whole is wrong). */
  line: Schema.Number,
  /** The rule it broke, in words. */
  reason: Schema.String
}) {
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
 * @since 0.1.0
 */
export class IceSessionMismatch extends Schema.TaggedError<IceSessionMismatch>()("IceSessionMismatch", {
  /** The ufrag the request carried. */
  ufrag: Schema.String
}) {
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
 * @since 0.1.0
 */
export class PreconditionFailed extends Schema.TaggedError<PreconditionFailed>()("PreconditionFailed", {
  /** The If-Match value the client sent. */
  received: Schema.String
}) {
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
export class InvalidRelayConfig extends Schema.TaggedError<InvalidRelayConfig>()("InvalidRelayConfig", {
  /** The offending setting (a CLI flag or config field). */
  field: Schema.String,
  /** The rule it broke, in words. */
  rule: Schema.String
}) {
  override get message(): string {
    return `Invalid relay configuration: ${this.field} ${this.rule}.`
  }
}

/**
 * The step of a WHIP/WHEP client session (a push onward or an upstream pull) that failed.
 *
 * - `"offer"`: the relay could not make its own offer.
 * - `"gather"`: ICE gathering did not finish in time.
 * - `"request"`: the POST did not reach the server (DNS, connection refused, TLS).
 * - `"refused"`: the server answered with an HTTP status other than 201 (see `status`).
 * - `"answer"`: the server's SDP answer could not be applied.
 * - `"idle"`: an upstream pull received no RTP packet for its idle time (the upstream went quiet).
 *
 * @category models
 * @since 0.1.0
 */
export const ClientSessionStep = Schema.Literals(["offer", "gather", "request", "refused", "answer", "idle"])

/**
 * The step of a client session that failed (see {@link ClientSessionStep}).
 *
 * @category models
 * @since 0.1.0
 */
export type ClientSessionStep = typeof ClientSessionStep.Type

/** HTTP statuses after which the same request can succeed later (conflict, throttling, server trouble). */
const retryableStatus = (status: number | undefined): boolean =>
  status === undefined ||
  status === 408 ||
  status === 409 ||
  status === 425 ||
  status === 429 ||
  status >= 500

/** Whether trying the same session again can succeed, per failed step. */
const retryableStep: Record<ClientSessionStep, (status: number | undefined) => boolean> = {
  offer: () => true,
  gather: () => true,
  request: () => true,
  refused: retryableStatus,
  answer: () => false,
  idle: () => true
}

/** The fields of a failed client session (a push onward or an upstream pull). */
const clientFailure = {
  /** The WHIP/WHEP URL. */
  url: Schema.String,
  /** The step that failed. */
  step: ClientSessionStep,
  /** The HTTP status, when the server refused (`step` "refused"). */
  status: Schema.optionalKey(Schema.Number),
  /** What happened, in words. */
  reason: Schema.String
}

/** What happened, from the fields: the HTTP status leads when the server refused. */
const failureText = (e: {
  readonly step: ClientSessionStep
  readonly status?: number | undefined
  readonly reason: string
}): string => (e.step === "refused" && e.status !== undefined ? `HTTP ${e.status}: ${e.reason}` : e.reason)

/**
 * The WHIP server refused or dropped the push; the relay retries after a pause.
 *
 * @category errors
 * @since 0.1.0
 */
export class PushUnavailable extends Schema.TaggedError<PushUnavailable>()("PushUnavailable", clientFailure) {
  /**
   * Whether the same push can succeed later without a change on this side: false for an answer that
   * does not apply and for a refusal such as 400/401/403/404 (fix the URL or the token).
   */
  get isRetryable(): boolean {
    return retryableStep[this.step](this.status)
  }
  override get message(): string {
    return `Cannot push to ${this.url}: ${failureText(this)}. The relay retries; check the WHIP server and its token.`
  }
}

/**
 * The upstream relay refused or dropped the pull; the edge retries after a pause.
 *
 * @category errors
 * @since 0.1.0
 */
export class UpstreamUnavailable extends Schema.TaggedError<UpstreamUnavailable>()(
  "UpstreamUnavailable",
  clientFailure
) {
  /**
   * Whether the same pull can succeed later without a change on this side: false for an answer that
   * does not apply and for a refusal such as 400/401/403/404 (fix the URL or the edge's pass).
   */
  get isRetryable(): boolean {
    return retryableStep[this.step](this.status)
  }
  override get message(): string {
    return `Cannot pull ${this.url}: ${failureText(this)}. The edge retries; check the upstream relay and the edge's pass.`
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
  | RelayAtCapacity
  | InvalidSdpFrag
  | IceSessionMismatch
  | PreconditionFailed
