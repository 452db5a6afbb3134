import { describe, expect, it } from "vitest"
import * as E from "../src/errors.ts"

describe("errors", () => {
  const cases: Array<[E.RelayRequestError | E.InvalidConfig, string, number | undefined, string]> = [
    [new E.UnsupportedMediaType({ received: "text/plain" }), "UnsupportedMediaType", 415, "application/sdp"],
    [new E.InvalidOffer({ reason: "it has no audio section" }), "InvalidOffer", 400, "no audio section"],
    [
      new E.MissingCredential({ expected: "listener pass" }),
      "MissingCredential",
      401,
      "Authorization: Bearer"
    ],
    [
      new E.InvalidPass({ reason: "expired", detail: "expired at X" }),
      "InvalidPass",
      401,
      "has expired (expired at X)"
    ],
    [new E.InvalidPublisherSecret({ room: "main" }), "InvalidPublisherSecret", 401, "--publisher-secret"],
    [new E.Forbidden({ reason: "this pass is for room 'a'" }), "Forbidden", 403, "room 'a'"],
    [new E.RoomNotFound({ room: "main" }), "RoomNotFound", 404, "Room 'main'"],
    [new E.RoomNotFound({ room: "main", track: "x" }), "RoomNotFound", 404, "no track 'x'"],
    [new E.SessionNotFound({ path: "/sessions/x" }), "SessionNotFound", 404, "/sessions/x"],
    [
      new E.RoomHasPublisher({ room: "main", track: "mix" }),
      "RoomHasPublisher",
      409,
      "already has a publisher"
    ],
    [new E.SeatTaken({ pass: "p", seats: 1 }), "SeatTaken", 409, "1 session,"],
    [new E.MethodNotAllowed({ method: "GET", allow: ["POST"] }), "MethodNotAllowed", 405, "use POST"],
    [new E.PayloadTooLarge({ limit: 10 }), "PayloadTooLarge", 413, "10 bytes"],
    [new E.NegotiationFailed({ reason: "ICE" }), "NegotiationFailed", 503, "try again"],
    [
      new E.UnsupportedMediaType({ received: "", expected: "application/trickle-ice-sdpfrag" }),
      "UnsupportedMediaType",
      415,
      "(no Content-Type)': send the ICE candidates (RFC 8840 sdpfrag) with Content-Type: application/trickle-ice-sdpfrag"
    ],
    [
      new E.InvalidSdpFrag({ line: 3, reason: "a=mid must follow an m= line" }),
      "InvalidSdpFrag",
      400,
      "line 3: a=mid"
    ],
    [new E.IceSessionMismatch({ ufrag: "abcd" }), "IceSessionMismatch", 409, "'If-Match: *'"],
    [new E.PreconditionFailed({ received: '"x"' }), "PreconditionFailed", 412, 'If-Match "x" does not match'],
    [
      new E.InvalidConfig({ field: "port", rule: "must be a port" }),
      "InvalidConfig",
      undefined,
      "port must be a port"
    ]
  ]
  for (const [error, tag, status, text] of cases)
    it(`${tag} has its tag, status ${status ?? "(none)"} and a message that says what to do`, () => {
      expect(error._tag).toBe(tag)
      expect(error).toBeInstanceOf(Error)
      if (status !== undefined) expect((error as E.RelayRequestError).status).toBe(status)
      expect(error.message).toContain(text)
    })

  it("marks a failed negotiation as retryable", () => {
    expect(new E.NegotiationFailed({ reason: "x" }).isRetryable).toBe(true)
  })
})
