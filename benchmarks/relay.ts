// @microdrop/relay: forwarding CPU per packet, added latency, and a join storm, each beside a floor
// measured in the same run. The relay runs in this process; publisher and listeners (werift) run in
// child processes (lib/relay-peers.ts) so their CPU is not counted.
//
// Floor (lib/srtp-floor.ts): what forwarding must cost at least: SRTP-protect (AES-128-CM + HMAC-SHA1-80)
// and send (one UDP socket) the same packets to the same number of listeners, paced the same way.
import { randomBytes } from "node:crypto"
import { join } from "node:path"
import { generateTokenKeyPair } from "@microdrop/codes"
import { startRelay } from "@microdrop/relay/promise"
import { spawnOwned } from "./lib/children.ts"
import { measureSrtpFloor } from "./lib/srtp-floor.ts"
import { percentile } from "./lib/stats.ts"
import { type Row, writeResults } from "./lib/suite.ts"

const SIZES = (process.env["RELAY_BENCH_SIZES"] ?? "10,100,200").split(",").map(Number)
const STEADY_MS = 11_000 // the relay's latency window holds the last 512 packets (≈10 s)
const PER_CHILD = 100

const { publicKey, privateKey } = generateTokenKeyPair(1)
const keySeed = Buffer.from(privateKey.key).toString("hex")
const secret = randomBytes(24).toString("base64url")
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const cpuMicros = () => {
  const u = process.cpuUsage()
  return u.user + u.system
}
/** CPU of the main thread only (in worker mode the listeners' work is on other threads). */
const mainThreadMicros = () => {
  const u = process.threadCpuUsage()
  return u.user + u.system
}
const round = (x: number, d = 3) => Number(x.toFixed(d))

interface Child {
  readonly lines: Array<Record<string, unknown>>
  readonly next: (event: string) => Promise<Record<string, unknown>>
  readonly ask: () => void
  readonly stop: () => Promise<void>
}
const child = (args: Record<string, unknown>): Child => {
  // Ended with this process however it ends (lib/children.ts); it also exits when its stdin ends.
  const p = spawnOwned(
    process.execPath,
    [join(import.meta.dirname, "lib", "relay-peers.ts"), JSON.stringify(args)],
    {
      stdio: ["pipe", "pipe", "inherit"]
    }
  )
  const lines: Array<Record<string, unknown>> = []
  const waiters: Array<() => void> = []
  let buf = ""
  p.stdout?.on("data", (d: Buffer) => {
    buf += d.toString()
    for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
      lines.push(JSON.parse(buf.slice(0, i)) as Record<string, unknown>)
      buf = buf.slice(i + 1)
      for (const w of waiters.splice(0)) w()
    }
  })
  let exited = false
  p.once("exit", () => {
    exited = true
    for (const w of waiters.splice(0)) w()
  })
  const next = async (event: string) => {
    const seen = lines.length
    for (;;) {
      const hit = lines
        .slice(0)
        .reverse()
        .find((l) => l["event"] === event)
      if (hit !== undefined && (event !== "counts" || lines.length > seen)) return hit
      // A load generator that died (or gave up) never sends it: fail the run instead of hanging.
      if (exited) throw new Error(`relay-peers ${JSON.stringify(args)} exited before '${event}'`)
      await new Promise<void>((r) => waiters.push(r))
    }
  }
  return {
    lines,
    next,
    ask: () => p.stdin?.write("counts\n"),
    stop: () =>
      new Promise<void>((resolve) => {
        if (p.exitCode !== null || p.signalCode !== null) return resolve()
        p.on("exit", () => resolve())
        p.stdin?.end()
      })
  }
}

const WORKERS = 2
const config = {
  port: 0,
  host: "127.0.0.1",
  publicKeys: [`${publicKey.id}:${Buffer.from(publicKey.key).toString("base64url")}`],
  publisherSecret: secret,
  iceHosts: ["127.0.0.1"]
}
const relay = await startRelay(config)
// The same relay with listener peer connections in worker threads (process.cpuUsage counts every thread).
const workerRelay = await startRelay({ ...config, workers: WORKERS })

interface RelayFigures {
  n: number
  usPerPacket: number
  mainUsPerPacket: number
  p50: number
  p99: number
  joinAllMs: number
  joinP50Ms: number
  answerP50Ms: number
  answerMaxMs: number
  clientOfferP50Ms: number
  postP50Ms: number
  postMaxMs: number
  failures: number
  joinCpuMs: number
  delivered: number
}
const relayRun = async (n: number, relay: Awaited<ReturnType<typeof startRelay>>): Promise<RelayFigures> => {
  const room = `bench-${n}`
  const pub = child({
    url: relay.url,
    room,
    listeners: 0,
    publish: true,
    secret,
    keySeed,
    prefix: "pub"
  })
  await pub.next("publishing")
  const cj0 = cpuMicros()
  const kids = Array.from({ length: Math.ceil(n / PER_CHILD) }, (_, k) =>
    child({
      url: relay.url,
      room,
      listeners: Math.min(PER_CHILD, n - k * PER_CHILD),
      publish: false,
      secret,
      keySeed,
      prefix: `l${k}`
    })
  )
  const ready = await Promise.all(kids.map((k) => k.next("ready")))
  const joinCpuMs = (cpuMicros() - cj0) / 1000 / n
  const playing = ready.flatMap((r) => r["playingMs"] as number[])
  const answered = ready.flatMap((r) => r["joinMs"] as number[])
  const timing = ready.map((r) => r["timing"] as { offerMs: number[]; postMs: number[] })
  const offerMs = timing.flatMap((t) => t.offerMs)
  const postMs = timing.flatMap((t) => t.postMs)
  const failures = ready.reduce((a, r) => a + (r["failures"] as string[]).length, 0)
  await sleep(1000)
  const track = async () => (await relay.stats()).tracks.find((t) => t.room === room)
  const s0 = await track()
  const c0 = cpuMicros()
  const m0 = mainThreadMicros()
  for (const k of kids) k.ask()
  const r0 = (await Promise.all(kids.map((k) => k.next("counts")))).flatMap((r) => r["counts"] as number[])
  await sleep(STEADY_MS)
  const c1 = cpuMicros()
  const m1 = mainThreadMicros()
  const s1 = await track()
  for (const k of kids) k.ask()
  const r1 = (await Promise.all(kids.map((k) => k.next("counts")))).flatMap((r) => r["counts"] as number[])
  const forwarded = (s1?.packetsOut ?? 0) - (s0?.packetsOut ?? 0)
  const received = r1.reduce((a, x) => a + x, 0) - r0.reduce((a, x) => a + x, 0)
  await Promise.all([...kids, pub].map((k) => k.stop()))
  return {
    n,
    usPerPacket: (c1 - c0) / Math.max(1, forwarded),
    mainUsPerPacket: (m1 - m0) / Math.max(1, forwarded),
    p50: s1?.latencyP50Ms ?? 0,
    p99: s1?.latencyP99Ms ?? 0,
    joinAllMs: Math.max(...playing),
    joinP50Ms: percentile(playing, 0.5),
    answerP50Ms: percentile(answered, 0.5),
    answerMaxMs: Math.max(...answered),
    clientOfferP50Ms: percentile(offerMs, 0.5),
    postP50Ms: percentile(postMs, 0.5),
    postMaxMs: Math.max(...postMs),
    failures,
    joinCpuMs,
    delivered: received / Math.max(1, forwarded)
  }
}

const rows: Array<Row & Record<string, unknown>> = []
const summary: Array<Record<string, unknown>> = []
for (const n of SIZES) {
  const r = await relayRun(n, relay)
  const w = await relayRun(n, workerRelay)
  const f = await measureSrtpFloor(n, STEADY_MS / 2)
  const floorName = `floor: SRTP-protect + UDP send, ${n} listeners (packets per CPU-second)`
  rows.push({
    name: floorName,
    opsPerSec: Math.round(1e6 / f.usPerPacket),
    usPerPacket: round(f.usPerPacket),
    listenersPerCore: Math.round(1e6 / f.usPerPacket / 50)
  })
  rows.push({
    name: `relay forward, ${n} listeners (packets per CPU-second)`,
    opsPerSec: Math.round(1e6 / r.usPerPacket),
    baseline: floorName,
    ratio: round(f.usPerPacket / r.usPerPacket),
    usPerPacket: round(r.usPerPacket),
    mainThreadUsPerPacket: round(r.mainUsPerPacket),
    listenersPerCore: Math.round(1e6 / r.usPerPacket / 50),
    delivered: round(r.delivered)
  })
  rows.push({
    name: `relay forward, ${WORKERS} listener worker threads, ${n} listeners (packets per CPU-second)`,
    opsPerSec: Math.round(1e6 / w.usPerPacket),
    baseline: `relay forward, ${n} listeners (packets per CPU-second)`,
    ratio: round(r.usPerPacket / w.usPerPacket),
    usPerPacket: round(w.usPerPacket),
    mainThreadUsPerPacket: round(w.mainUsPerPacket),
    listenersPerCore: Math.round(1e6 / w.usPerPacket / 50),
    // The main thread's share caps one process: listeners it can feed before its own core is full.
    mainThreadListenersCap: Math.round(1e6 / w.mainUsPerPacket / 50),
    delivered: round(w.delivered),
    p50Ms: round(w.p50),
    p99Ms: round(w.p99)
  })
  const floorLat = `floor: burst to ${n} listeners (bursts per second at p50)`
  rows.push({
    name: floorLat,
    opsPerSec: Math.round(1000 / Math.max(f.p50, 1e-3)),
    p50Ms: round(f.p50),
    p99Ms: round(f.p99)
  })
  rows.push({
    name: `relay added latency, ${n} listeners (packets per second at p50)`,
    opsPerSec: Math.round(1000 / Math.max(r.p50, 1e-3)),
    p50Ms: round(r.p50),
    p99Ms: round(r.p99),
    baseline: floorLat,
    ratio: round(f.p99 / Math.max(r.p99, 1e-6))
  })
  if (n === 200)
    rows.push({
      name: "200 listeners joining at once: all playing (joins per second)",
      opsPerSec: round(200 / (r.joinAllMs / 1000), 1),
      allPlayingMs: Math.round(r.joinAllMs),
      p50PlayingMs: Math.round(r.joinP50Ms),
      postP50Ms: Math.round(r.postP50Ms),
      postMaxMs: Math.round(r.postMaxMs),
      relayCpuMsPerJoin: round(r.joinCpuMs, 2),
      failures: r.failures
    })
  summary.push({ n, relay: r, workers: w, floor: f })
}
await relay.close()
await workerRelay.close()
// A partial run (RELAY_BENCH_SIZES) prints its figures but does not replace the committed results.
if (process.env["RELAY_BENCH_SIZES"] === undefined) writeResults("relay", rows)
else console.table(rows)
console.log(JSON.stringify(summary, null, 2))
process.exit(0)
