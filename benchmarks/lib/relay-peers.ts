// Load generator for benchmarks/relay.ts, run in its own process so its CPU is not the relay's:
// optionally one WHIP publisher of 50 packet/s synthetic Opus-sized RTP, and N WHEP listeners that
// all join at once. Reports join times and packet counts as JSON lines on stdout; exits on stdin end.
import { generateTokenKeyPair, signToken } from "@microdrop/codes"
import { MediaStreamTrack, RTCPeerConnection, RtpHeader, RtpPacket, useOPUS } from "werift"

interface Args {
  readonly url: string
  readonly room: string
  readonly listeners: number
  readonly publish: boolean
  readonly secret: string
  readonly keySeed: string
  readonly prefix: string
}
const args = JSON.parse(process.argv[2] ?? "{}") as Args
const key = generateTokenKeyPair(1, Buffer.from(args.keySeed, "hex")).privateKey
const emit = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`)

const peer = () =>
  new RTCPeerConnection({
    codecs: { audio: [useOPUS()], video: [] },
    headerExtensions: { audio: [], video: [] },
    iceServers: [],
    iceStunGatherTimeout: 0,
    iceAdditionalHostAddresses: ["127.0.0.1"],
    iceUseIpv6: false,
    iceUseTcp: false,
    iceTcpPassive: false
  })

const gathered = (pc: RTCPeerConnection) =>
  new Promise<void>((resolve) => {
    if (pc.iceGatheringState === "complete") return resolve()
    pc.iceGatheringStateChange.subscribe((s) => s === "complete" && resolve())
  })

const timing = { offerMs: [] as number[], postMs: [] as number[] }
const negotiate = async (pc: RTCPeerConnection, url: string, token: string) => {
  const t0 = performance.now()
  await pc.setLocalDescription(await pc.createOffer())
  await gathered(pc)
  const t1 = performance.now()
  timing.offerMs.push(t1 - t0)
  const r = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/sdp", Authorization: `Bearer ${token}` },
    body: pc.localDescription?.sdp ?? ""
  })
  if (r.status !== 201) throw new Error(`${url}: ${r.status} ${await r.text()}`)
  const answer = await r.text()
  timing.postMs.push(performance.now() - t1)
  await pc.setRemoteDescription({ type: "answer", sdp: answer })
}

const pcs: RTCPeerConnection[] = []
let timer: ReturnType<typeof setInterval> | undefined

if (args.publish) {
  const pc = peer()
  const track = new MediaStreamTrack({ kind: "audio" })
  pc.addTransceiver(track, { direction: "sendonly" })
  await negotiate(pc, `${args.url}/whip/${args.room}`, args.secret)
  pcs.push(pc)
  await new Promise<void>((resolve) => {
    if (pc.connectionState === "connected") return resolve()
    // The relay ends a session that has not connected after 30 s: give up then instead of waiting forever.
    const giveUp = setTimeout(() => {
      process.stderr.write(`relay-peers: the publisher did not connect in 30 s (${pc.connectionState})\n`)
      process.exit(1)
    }, 30_000)
    pc.connectionStateChange.subscribe((s) => {
      if (s !== "connected") return
      clearTimeout(giveUp)
      resolve()
    })
  })
  let seq = 0
  let ts = 0
  const payload = Buffer.alloc(120, 0x5a) // a typical 20 ms Opus music frame is 100-160 bytes
  timer = setInterval(() => {
    track.writeRtp(
      new RtpPacket(
        new RtpHeader({ sequenceNumber: seq & 0xffff, timestamp: ts >>> 0, payloadType: 111 }),
        payload
      )
    )
    seq++
    ts += 960
  }, 20)
  emit({ event: "publishing" })
}

const counts = new Array<number>(args.listeners).fill(0)
if (args.listeners > 0) {
  const start = performance.now()
  const joinMs = new Array<number>(args.listeners).fill(-1)
  const playingMs = new Array<number>(args.listeners).fill(-1)
  const failures: string[] = []
  await Promise.all(
    counts.map(async (_, i) => {
      const pc = peer()
      pcs.push(pc)
      pc.addTransceiver("audio", { direction: "recvonly" })
      pc.onTrack.subscribe((t) =>
        t.onReceiveRtp.subscribe(() => {
          if (counts[i] === 0) playingMs[i] = performance.now() - start
          counts[i] = (counts[i] ?? 0) + 1
        })
      )
      const token = signToken(
        {
          id: `${args.prefix}-${i}`,
          event: args.room,
          kind: "remote",
          nbf: 0,
          exp: Math.floor(Date.now() / 1000) + 3600
        },
        key
      )
      try {
        await negotiate(pc, `${args.url}/whep/${args.room}`, token)
        joinMs[i] = performance.now() - start
      } catch (e) {
        failures.push(String(e))
      }
    })
  )
  // Wait (up to 30 s) until every listener has heard a packet.
  const deadline = performance.now() + 30_000
  while (counts.some((c) => c === 0) && performance.now() < deadline)
    await new Promise((r) => setTimeout(r, 20))
  emit({ event: "ready", joinMs, playingMs, failures, timing })
}

process.stdin.on("data", () => emit({ event: "counts", counts }))
process.stdin.on("end", async () => {
  if (timer !== undefined) clearInterval(timer)
  await Promise.all(pcs.map((pc) => pc.close().catch(() => undefined)))
  process.exit(0)
})
