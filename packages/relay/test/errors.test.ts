import { describe, expect, it } from "vitest"
import * as E from "../src/errors.ts"

describe("errors", () => {
  type AnyError = E.RelayRequestError | E.InvalidRelayConfig | E.PushUnavailable | E.UpstreamUnavailable
  const cases: Array<[AnyError, string, number | undefined, string]> = [
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
      new E.RelayAtCapacity({ limit: "listeners", capacity: 500, retryAfterSeconds: 10 }),
      "RelayAtCapacity",
      503,
      "The relay serves 500 listeners, its limit: try again in 10 s."
    ],
    [
      new E.RelayAtCapacity({ limit: "joins", capacity: 1040, retryAfterSeconds: 2 }),
      "RelayAtCapacity",
      503,
      "The relay is busy with 1040 listeners joining at once: try again in 2 s."
    ],
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
      new E.InvalidRelayConfig({ field: "port", rule: "must be a port" }),
      "InvalidRelayConfig",
      undefined,
      "Invalid relay configuration: port must be a port."
    ],
    [
      new E.PushUnavailable({
        url: "https://cdn.example/whip",
        step: "refused",
        status: 401,
        reason: "bad token"
      }),
      "PushUnavailable",
      undefined,
      "Cannot push to https://cdn.example/whip: HTTP 401: bad token. The relay retries"
    ],
    [
      new E.PushUnavailable({
        url: "https://cdn.example/whip",
        step: "gather",
        reason: "ICE gathering timed out"
      }),
      "PushUnavailable",
      undefined,
      "Cannot push to https://cdn.example/whip: ICE gathering timed out. The relay retries"
    ],
    [
      new E.UpstreamUnavailable({
        url: "https://o.example/whep/a",
        step: "refused",
        status: 503,
        reason: "busy"
      }),
      "UpstreamUnavailable",
      undefined,
      "Cannot pull https://o.example/whep/a: HTTP 503: busy. The edge retries"
    ],
    [
      new E.UpstreamUnavailable({
        url: "https://o.example/whep/a",
        step: "idle",
        reason: "no RTP packet for 3000 ms"
      }),
      "UpstreamUnavailable",
      undefined,
      "Cannot pull https://o.example/whep/a: no RTP packet for 3000 ms. The edge retries"
    ]
  ]
  for (const [error, tag, status, text] of cases)
    it(`${tag} has its tag, status ${status ?? "(none)"} and a message that says what to do`, () => {
      expect(error._tag).toBe(tag)
      expect(error).toBeInstanceOf(Error)
      if (status !== undefined) expect((error as E.RelayRequestError).status).toBe(status)
      expect(error.message).toContain(text)
    })

  it("covers every error class errors.ts exports", () => {
    const classes = Object.entries(E)
      .filter(([, v]) => typeof v === "function" && v.prototype instanceof Error)
      .map(([name]) => name)
      .sort()
    expect(classes).toEqual([...new Set(cases.map(([, tag]) => tag))].sort())
  })

  it("names each class after its tag", () => {
    for (const [error, tag] of cases) expect(error.constructor.name).toBe(tag)
  })

  it("marks a failed negotiation as retryable", () => {
    expect(new E.NegotiationFailed({ reason: "x" }).isRetryable).toBe(true)
  })

  it("derives push and pull retry advice from the failed step and the HTTP status, never the text", () => {
    const advice = (step: E.ClientSessionStep, status?: number) => {
      const fields = {
        url: "https://x.example/w",
        step,
        reason: "HTTP 503 timeout retry",
        ...(status === undefined ? {} : { status })
      }
      const push = new E.PushUnavailable(fields).isRetryable
      expect(new E.UpstreamUnavailable(fields).isRetryable).toBe(push)
      return push
    }
    for (const step of ["offer", "gather", "request", "idle"] as const) expect(advice(step)).toBe(true)
    expect(advice("answer")).toBe(false)
    for (const status of [400, 401, 403, 404, 405, 413, 415]) expect(advice("refused", status)).toBe(false)
    for (const status of [408, 409, 425, 429, 500, 502, 503, 504])
      expect(advice("refused", status)).toBe(true)
  })
})
