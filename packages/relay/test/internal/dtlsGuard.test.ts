// werift's DTLS client and server over an in-memory link that delivers datagrams more than once, as a
// retransmission under load does: unguarded, werift 0.25.2's client fails the handshake on the second
// HelloVerifyRequest; guarded, every pattern of duplicates completes it.
import fc from "fast-check"
import { beforeAll, describe, expect, it } from "vitest"
import { CipherContext, DtlsClient, DtlsServer, SignatureAlgorithm } from "werift"
import { guardDtlsSocket, helloHasCookie, isStale } from "../../src/internal/dtlsGuard.ts"

interface Pem {
  readonly certPem: string
  readonly keyPem: string
}
let clientCert: Pem
let serverCert: Pem
beforeAll(async () => {
  const make = () =>
    CipherContext.createSelfSignedCertificateWithKey({ hash: 4, signature: SignatureAlgorithm.ecdsa_3 }, 23)
  ;[clientCert, serverCert] = await Promise.all([make(), make()])
})

interface End {
  onData: (data: Buffer) => void
  readonly send: (data: Buffer) => Promise<void>
  readonly close: () => void
  peer: End | undefined
}

/**
 * One direction of the link: datagram k arrives `copies(k)` times, `delay(k)` ms after it was sent but
 * never before the previous one (in order, like loopback), so a slow round trip makes werift retransmit.
 */
const end = (
  copies: (k: number, data: Buffer) => number,
  delay: (k: number, data: Buffer) => number
): End => {
  let k = 0
  let last = 0
  const e: End = {
    onData: () => undefined,
    send: async (data) => {
      const n = copies(k, data)
      last = Math.max(last + 1, performance.now() + delay(k, data))
      k++
      setTimeout(() => {
        for (let i = 0; i < n; i++) e.peer?.onData(Buffer.from(data))
      }, last - performance.now())
    },
    close: () => undefined,
    peer: undefined
  }
  return e
}

interface Outcome {
  readonly clientConnected: boolean
  readonly serverConnected: boolean
  readonly errors: ReadonlyArray<string>
}

interface Link {
  readonly copies: (k: number, data: Buffer) => number
  readonly delay: (k: number, data: Buffer) => number
}
const plain: Link = { copies: () => 1, delay: () => 1 }

const handshake = (toServer: Link, toClient: Link, guard: boolean, ms = 10_000): Promise<Outcome> => {
  const c2s = end(toServer.copies, toServer.delay)
  const s2c = end(toClient.copies, toClient.delay)
  c2s.peer = s2c
  s2c.peer = c2s
  const common = { signatureHash: { hash: 4, signature: 3 }, srtpProfiles: [1], extendedMasterSecret: true }
  const client = new DtlsClient({
    ...common,
    cert: clientCert.certPem,
    key: clientCert.keyPem,
    transport: c2s
  } as never)
  const server = new DtlsServer({
    ...common,
    cert: serverCert.certPem,
    key: serverCert.keyPem,
    transport: s2c,
    certificateRequest: true
  } as never)
  if (guard) {
    guardDtlsSocket(client)
    guardDtlsSocket(server)
  }
  const errors: string[] = []
  let clientConnected = false
  let serverConnected = false
  return new Promise((resolve) => {
    const done = () => resolve({ clientConnected, serverConnected, errors })
    const timer = setTimeout(done, ms)
    const check = () => {
      if (clientConnected && serverConnected) {
        clearTimeout(timer)
        // a late error (a stale message handled after connecting) would still show here
        setTimeout(done, 50)
      }
    }
    client.onError.subscribe((e: unknown) => errors.push(`client: ${String(e)}`))
    server.onError.subscribe((e: unknown) => errors.push(`server: ${String(e)}`))
    client.onConnect.subscribe(() => {
      clientConnected = true
      check()
    })
    server.onConnect.subscribe(() => {
      serverConnected = true
      check()
    })
    client.connect().catch((e: unknown) => errors.push(`connect: ${String(e)}`))
  })
}

/** The client's first ClientHello arrives twice: what a retransmission after a slow round trip does. */
const helloTwice: Link = { copies: (k) => (k === 0 ? 2 : 1), delay: () => 1 }

describe("werift DTLS with retransmitted flights", () => {
  it("werift 0.25.2 alone fails the handshake on a duplicated ClientHello (the bug the guard covers)", async () => {
    const out = await handshake(helloTwice, plain, false, 1_500)
    expect(out.errors.some((e) => e.startsWith("client:"))).toBe(true)
  })

  it("guarded, a duplicated ClientHello still connects both sides without an error", async () => {
    const out = await handshake(helloTwice, plain, true)
    expect(out).toEqual({ clientConnected: true, serverConnected: true, errors: [] })
  })

  // Server → client: flight 4 goes out one message per datagram (ServerHello, Certificate, …). The first
  // Certificate is lost and its retransmission arrives 7 s after it is sent, well past werift's 4.5 s wait
  // for the rest of a flight. Chosen by content (a DTLS handshake record whose message type is 11), not by
  // datagram number: under load werift retransmits earlier datagrams too, which would shift the numbers.
  const CERTIFICATE = 11
  const isCertificate = (data: Buffer) => data[0] === 22 && data[13] === CERTIFICATE
  const lateFlight = (): Link => {
    let certificates = 0
    return {
      copies: (_, data) => (isCertificate(data) && certificates++ === 0 ? 0 : 1),
      delay: (_, data) => (isCertificate(data) && certificates === 2 ? 7_000 : 1)
    }
  }

  // Unguarded, werift 0.25.2 sometimes gives up on such a flight (its 4.5 s wait) and sometimes
  // completes once the late part arrives (seen both ways on a loaded 2-core machine), so only the
  // guarded outcome is asserted: it must always complete.
  // The late part comes 7 s after it was sent; completing takes 7.6 s on an idle machine and more than
  // 15 s when the whole test suite shares 2 busy cores. Completion is the point, not its time: 25 s.
  it("guarded, the handshake completes when the lost part of a flight comes back late", async () => {
    const out = await handshake(plain, lateFlight(), true, 25_000)
    expect(out).toEqual({ clientConnected: true, serverConnected: true, errors: [] })
  }, 30_000)

  it("guarded, round trips slower than werift's retransmission timers still connect both sides", async () => {
    // Delays up to 1.2 s per datagram make werift retransmit ClientHellos and whole flights, as a relay
    // busy with a join storm does; every such handshake must complete, without an error.
    const delays = fc.array(fc.integer({ min: 0, max: 1_200 }), { minLength: 14, maxLength: 14 })
    await fc.assert(
      fc.asyncProperty(delays, delays, async (up, down) => {
        const link = (ms: ReadonlyArray<number>): Link => ({ copies: () => 1, delay: (k) => ms[k] ?? 1 })
        const out = await handshake(link(up), link(down), true, 20_000)
        expect(out).toEqual({ clientConnected: true, serverConnected: true, errors: [] })
      }),
      { numRuns: 8 }
    )
  }, 200_000)
})

describe("isStale", () => {
  const hello = (sessionId: number, cookie: number) =>
    Buffer.concat([
      Buffer.alloc(34, 7),
      Buffer.from([sessionId]),
      Buffer.alloc(sessionId, 1),
      Buffer.from([cookie]),
      Buffer.alloc(cookie, 2),
      Buffer.from([0, 2, 0xc0, 0x2b])
    ])

  it("reads the cookie after any session id", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 255 }), (sid, cookie) => {
        expect(helloHasCookie(hello(sid, cookie))).toBe(cookie > 0)
      })
    )
  })

  it("keeps a HelloVerifyRequest only at flight 1, and a ClientHello only where werift handles it", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 7 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 8 }),
        (flight, connected, cookie) => {
          const state = { flight, connected }
          expect(isStale(3, Buffer.alloc(0), state)).toBe(flight !== 1)
          const stale = isStale(1, hello(0, cookie), state)
          if (connected || flight <= 3) expect(stale).toBe(false)
          else if (flight === 4) expect(stale).toBe(cookie === 0)
          else expect(stale).toBe(true)
          // no other message type is ever dropped
          for (const t of [2, 11, 12, 13, 14, 15, 16, 20])
            expect(isStale(t, Buffer.alloc(40), state)).toBe(false)
        }
      )
    )
  })
})
