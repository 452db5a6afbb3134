// The werift patch (patches/werift@0.25.2.patch) computes DTLS's ECDHE with node:crypto instead of
// tweetnacl (X25519) and @noble/curves (P-256), pure JS that was most of a handshake's CPU on both
// sides of every join. The handshake must still agree on its secrets for either curve, and the pure JS
// must no longer run. (Interop with BoringSSL and OpenSSL peers: chromium.test.ts, aiortc.test.ts.)
import { createRequire } from "node:module"
import fc from "fast-check"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import { CipherContext, DtlsClient, DtlsServer, NamedCurveAlgorithmList, SignatureAlgorithm } from "werift"

interface Pem {
  readonly certPem: string
  readonly keyPem: string
}
let cert: Pem
beforeAll(async () => {
  cert = await CipherContext.createSelfSignedCertificateWithKey(
    { hash: 4, signature: SignatureAlgorithm.ecdsa_3 },
    23
  )
})

// werift's own copies of the pure-JS libraries (the objects its bundle calls into)
const fromWerift = createRequire(createRequire(import.meta.url).resolve("werift"))
const nacl = fromWerift("tweetnacl") as {
  scalarMult: (...a: Array<unknown>) => unknown
  box: { keyPair: () => unknown }
}
const noble = fromWerift("@noble/curves/p256") as {
  p256: { getSharedSecret: (...a: Array<unknown>) => unknown }
}
const calls = { scalarMult: 0, keyPair: 0, p256: 0 }
const original = { scalarMult: nacl.scalarMult, keyPair: nacl.box.keyPair, p256: noble.p256.getSharedSecret }
nacl.scalarMult = (...a) => {
  calls.scalarMult++
  return original.scalarMult(...a)
}
nacl.box.keyPair = () => {
  calls.keyPair++
  return original.keyPair()
}
noble.p256.getSharedSecret = (...a) => {
  calls.p256++
  return original.p256(...a)
}

const curves = [...NamedCurveAlgorithmList]
afterEach(() => {
  NamedCurveAlgorithmList.splice(0, NamedCurveAlgorithmList.length, ...curves)
})

interface Pipe {
  onData: (data: Buffer) => void
  readonly send: (data: Buffer) => Promise<void>
  readonly close: () => void
  peer: Pipe | undefined
}
const pipe = (): Pipe => {
  const p: Pipe = {
    onData: () => undefined,
    send: async (data) => {
      const copy = Buffer.from(data)
      setImmediate(() => p.peer?.onData(copy))
    },
    close: () => undefined,
    peer: undefined
  }
  return p
}

/** One handshake; both sides' SRTP keying material and the curve the client used. */
const handshake = async () => {
  const c2s = pipe()
  const s2c = pipe()
  c2s.peer = s2c
  s2c.peer = c2s
  const common = {
    cert: cert.certPem,
    key: cert.keyPem,
    signatureHash: { hash: 4, signature: 3 },
    srtpProfiles: [1],
    extendedMasterSecret: true
  }
  const client = new DtlsClient({ ...common, transport: c2s } as never)
  const server = new DtlsServer({ ...common, transport: s2c, certificateRequest: true } as never)
  const connected = Promise.all([
    new Promise<void>((r) => client.onConnect.once(() => r())),
    new Promise<void>((r) => server.onConnect.once(() => r()))
  ])
  await client.connect()
  await connected
  const curve = (client as unknown as { cipher: { localKeyPair: { curve: number } } }).cipher.localKeyPair
    .curve
  const keys = [client, server].map((s) => s.exportKeyingMaterial("EXTRACTOR-dtls_srtp", 60).toString("hex"))
  client.close()
  server.close()
  return { curve, client: keys[0], server: keys[1] }
}

describe("werift DTLS with native ECDHE (patched)", () => {
  it.each([
    ["X25519", 29],
    ["P-256", 23]
  ] as const)("both sides derive the same keys over %s, without the pure-JS curve code", async (_, curve) => {
    NamedCurveAlgorithmList.splice(0, NamedCurveAlgorithmList.length, curve)
    const before = { ...calls }
    await fc.assert(
      fc.asyncProperty(fc.constant(null), async () => {
        const r = await handshake()
        expect(r.curve).toBe(curve)
        expect(r.client).toBe(r.server)
        expect(r.client).toMatch(/^[0-9a-f]{120}$/)
      }),
      { numRuns: 12 }
    )
    expect(calls).toEqual(before)
  })

  it("offers X25519 first, so browsers and werift peers pick it", async () => {
    expect((await handshake()).curve).toBe(29)
  })
})
