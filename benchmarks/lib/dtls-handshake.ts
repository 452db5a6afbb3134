// CPU of one DTLS 1.2 handshake on each side, with werift's own DtlsClient and DtlsServer over an
// in-memory transport (no ICE, no sockets): the join-time cost a relay (DTLS client in WHEP, since it
// answers `setup:active`) and a werift listener (DTLS server) pay together, with the certificate, curve and
// cipher suite werift negotiates by default. benchmarks/relay-storm.ts reports it beside the storm, so
// the join arithmetic (listeners × handshake CPU ÷ cores) uses figures from the same machine and run.
import { CipherContext, DtlsClient, DtlsServer, SignatureAlgorithm } from "werift"

/** What a handshake costs: CPU ms of both sides together, and the negotiated curve and suite. */
export interface HandshakeCost {
  /** CPU ms of one handshake, client and server together (one relay side + one listener side). */
  readonly pairMs: number
  /** The negotiated named curve (29: X25519, 23: P-256) and cipher suite (49195: ECDHE-ECDSA-AES128-GCM). */
  readonly curve: number
  readonly cipherSuite: number
}

interface MemoryTransport {
  readonly type: string
  readonly address: never
  closed: boolean
  onData: (buf: Buffer) => unknown
  send: (buf: Buffer) => Promise<void>
  close: () => Promise<void>
}

const cpuMicros = () => {
  const u = process.cpuUsage()
  return u.user + u.system
}

/** Runs `n` handshakes one after another (after 3 to warm up) and averages each side's CPU. */
export const measureHandshake = async (n: number): Promise<HandshakeCost> => {
  const cert = await CipherContext.createSelfSignedCertificateWithKey(
    { hash: 4, signature: SignatureAlgorithm.ecdsa_3 },
    23
  )
  let curve = 0
  let cipherSuite = 0
  const once = async (): Promise<void> => {
    const pipe = (): MemoryTransport => ({
      type: "memory",
      address: undefined as never,
      closed: false,
      onData: () => undefined,
      send: async () => undefined,
      close: async () => undefined
    })
    const toServer = pipe()
    const toClient = pipe()
    const deliver = (to: MemoryTransport) => async (buf: Buffer) => {
      const copy = Buffer.from(buf)
      setImmediate(() => to.onData(copy))
    }
    // what the client sends arrives on the server's transport, and the other way round
    toClient.send = deliver(toServer)
    toServer.send = deliver(toClient)
    const options = {
      cert: cert.certPem,
      key: cert.keyPem,
      signatureHash: { hash: 4, signature: SignatureAlgorithm.ecdsa_3 },
      srtpProfiles: [1],
      extendedMasterSecret: true
    }
    const server = new DtlsServer({ ...options, transport: toServer, certificateRequest: true } as never)
    const client = new DtlsClient({ ...options, transport: toClient } as never)
    const done = Promise.all([
      new Promise<void>((resolve) => server.onConnect.once(() => resolve())),
      new Promise<void>((resolve) => client.onConnect.once(() => resolve()))
    ])
    await client.connect()
    await done
    const cipher = (client as unknown as { cipher: { localKeyPair: { curve: number }; cipherSuite: number } })
      .cipher
    curve = cipher.localKeyPair.curve
    cipherSuite = cipher.cipherSuite
    client.close()
    server.close()
  }
  for (let i = 0; i < 3; i++) await once()
  const t0 = cpuMicros()
  for (let i = 0; i < n; i++) await once()
  return { pairMs: (cpuMicros() - t0) / n / 1000, curve, cipherSuite }
}

if (import.meta.main) console.log(JSON.stringify(await measureHandshake(Number(process.argv[2] ?? 50))))
