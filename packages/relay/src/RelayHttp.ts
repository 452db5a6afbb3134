/**
 * The HTTP face of the relay: WHIP (RFC 9725) and WHEP endpoints, session resources, CORS,
 * `/metrics` and `/stats`, as a node:http request listener.
 *
 * Routes: `POST /whip/<room>[/<track>]`, `POST /whep/<room>[/<track>]`, `DELETE|PATCH /sessions/<id>`
 * (PATCH: trickle ICE or ICE restart with an `application/trickle-ice-sdpfrag` body, RFC 9725 §4.3),
 * `POST /sessions/<id>/track` (JSON `{"track": "…"}`: switch a listener's track), `OPTIONS` anywhere,
 * `GET /metrics`, `GET /stats` (publisher secret), `GET /healthz`.
 *
 * @since 0.1.0
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http"
import { Effect, Exit, Result, Schema } from "effect"
import type { Registry } from "prom-client"
import {
  InvalidOffer,
  MethodNotAllowed,
  PayloadTooLarge,
  type RelayRequestError,
  UnsupportedMediaType
} from "./errors.ts"
import { Name } from "./Name.ts"
import type { PatchResult, RelayShape, SessionCreated } from "./Relay.ts"
import { SDPFRAG_MEDIA_TYPE } from "./SdpFrag.ts"

/**
 * Options of the HTTP layer.
 *
 * @category models
 * @since 0.1.0
 */
export interface HttpOptions {
  /** Access-Control-Allow-Origin for browser players (default "*"). */
  readonly corsOrigin: string
  /** Largest request body accepted, in bytes. */
  readonly maxBodyBytes: number
}

const SwitchBody = Schema.fromJsonString(Schema.Struct({ track: Name }))
const decodeSwitch = Schema.decodeUnknownResult(SwitchBody)
const isName = Schema.is(Name)

const bearer = (req: IncomingMessage): string | undefined => {
  const h = req.headers.authorization
  if (h === undefined) return undefined
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h)
  return m?.[1]
}

const readBody = (req: IncomingMessage, limit: number): Promise<string | PayloadTooLarge> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    req.on("data", (c: Buffer) => {
      size += c.length
      if (size > limit) over = true
      else chunks.push(c)
    })
    req.on("end", () =>
      resolve(over ? new PayloadTooLarge({ limit }) : Buffer.concat(chunks).toString("utf8"))
    )
    req.on("error", reject)
  })

const mediaType = (req: IncomingMessage): string =>
  (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? ""

/**
 * Makes the request listener.
 *
 * @param relay - The relay service.
 * @param metrics - The Prometheus registry served at `/metrics`.
 * @param options - CORS and body limits.
 * @returns A node:http request listener.
 * @category constructors
 * @since 0.1.0
 */
export const makeRequestListener = (
  relay: RelayShape,
  metrics: Registry,
  options: HttpOptions
): RequestListener => {
  const cors = (res: ServerResponse): void => {
    res.setHeader("Access-Control-Allow-Origin", options.corsOrigin)
    res.setHeader("Access-Control-Expose-Headers", "Location, ETag, Link, Accept-Post, Accept-Patch, Allow")
    if (options.corsOrigin !== "*") res.setHeader("Vary", "Origin")
  }
  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    cors(res)
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v)
    if (!res.hasHeader("Content-Type")) res.setHeader("Content-Type", "text/plain; charset=utf-8")
    res.writeHead(status)
    res.end(body)
  }
  const fail = (res: ServerResponse, e: RelayRequestError) => {
    relay.countRefusal(e.status)
    const headers: Record<string, string> = {}
    if (e.status === 401)
      headers["WWW-Authenticate"] =
        e._tag === "InvalidPass"
          ? 'Bearer realm="microdrop-relay", error="invalid_token"'
          : 'Bearer realm="microdrop-relay"'
    if (e._tag === "MethodNotAllowed") headers["Allow"] = e.allow.join(", ")
    if (e._tag === "NegotiationFailed") headers["Retry-After"] = "1"
    if (e._tag === "RelayAtCapacity") headers["Retry-After"] = String(e.retryAfterSeconds)
    send(res, e.status, `${e.message}\n`, headers)
  }
  /**
   * Runs a request's effect: `ok` answers a success, a relay error its own status, anything else 500
   * (logged). With `leaveable`, a client that leaves before the answer interrupts the effect and gets no
   * answer: only a listener join is run so (one still queued for a join slot gives its place up; a session
   * made meanwhile is ended by the relay). Every other request runs to its end.
   */
  const runWith = async <A>(
    res: ServerResponse,
    effect: Effect.Effect<A, RelayRequestError>,
    ok: (value: A) => void,
    leaveable = false
  ): Promise<void> => {
    const left = new AbortController()
    const onClose = () => {
      if (!res.writableEnded) left.abort()
    }
    if (leaveable) res.once("close", onClose)
    const exit = await Effect.runPromiseExit(effect, leaveable ? { signal: left.signal } : undefined)
    res.off("close", onClose)
    if (Exit.isSuccess(exit)) return ok(exit.value)
    if (left.signal.aborted) return
    const err = exit.cause.reasons.find((r) => r._tag === "Fail")
    if (err !== undefined && err._tag === "Fail") return fail(res, err.error)
    send(res, 500, "The relay failed unexpectedly; the error is logged.\n")
    console.error(exit.cause)
  }
  const run = (
    res: ServerResponse,
    effect: Effect.Effect<SessionCreated | undefined, RelayRequestError>,
    leaveable = false
  ) =>
    runWith(
      res,
      effect,
      (created) => {
        if (created === undefined) return send(res, 200, "")
        return send(res, 201, created.answer, {
          "Content-Type": "application/sdp",
          Location: `/sessions/${created.id}`,
          ETag: created.etag,
          "Accept-Patch": SDPFRAG_MEDIA_TYPE
        })
      },
      leaveable
    )
  const runPatch = (res: ServerResponse, effect: Effect.Effect<PatchResult, RelayRequestError>) =>
    runWith(res, effect, ({ etag, fragment }) => {
      if (fragment !== undefined)
        return send(res, 200, fragment, { "Content-Type": SDPFRAG_MEDIA_TYPE, ETag: etag })
      cors(res)
      res.setHeader("ETag", etag)
      res.writeHead(204)
      res.end()
    })
  /** The body, if the request was sent as `expected` (else 415; the body is drained). */
  const typedBody = async (req: IncomingMessage, expected: string): Promise<string | RelayRequestError> => {
    const type = mediaType(req)
    if (type !== expected) {
      req.resume()
      return new UnsupportedMediaType({ received: type, expected })
    }
    return readBody(req, options.maxBodyBytes)
  }
  const sdpOffer = async (req: IncomingMessage): Promise<string | RelayRequestError> => {
    const body = await typedBody(req, "application/sdp")
    if (typeof body !== "string") return body
    if (body.trim() === "") return new InvalidOffer({ reason: "the body is empty" })
    return body
  }

  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://relay.invalid")
    const parts = url.pathname.split("/").filter((p) => p !== "")
    const method = req.method ?? "GET"
    const handle = async (): Promise<void> => {
      if (method === "OPTIONS") {
        cors(res)
        res.setHeader("Access-Control-Allow-Methods", "GET, POST, PATCH, DELETE, OPTIONS")
        res.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match")
        res.setHeader("Access-Control-Max-Age", "600")
        if (parts[0] === "whip" || parts[0] === "whep") res.setHeader("Accept-Post", "application/sdp")
        if (parts[0] === "sessions") res.setHeader("Accept-Patch", SDPFRAG_MEDIA_TYPE)
        res.writeHead(204)
        return void res.end()
      }
      const [head, a, b, c] = parts
      if ((head === "whip" || head === "whep") && a !== undefined && parts.length <= 3) {
        if (!isName(a) || (b !== undefined && !isName(b)))
          return send(res, 404, "Room and track names are 1-64 letters, digits, '-' or '_'.\n")
        if (method !== "POST") return fail(res, new MethodNotAllowed({ method, allow: ["POST", "OPTIONS"] }))
        const offer = await sdpOffer(req)
        if (typeof offer !== "string") return fail(res, offer)
        const credential = bearer(req)
        return head === "whip"
          ? run(res, relay.publish({ room: a, track: b ?? "main", offer, credential }))
          : run(res, relay.listen({ room: a, track: b, offer, credential }), true)
      }
      if (head === "sessions" && a !== undefined && parts.length <= 3) {
        const credential = bearer(req)
        if (b === "track" && c === undefined) {
          if (method !== "POST")
            return fail(res, new MethodNotAllowed({ method, allow: ["POST", "OPTIONS"] }))
          const body = await readBody(req, options.maxBodyBytes)
          if (typeof body !== "string") return fail(res, body)
          const decoded = decodeSwitch(body)
          if (Result.isFailure(decoded))
            return send(
              res,
              400,
              'Send JSON {"track": "<name>"} with a track name of 1-64 letters, digits, "-" or "_".\n'
            )
          return run(
            res,
            Effect.as(relay.switchTrack({ id: a, credential, track: decoded.success.track }), undefined)
          )
        }
        if (b !== undefined) return send(res, 404, "Unknown path.\n")
        if (method === "DELETE") return run(res, Effect.as(relay.end({ id: a, credential }), undefined))
        if (method === "PATCH") {
          const body = await typedBody(req, SDPFRAG_MEDIA_TYPE)
          if (typeof body !== "string") return fail(res, body)
          const ifMatch = req.headers["if-match"]
          return runPatch(res, relay.patch({ id: a, credential, fragment: body, ifMatch }))
        }
        return fail(res, new MethodNotAllowed({ method, allow: ["PATCH", "DELETE", "OPTIONS"] }))
      }
      if (method === "GET" && url.pathname === "/metrics")
        return send(res, 200, await metrics.metrics(), { "Content-Type": metrics.contentType })
      if (method === "GET" && url.pathname === "/healthz") return send(res, 200, "ok\n")
      if (method === "GET" && url.pathname === "/stats") {
        if (!relay.isPublisherSecret(bearer(req)))
          return send(res, 401, "The stats need the publisher secret as the bearer token.\n", {
            "WWW-Authenticate": 'Bearer realm="microdrop-relay"'
          })
        return send(res, 200, JSON.stringify(await Effect.runPromise(relay.stats)), {
          "Content-Type": "application/json"
        })
      }
      send(res, 404, "Unknown path. WHIP: POST /whip/<room>[/<track>]; WHEP: POST /whep/<room>[/<track>].\n")
    }
    handle().catch((e: unknown) => {
      console.error(e)
      if (!res.headersSent) send(res, 500, "The relay failed unexpectedly; the error is logged.\n")
      else res.end()
    })
  }
}
