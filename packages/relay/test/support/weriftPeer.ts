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
