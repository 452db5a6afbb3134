// A light WHEP listener for join-storm benchmarks: real ICE (werift's agent, one UDP socket) and a real
// DTLS-SRTP handshake (werift's DTLS), then it only counts the SRTP datagrams it receives — no SRTP
// decryption, no jitter buffer, no RTCP — so thousands fit in a few client processes and the clients
// do not eat the relay's CPU. A listener "plays" once its first SRTP packet arrives after DTLS.
import { createHash, X509Certificate } from "node:crypto"
import { request } from "node:http"
import { CipherContext, Connection, DtlsClient, DtlsServer, SignatureAlgorithm } from "werift"

/** A DTLS certificate shared by every light listener of a process (each WHEP session may reuse one). */
export interface LightCertificate {
  readonly certPem: string
  readonly keyPem: string
  readonly fingerprint: string
}

/** Makes the ECDSA P-256 certificate light listeners present. */
export const makeCertificate = async (): Promise<LightCertificate> => {
  const { certPem, keyPem } = await CipherContext.createSelfSignedCertificateWithKey(
    { hash: 4 /* sha256 */, signature: SignatureAlgorithm.ecdsa_3 },
    23 /* secp256r1 */
  )
  const der = new X509Certificate(certPem).raw
  const hex = createHash("sha256").update(der).digest("hex").toUpperCase()
  return { certPem, keyPem, fingerprint: hex.match(/../g)?.join(":") ?? "" }
}

/** What one light listener saw. */
export interface LightListener {
  /** SRTP (RTP, not RTCP) datagrams received since DTLS connected. */
  readonly packets: () => number
  /** Milliseconds from `joinLight` to the first SRTP packet, or -1. */
  readonly playingMs: () => number
  /** Largest gap between two consecutive SRTP packets after the first, in ms. */
  readonly maxGapMs: () => number
  /** Resets the largest gap (to watch a window). */
  readonly resetGap: () => void
  /** Milliseconds from `joinLight` to the relay's 201. */
  readonly answeredMs: number
  /** Milliseconds from `joinLight` to each step: POST sent (candidates gathered), 201, ICE, DTLS connected. */
  readonly stepsMs: {
    readonly posted: number
    readonly answered: number
    readonly ice: number
    readonly dtls: number
  }
  /** The UDP ports of the relay's host candidates in its answer. */
  readonly relayPorts: ReadonlyArray<number>
  /** Ends the session (DELETE) and closes the socket. */
  readonly close: () => Promise<void>
}

const attr = (sdp: string, name: string): string | undefined =>
  new RegExp(`^a=${name}:(.+)$`, "m").exec(sdp)?.[1]?.trim()

const offerSdp = (
  ufrag: string,
  pwd: string,
  fingerprint: string,
  candidates: ReadonlyArray<string>
): string =>
  [
    "v=0",
    `o=- ${Date.now()} 1 IN IP4 127.0.0.1`,
    "s=-",
    "t=0 0",
    "a=group:BUNDLE 0",
    "a=msid-semantic: WMS",
    "m=audio 9 UDP/TLS/RTP/SAVPF 111",
    "c=IN IP4 0.0.0.0",
    "a=rtcp:9 IN IP4 0.0.0.0",
    `a=ice-ufrag:${ufrag}`,
    `a=ice-pwd:${pwd}`,
    `a=fingerprint:sha-256 ${fingerprint}`,
    "a=setup:actpass",
    "a=mid:0",
    "a=recvonly",
    "a=rtcp-mux",
    "a=rtpmap:111 opus/48000/2",
    "a=fmtp:111 minptime=10;useinbandfec=1",
    ...candidates.map((c) => `a=${c}`),
    "a=end-of-candidates",
    ""
  ].join("\r\n")

/**
 * POSTs an SDP offer with node:http rather than fetch: undici gives up connecting after 10 s, and a relay
 * swamped by a join storm can take longer to accept; that is the relay's latency to measure, not a failure
 * of the client. (A refused or reset connection still fails.)
 */
const post = (
  url: string,
  token: string,
  sdp: string,
  signal: AbortSignal | undefined
): Promise<{ readonly status: number; readonly location: string | undefined; readonly body: string }> =>
  new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent: false,
        ...(signal === undefined ? {} : { signal }),
        headers: {
          "Content-Type": "application/sdp",
          "Content-Length": Buffer.byteLength(sdp),
          Authorization: `Bearer ${token}`
        }
      },
      (res) => {
        const chunks: Array<Buffer> = []
        res.on("data", (c: Buffer) => chunks.push(c))
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            body: Buffer.concat(chunks).toString("utf8")
          })
        )
        res.on("error", reject)
      }
    )
    req.on("error", reject)
    req.end(sdp)
  })

/** Is this datagram RTP or RTCP (first byte 128–191)? RTCP packet types are 192–223 (RFC 5761). */
const isSrtp = (b: Buffer): boolean => {
  const first = b[0] ?? 0
  const pt = b[1] ?? 0
  return first >= 128 && first <= 191 && !(pt >= 192 && pt <= 223)
}

/**
 * Joins `url` (a WHEP endpoint) with `token` as a light listener.
 *
 * @param host - the local address to gather on (loopback for benchmarks).
 * @param stage - told each step reached ("gathered", "answered", "ice", "dtls"), so a join that never
 *   plays can say where it stopped.
 * @param signal - gives the join up: a POST still waiting for its answer is aborted, as a browser's
 *   fetch is when its player gives up (the relay then drops the join from its queue).
 */
export const joinLight = async (
  url: string,
  token: string,
  cert: LightCertificate,
  host = "127.0.0.1",
  stage: (step: string) => void = () => undefined,
  signal?: AbortSignal
): Promise<LightListener> => {
  const t0 = performance.now()
  const ice = new Connection(true, {
    useIpv4: true,
    useIpv6: false,
    useTcp: false,
    useLinkLocalAddress: false,
    additionalHostAddresses: [host],
    interfaceAddresses: { udp4: host }
  })
  await ice.gatherCandidates()
  stage("gathered")
  const postedMs = performance.now() - t0
  const candidates = ice.localCandidates.filter((c) => c.host === host).map((c) => `candidate:${c.toSdp()}`)
  const r = await post(
    url,
    token,
    offerSdp(ice.localUsername, ice.localPassword, cert.fingerprint, candidates),
    signal
  ).catch(async (e: unknown) => {
    await ice.close()
    throw e
  })
  if (r.status !== 201) {
    await ice.close()
    throw new Error(`${r.status} ${r.body}`)
  }
  const answeredMs = performance.now() - t0
  stage("answered")
  const location = new URL(r.location ?? "", url).toString()
  const answer = r.body
  const relayPorts = [...answer.matchAll(/^a=candidate:\S+ \d+ udp \d+ \S+ (\d+) typ/gim)].map((m) =>
    Number(m[1])
  )
  ice.setRemoteParams({
    iceLite: /^a=ice-lite/m.test(answer),
    usernameFragment: attr(answer, "ice-ufrag") ?? "",
    password: attr(answer, "ice-pwd") ?? ""
  })
  const { Candidate } = await import("werift")
  for (const line of answer.split(/\r?\n/)) {
    if (line.startsWith("a=candidate:")) await ice.addRemoteCandidate(Candidate.fromSdp(line.slice(2)))
  }
  await ice.addRemoteCandidate(undefined)
  // The answer's setup says who starts DTLS: `active` means the relay is the client.
  const relayIsClient = attr(answer, "setup") === "active"
  let packets = 0
  let first = -1
  let last = 0
  let maxGap = 0
  const transport = {
    type: "ice",
    address: {} as never,
    closed: false,
    onData: (_: Buffer) => undefined as unknown,
    send: (data: Buffer) => ice.send(data),
    close: async () => ice.close()
  }
  ice.onData.subscribe((buf: Buffer) => {
    const b0 = buf[0] ?? 0
    if (b0 >= 20 && b0 <= 63) transport.onData(buf)
    else if (isSrtp(buf)) {
      const now = performance.now()
      if (first < 0) first = now - t0
      else maxGap = Math.max(maxGap, now - last)
      last = now
      packets++
    }
  })
  const options = {
    cert: cert.certPem,
    key: cert.keyPem,
    signatureHash: { hash: 4, signature: SignatureAlgorithm.ecdsa_3 },
    transport: transport as never,
    srtpProfiles: [1],
    extendedMasterSecret: true
  }
  // As a browser does, the DTLS server listens before ICE completes on this side: the relay (controlled)
  // may be connected and send its ClientHello first, and a listener busy with hundreds of others could
  // otherwise let the relay's ClientHello retransmissions run out.
  const dtls = relayIsClient
    ? new DtlsServer({ ...options, certificateRequest: true } as never)
    : new DtlsClient(options as never)
  const handshake = new Promise<void>((resolve, reject) => {
    dtls.onConnect.once(() => resolve())
    dtls.onError.once((e: Error) => reject(e))
  })
  handshake.catch(() => undefined) // awaited below, once ICE is up
  await ice.connect()
  stage("ice")
  const iceMs = performance.now() - t0
  if (dtls instanceof DtlsClient) await dtls.connect()
  await handshake
  stage("dtls")
  const dtlsMs = performance.now() - t0
  return {
    packets: () => packets,
    playingMs: () => first,
    maxGapMs: () => maxGap,
    resetGap: () => {
      maxGap = 0
    },
    answeredMs,
    stepsMs: { posted: postedMs, answered: answeredMs, ice: iceMs, dtls: dtlsMs },
    relayPorts,
    close: async () => {
      await fetch(location, { method: "DELETE", headers: { Authorization: `Bearer ${token}` } }).catch(
        () => undefined
      )
      dtls.close()
      await ice.close()
    }
  }
}
