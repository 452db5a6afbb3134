// werift peers for tests: a WHIP publisher of synthetic RTP and a WHEP listener that counts packets.
import { MediaStreamTrack, RTCPeerConnection, RtpHeader, RtpPacket, useOPUS } from "werift"

const peer = () =>
  new RTCPeerConnection({
    codecs: { audio: [useOPUS()], video: [] },
    headerExtensions: { audio: [], video: [] },
    iceServers: [],
    iceStunGatherTimeout: 0,
    iceAdditionalHostAddresses: ["127.0.0.1"]
  })

const gathered = (pc: RTCPeerConnection) =>
  new Promise<void>((resolve) => {
    if (pc.iceGatheringState === "complete") return resolve()
    pc.iceGatheringStateChange.subscribe((s) => s === "complete" && resolve())
  })

export const connected = (pc: RTCPeerConnection, ms = 10_000) =>
  new Promise<void>((resolve, reject) => {
    if (pc.connectionState === "connected") return resolve()
    const t = setTimeout(() => reject(new Error(`not connected after ${ms} ms (${pc.connectionState})`)), ms)
    pc.connectionStateChange.subscribe((s) => {
      if (s === "connected") {
        clearTimeout(t)
        resolve()
      }
    })
  })

export interface Signalled {
  readonly pc: RTCPeerConnection
  readonly response: Response
  readonly location: string | undefined
}

const signal = async (pc: RTCPeerConnection, url: string, token: string): Promise<Signalled> => {
  await pc.setLocalDescription(await pc.createOffer())
  await gathered(pc)
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/sdp", Authorization: `Bearer ${token}` },
    body: pc.localDescription?.sdp ?? ""
  })
  if (response.status === 201) await pc.setRemoteDescription({ type: "answer", sdp: await response.text() })
  return { pc, response, location: response.headers.get("location") ?? undefined }
}

export interface TestPublisher extends Signalled {
  /** Starts sending 20 ms packets (seq/timestamp from `seq0`/`ts0`). */
  readonly start: (seq0?: number, ts0?: number) => void
  readonly stop: () => Promise<void>
}

export const publish = async (url: string, token: string, fill?: number): Promise<TestPublisher> => {
  const pc = peer()
  const track = new MediaStreamTrack({ kind: "audio" })
  pc.addTransceiver(track, { direction: "sendonly" })
  const s = await signal(pc, url, token)
  let timer: ReturnType<typeof setInterval> | undefined
  return {
    ...s,
    start: (seq0 = 1000, ts0 = 50_000) => {
      let seq = seq0
      let ts = ts0
      timer = setInterval(() => {
        const header = new RtpHeader({
          sequenceNumber: seq & 0xffff,
          timestamp: ts >>> 0,
          payloadType: 111,
          marker: false
        })
        track.writeRtp(new RtpPacket(header, Buffer.alloc(80, fill ?? seq & 0xff)))
        seq++
        ts += 960
      }, 20)
    },
    stop: async () => {
      if (timer !== undefined) clearInterval(timer)
      await pc.close()
    }
  }
}

export interface TestListener extends Signalled {
  readonly packets: () => number
  readonly seqs: number[]
  /** RTP timestamps of the packets, in arrival order. */
  readonly timestamps: number[]
  /** First payload byte of the latest packet (publishers can mark their packets with `fill`). */
  readonly lastFill: () => number
  readonly close: () => Promise<void>
}

export const listen = async (url: string, token: string): Promise<TestListener> => {
  const pc = peer()
  pc.addTransceiver("audio", { direction: "recvonly" })
  let packets = 0
  const seqs: number[] = []
  const timestamps: number[] = []
  let lastFill = -1
  pc.onTrack.subscribe((track) =>
    track.onReceiveRtp.subscribe((rtp) => {
      packets++
      seqs.push(rtp.header.sequenceNumber)
      timestamps.push(rtp.header.timestamp)
      lastFill = rtp.payload[0] ?? -1
    })
  )
  const s = await signal(pc, url, token)
  return { ...s, packets: () => packets, seqs, timestamps, lastFill: () => lastFill, close: () => pc.close() }
}

export const until = async (check: () => boolean, ms = 10_000, what = "condition"): Promise<void> => {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Largest step between consecutive sequence numbers (mod 2^16): 1 for a continuous stream. */
export const maxSeqStep = (seqs: ReadonlyArray<number>): number => {
  let max = 0
  for (let i = 1; i < seqs.length; i++)
    max = Math.max(max, ((seqs[i] as number) - (seqs[i - 1] as number) + 65536) % 65536)
  return max
}

// Trickle ICE clients (RFC 9725 §4.3): the offer goes out without candidates, the candidates follow by PATCH.

const lines = (sdp: string, prefix: string) => sdp.split(/\r?\n/).filter((l) => l.startsWith(prefix))
const attr = (sdp: string, name: string) => lines(sdp, `a=${name}:`)[0]?.slice(name.length + 3)

/** The local description without candidates, as a client that does not wait for gathering sends it. */
export const withoutCandidates = (sdp: string): string =>
  sdp
    .split(/\r\n/)
    .filter((l) => !l.startsWith("a=candidate:") && l !== "a=end-of-candidates")
    .join("\r\n")

/** The client's ICE credentials and candidates as an RFC 8840 fragment. */
export const localFragment = (pc: RTCPeerConnection, end = true): string => {
  const sdp = pc.localDescription?.sdp ?? ""
  return [
    `a=ice-ufrag:${attr(sdp, "ice-ufrag")}`,
    `a=ice-pwd:${attr(sdp, "ice-pwd")}`,
    "m=audio 9 UDP/TLS/RTP/SAVPF 0",
    `a=mid:${attr(sdp, "mid")}`,
    ...lines(sdp, "a=candidate:"),
    ...(end ? ["a=end-of-candidates"] : []),
    ""
  ].join("\r\n")
}

export interface TrickleSession {
  readonly pc: RTCPeerConnection
  readonly response: Response
  readonly url: string
  readonly etag: string
}

const trickleSignal = async (pc: RTCPeerConnection, url: string, token: string): Promise<TrickleSession> => {
  await pc.setLocalDescription(await pc.createOffer())
  const offer = withoutCandidates(pc.localDescription?.sdp ?? "")
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/sdp", Authorization: `Bearer ${token}` },
    body: offer
  })
  if (response.status !== 201) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`)
  await pc.setRemoteDescription({ type: "answer", sdp: await response.text() })
  return {
    pc,
    response,
    url: new URL(response.headers.get("location") ?? "", url).href,
    etag: response.headers.get("etag") ?? ""
  }
}

/** PATCHes a fragment to a session resource. */
export const patch = (url: string, token: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "PATCH",
    headers: {
      "Content-Type": "application/trickle-ice-sdpfrag",
      Authorization: `Bearer ${token}`,
      ...headers
    },
    body
  })

/** A WHEP listener whose offer holds no candidates (they are to be sent by PATCH). */
export const trickleListen = async (url: string, token: string) => {
  const pc = peer()
  pc.addTransceiver("audio", { direction: "recvonly" })
  let packets = 0
  pc.onTrack.subscribe((track) => track.onReceiveRtp.subscribe(() => packets++))
  const s = await trickleSignal(pc, url, token)
  return { ...s, packets: () => packets }
}

/** A WHIP publisher of synthetic 20 ms packets whose offer holds no candidates. */
export const tricklePublish = async (url: string, token: string) => {
  const pc = peer()
  const track = new MediaStreamTrack({ kind: "audio" })
  pc.addTransceiver(track, { direction: "sendonly" })
  const s = await trickleSignal(pc, url, token)
  let seq = 0
  const timer = setInterval(() => {
    track.writeRtp(
      new RtpPacket(
        new RtpHeader({ sequenceNumber: seq & 0xffff, timestamp: (seq * 960) >>> 0, payloadType: 111 }),
        Buffer.alloc(80, 7)
      )
    )
    seq++
  }, 20)
  return {
    ...s,
    stop: async () => {
      clearInterval(timer)
      await pc.close()
    }
  }
}

/**
 * Client side of an ICE restart by PATCH: new local ufrag/pwd (createOffer with iceRestart), PATCH them
 * with the candidates and `If-Match: *`, and apply the relay's fragment as the new remote ICE session.
 */
export const restartIce = async (
  session: { readonly pc: RTCPeerConnection; readonly url: string },
  token: string
) => {
  const { pc } = session
  await pc.setLocalDescription(await pc.createOffer({ iceRestart: true }))
  await gathered(pc)
  const response = await patch(session.url, token, localFragment(pc), { "If-Match": "*" })
  const body = await response.text()
  if (response.status !== 200) return { response, body }
  const remote = pc.remoteDescription?.sdp ?? ""
  const answer = remote
    .split(/\r\n/)
    .filter((l) => !l.startsWith("a=candidate:") && l !== "a=end-of-candidates")
    .flatMap((l) =>
      l.startsWith("a=ice-ufrag:")
        ? [`a=ice-ufrag:${attr(body, "ice-ufrag")}`]
        : l.startsWith("a=ice-pwd:")
          ? [`a=ice-pwd:${attr(body, "ice-pwd")}`]
          : l.startsWith("a=mid:")
            ? [l, ...lines(body, "a=candidate:"), "a=end-of-candidates"]
            : [l]
    )
    .join("\r\n")
  await pc.setRemoteDescription({ type: "answer", sdp: answer })
  // werift's connect() skips transports whose DTLS is up, so the restarted ICE agent must be started.
  for (const d of pc.dtlsTransports)
    if (d.state === "connected" && d.iceTransport.getSelectedCandidatePair() === null)
      void d.iceTransport.start().catch(() => undefined)
  return { response, body }
}
