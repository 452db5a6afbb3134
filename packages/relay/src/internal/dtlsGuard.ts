// werift 0.25.2's DTLS handshake fails on a retransmitted flight that arrives late. Under load the
// relay's ClientHello round trip can take longer than werift's first retransmission timer (500 ms): the
// ClientHello goes out twice, the far end answers each with a HelloVerifyRequest, and the second one
// makes werift's client throw (`Flight3.exec` refuses to run twice) — the DTLS transport turns "failed",
// the relay ends the session, and the listener, already sending its flight 4, never hears flight 5
// ("over retransmitCount : 4 6" on the far end). The same class of bug sits on werift's server side: a
// late cookieless ClientHello after flight 4 resets the server's random and key pair mid-handshake.
// RFC 6347 §4.2.4 expects both sides to discard stale retransmissions; this guard does that, per socket,
// before werift's handshake code sees the message. Pinned to werift 0.25.2's DTLS fields.
import type { RTCPeerConnection } from "werift"

/** DTLS handshake message types (RFC 6347 §4.3.2). */
const CLIENT_HELLO = 1
const HELLO_VERIFY_REQUEST = 3

/** The werift 0.25.2 DtlsSocket fields the guard reads and wraps (typed loosely in werift's .d.ts). */
interface HandshakeLike {
  readonly msg_type: number
  readonly fragment: Buffer
}
interface GuardedSocket {
  readonly dtls: { readonly flight: number }
  readonly connected: boolean
  onHandleHandshakes: (assembled: Array<HandshakeLike>) => Promise<void>
  waitForReady: (condition: () => boolean) => Promise<void>
}

/**
 * werift waits at most 4.5 s (polling) for the rest of a flight once one of its messages is in — say
 * ServerHelloDone while the datagram with the Certificate was lost — and then fails the whole handshake.
 * The peer retransmits the flight on its own timer (werift: after 0.5, 1.5, 3, 5, 7.5 s …), and on a
 * loaded machine the copy that completes the flight can come later than that: wait as long as a peer
 * keeps retransmitting (werift gives up after ~33 s) instead.
 */
const FLIGHT_WAIT_MS = 30_000

const waitLonger = (condition: () => boolean): Promise<void> =>
  new Promise((resolve, reject) => {
    const start = performance.now()
    const poll = () => {
      if (condition()) resolve()
      else if (performance.now() - start > FLIGHT_WAIT_MS) reject(new Error("waitForReady timeout"))
      else setTimeout(poll, 50)
    }
    poll()
  })

/**
 * Does a ClientHello body carry a cookie? Its layout: client_version (2), random (32), session_id
 * (1-byte length + bytes), cookie (1-byte length + bytes), … (RFC 6347 §4.2.1).
 */
export const helloHasCookie = (fragment: Buffer): boolean => {
  const sessionIdLength = fragment[34]
  if (sessionIdLength === undefined) return false
  return (fragment[35 + sessionIdLength] ?? 0) > 0
}

/**
 * Is this handshake message a stale retransmission werift would mishandle, given the socket's state?
 * `flight` is werift's count of the last flight this side sent (client 1, 3, 5, 7; server 2, 4, 6).
 *
 * - HelloVerifyRequest: only a client still at flight 1 uses it; later copies answer a retransmitted
 *   ClientHello and must be dropped.
 * - ClientHello (server): before the handshake completes, only a first ClientHello (flight ≤ 2) or a
 *   retransmitted cookie ClientHello at flight 4 (werift resends flight 4) is news; once connected,
 *   werift treats it as a renegotiation, which is left alone.
 */
export const isStale = (
  msgType: number,
  fragment: Buffer,
  state: { readonly flight: number; readonly connected: boolean }
): boolean => {
  if (msgType === HELLO_VERIFY_REQUEST) return state.flight !== 1
  if (msgType === CLIENT_HELLO && !state.connected)
    return state.flight > 4 || (state.flight === 4 && !helloHasCookie(fragment))
  return false
}

const guarded = new WeakSet<object>()

/**
 * Makes one werift DTLS socket (client or server) drop stale retransmitted handshake messages, and wait
 * for a flight's missing messages as long as the peer retransmits.
 */
export const guardDtlsSocket = (socket: unknown): void => {
  const s = socket as GuardedSocket | undefined
  if (s === undefined || guarded.has(s) || typeof s.onHandleHandshakes !== "function") return
  guarded.add(s)
  if (typeof s.waitForReady === "function") s.waitForReady = waitLonger
  const handle = s.onHandleHandshakes
  s.onHandleHandshakes = (assembled) => {
    const fresh = assembled.filter(
      (h) => !isStale(h.msg_type, h.fragment, { flight: s.dtls.flight, connected: s.connected })
    )
    return fresh.length === 0 ? Promise.resolve() : handle(fresh)
  }
}

/**
 * Guards every DTLS socket of a peer connection. werift creates the socket inside
 * `RTCDtlsTransport.start()`, synchronously after the transport turns "connecting" and at least 100 ms
 * before its first flight goes out, so a microtask after that state change sees it first.
 */
export const guardPeerDtls = (pc: RTCPeerConnection): void => {
  pc.connectionStateChange.subscribe((state) => {
    if (state !== "connecting") return
    for (const transport of pc.dtlsTransports) {
      if (guarded.has(transport)) continue
      guarded.add(transport)
      const wrapNow = () => guardDtlsSocket(transport.dtls)
      if (transport.dtls !== undefined) wrapNow()
      transport.onStateChange.subscribe((s) => {
        if (s === "connecting") queueMicrotask(wrapNow)
      })
    }
  })
}
