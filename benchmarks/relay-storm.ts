// @microdrop/relay join storm: L light listeners (ICE + DTLS-SRTP with werift's stack, then they only
// count SRTP datagrams; lib/light-listener.ts) join one room at once while a publisher streams 50
// packets/s and a few listeners already in the room watch for gaps. One JSON line per run:
//   listeners playing (heard ≥ 1 packet within 30 s, and still hearing in the steady window), refused
//   (503), failed, time until all play, publisher packets during the storm (against 50/s), the largest
//   gap an already-joined listener saw during the storm, p99 added latency, relay cores, µs of relay
//   CPU per listener-packet in a 10 s steady window, RSS and open descriptors of the relay process.
//
//   Beside it, the SRTP floor (lib/srtp-floor.ts) for as many listeners and the CPU of one DTLS
//   handshake (lib/dtls-handshake.ts, relay side + listener side), measured in the same run.
//
// µs per listener-packet divides the relay's CPU by the packets the listeners counted (received);
// usPerCountedPacket divides it by the relay's own packetsOut. packetsOut used to add one per listener
// in the track's set for every packet, also for listeners whose DTLS never connected (leanSend drops
// those), which is why benchmarks/relay.ts once reported ≈729 listeners per core where counting at the
// listeners gave ≈520 (issue 16). It now counts packets actually sent, so the two agree unless packets
// are lost between the relay's socket and the listeners (deliveredRatio < 1).
//
// Options (environment): RELAY_STORM_LISTENERS="300,1000" sizes, RELAY_STORM_WORKERS="0,2" worker
// counts, RELAY_STORM_PER_CHILD=250 listeners per client process, RELAY_STORM_UDP_PORT=41000 the
// relay's udpPort (worker i: +1+i; "off": a socket per session), RELAY_STORM_JOINS=8 the relay's
// maxJoinsInFlight. Runs every size × workers pair.
// The relay runs in this process; clients in child processes, which end with this one.
import { randomBytes } from "node:crypto"
import { readdirSync } from "node:fs"
import { join } from "node:path"
import { generateTokenKeyPair } from "@microdrop/codes"
import { startRelay } from "@microdrop/relay/promise"
import { type Child, startChild } from "./lib/child.ts"
import { measureHandshake } from "./lib/dtls-handshake.ts"
import { measureSrtpFloor } from "./lib/srtp-floor.ts"
import { writeJson } from "./lib/suite.ts"
import { udpSocketPorts } from "./lib/udp-sockets.ts"

const list = (name: string, fallback: string) =>
  (process.env[name] ?? fallback).split(",").map((s) => Number(s.trim()))
const SIZES = list("RELAY_STORM_LISTENERS", "300,1000")
const WORKERS = list("RELAY_STORM_WORKERS", "2")
const PER_CHILD = Number(process.env["RELAY_STORM_PER_CHILD"] ?? 250)
const UDP_PORT = process.env["RELAY_STORM_UDP_PORT"] ?? "41000"
// the relay's maxJoinsInFlight (default: the relay's own, 4 per handshake thread)
const JOINS =
  process.env["RELAY_STORM_JOINS"] === undefined ? undefined : Number(process.env["RELAY_STORM_JOINS"])
const SENTINELS = 5
const PLAY_WITHIN_MS = 30_000
const STEADY_MS = 10_000

const { publicKey, privateKey } = generateTokenKeyPair(1)
const keySeed = Buffer.from(privateKey.key).toString("hex")
const secret = randomBytes(24).toString("base64url")
const lib = join(import.meta.dirname, "lib")
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const cpuMicros = () => {
  const u = process.cpuUsage()
  return u.user + u.system
}
const round = (x: number, d = 1) => Number(x.toFixed(d))
const sum = (xs: ReadonlyArray<number>) => xs.reduce((a, b) => a + b, 0)

const run = async (listeners: number, workers: number) => {
  // The floor first, while no relay runs in this process (its threads would count in process.cpuUsage).
  const floor = await measureSrtpFloor(listeners, STEADY_MS / 2)
  // and what one DTLS handshake costs (relay side + listener side): the join storm's CPU floor
  const handshake = await measureHandshake(50)
  const relay = await startRelay({
    port: 0,
    host: "127.0.0.1",
    publicKeys: [`${publicKey.id}:${Buffer.from(publicKey.key).toString("base64url")}`],
    publisherSecret: secret,
    iceHosts: ["127.0.0.1"],
    iceIpv6: false,
    iceTcp: false,
    ...(UDP_PORT === "off" ? {} : { udpPort: Number(UDP_PORT) }),
    ...(workers > 0 ? { workers } : {}),
    ...(JOINS === undefined ? {} : { maxJoinsInFlight: JOINS })
  })
  const room = `storm-${listeners}-${workers}`
  const kids: Array<Child> = []
  try {
    const pub = startChild(join(lib, "relay-peers.ts"), {
      url: relay.url,
      room,
      listeners: 0,
      publish: true,
      secret,
      keySeed,
      prefix: "pub"
    })
    kids.push(pub)
    await pub.next("publishing")
    const sentinel = startChild(join(lib, "storm-peers.ts"), {
      url: relay.url,
      room,
      listeners: SENTINELS,
      keySeed,
      prefix: "sentinel",
      playWithinMs: PLAY_WITHIN_MS
    })
    kids.push(sentinel)
    await sentinel.next("ready")
    await sleep(500)
    sentinel.send("reset")
    await sentinel.next("reset")
    const track = async () => (await relay.stats()).tracks.find((t) => t.room === room)
    const in0 = (await track())?.packetsIn ?? 0
    const rss0 = process.memoryUsage().rss
    const fds0 = readdirSync("/proc/self/fd").length
    const c0 = cpuMicros()
    const t0 = performance.now()
    const storm = Array.from({ length: Math.ceil(listeners / PER_CHILD) }, (_, k) =>
      startChild(join(lib, "storm-peers.ts"), {
        url: relay.url,
        room,
        listeners: Math.min(PER_CHILD, listeners - k * PER_CHILD),
        keySeed,
        prefix: `s${k}`,
        playWithinMs: PLAY_WITHIN_MS
      })
    )
    kids.push(...storm)
    const ready = await Promise.all(storm.map((k) => k.next("ready")))
    const stormMs = performance.now() - t0
    const stormCpu = cpuMicros() - c0
    const in1 = (await track())?.packetsIn ?? 0
    sentinel.send("counts")
    const gaps = (await sentinel.next("counts", true))["maxGapMs"] as Array<number>
    const playingMs = ready.flatMap((r) => r["playingMs"] as Array<number>)
    const heard = playingMs.filter((ms) => ms >= 0)
    // steady window: who keeps hearing, and what forwarding costs. The CPU window covers the listeners'
    // counting window (a loaded machine answers "counts" slowly), so CPU per received packet errs high.
    const s0 = await track()
    const c1 = cpuMicros()
    const w1 = performance.now()
    // The sentinels are listeners of the track too: their packets count in what the relay sent.
    const counted = [...storm, sentinel]
    const counts = async () => {
      for (const k of counted) k.send("counts")
      const all = (await Promise.all(counted.map((k) => k.next("counts", true)))).map(
        (r) => r["packets"] as Array<number>
      )
      return { storm: all.slice(0, -1).flat(), sentinels: all.at(-1) ?? [] }
    }
    const p0 = await counts()
    await sleep(STEADY_MS)
    const p1 = await counts()
    const c2 = cpuMicros()
    const w2 = performance.now()
    const s1 = await track()
    const forwarded = (s1?.packetsOut ?? 0) - (s0?.packetsOut ?? 0)
    const received = sum(p1.storm) + sum(p1.sentinels) - sum(p0.storm) - sum(p0.sentinels)
    const playing = p1.storm.filter((n, i) => n - (p0.storm[i] ?? 0) > 0).length
    const rss1 = process.memoryUsage().rss
    const fds1 = readdirSync("/proc/self/fd").length
    const sockets = udpSocketPorts().length
    const perPacket = (packets: number) => (packets < STEADY_MS / 20 ? null : round((c2 - c1) / packets, 1))
    const row = {
      listeners,
      workers,
      maxJoinsInFlight: (await relay.stats()).admission?.maxJoinsInFlight ?? null,
      playing,
      heardWithin30s: heard.length,
      refused: sum(ready.map((r) => r["refused"] as number)),
      failed: sum(ready.map((r) => (r["failures"] as Array<string>).length)),
      failureSample: ready.flatMap((r) => r["failures"] as Array<string>).slice(0, 3),
      // where the joins that never connected stopped: started (gathering), gathered (POST sent, no
      // answer yet), answered (ICE not connected), ice (DTLS not connected)
      failedAt: Object.fromEntries(
        [
          ...ready
            .flatMap((r) => r["failures"] as Array<string>)
            .reduce((m, f) => {
              const at = /reached: (\w+)/.exec(f)?.[1] ?? "error"
              return m.set(at, (m.get(at) ?? 0) + 1)
            }, new Map<string, number>())
        ].sort()
      ),
      allPlayingMs: heard.length === 0 ? -1 : round(Math.max(...heard), 0),
      // where a join's time went, [p50, p90] ms of each step after the previous one, in the first client
      // process: waiting for the 201 (the relay's queue and answer), ICE checks, DTLS, first SRTP packet
      joinStepsMs: ready[0]?.["steps"] ?? null,
      stormMs: round(stormMs, 0),
      publisherPacketsDuringStorm: in1 - in0,
      publisherPacketsExpected: Math.round((stormMs / 1000) * 50),
      sentinelMaxGapMs: round(Math.max(...gaps), 0),
      p99AddedLatencyMs: s1?.latencyP99Ms ?? -1,
      stormRelayCores: round(stormCpu / 1000 / stormMs, 2),
      // CPU per join during the storm (relay: all its threads, forwarding included; clients: the
      // light listeners' processes until all played), to set against the cores there are
      relayCpuMsPerJoin: round(stormCpu / 1000 / listeners, 1),
      clientCpuMsPerJoin: round(sum(ready.map((r) => r["cpuMs"] as number)) / listeners, 1),
      steadyRelayCores: round((c2 - c1) / 1000 / (w2 - w1), 2),
      // null when (almost) nothing arrived in the window: a cost per packet means nothing then
      usPerListenerPacket: perPacket(received),
      usPerCountedPacket: perPacket(forwarded),
      floorUsPerListenerPacket: round(floor.usPerPacket, 2),
      // at 50 packets per second per listener
      listenersPerCore: received === 0 ? 0 : Math.round(received / ((c2 - c1) / 1e6) / 50),
      floorListenersPerCore: Math.round(1e6 / floor.usPerPacket / 50),
      // CPU of one DTLS handshake, both sides, and the curve (29: X25519) werift negotiated
      dtlsHandshakePairMs: round(handshake.pairMs, 2),
      dtlsCurve: handshake.curve,
      deliveredRatio: round(received / Math.max(1, forwarded), 3),
      udpPort: UDP_PORT === "off" ? null : Number(UDP_PORT),
      relayUdpSockets: sockets,
      rssMb: round(rss1 / 2 ** 20, 0),
      rssKbPerListener: round((rss1 - rss0) / 1024 / listeners, 0),
      fds: fds1,
      fdsPerListener: round((fds1 - fds0) / listeners, 2)
    }
    console.log(JSON.stringify(row))
    return row
  } finally {
    await Promise.all(kids.map((k) => k.stop()))
    const c0 = performance.now()
    await relay.close()
    console.error(`relay-storm: relay.close() took ${Math.round(performance.now() - c0)} ms`)
  }
}

const rows = []
for (const workers of WORKERS) for (const size of SIZES) rows.push(await run(size, workers))
writeJson("relay-storm", rows)
