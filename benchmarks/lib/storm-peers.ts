// Load generator for benchmarks/relay-storm.ts, in its own process so its CPU is not the relay's:
// N light listeners (lib/light-listener.ts) that all join one room at once. Reports JSON lines on
// stdout; answers "counts" and "reset" on stdin; exits when stdin ends (so it never outlives the
// benchmark, even one killed by a signal) or after 15 minutes at most.
import { generateTokenKeyPair, signToken } from "@microdrop/codes"
import { joinLight, type LightListener, makeCertificate } from "./light-listener.ts"
import { percentile } from "./stats.ts"

interface Args {
  readonly url: string
  readonly room: string
  readonly listeners: number
  readonly keySeed: string
  readonly prefix: string
  /** How long to wait for every listener to play, in ms. */
  readonly playWithinMs: number
}
const args = JSON.parse(process.argv[2] ?? "{}") as Args
const key = generateTokenKeyPair(1, Buffer.from(args.keySeed, "hex")).privateKey
const emit = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`)
setTimeout(() => process.exit(3), 15 * 60_000).unref()

// CPU from here on is what joining costs this client (module loading is not a join's cost)
const cpu0 = process.cpuUsage()
const cert = await makeCertificate()
const listeners: Array<LightListener | undefined> = new Array(args.listeners).fill(undefined)
const refused: Array<number> = []
const failures: Array<string> = []
const refusedSample: Array<string> = []
const start = performance.now()
await Promise.all(
  listeners.map(async (_, i) => {
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
    // the last step this join reached, so one that never plays says where it stopped
    let reached = "started"
    try {
      // a join that neither plays nor fails by the deadline counts as a failure (and is abandoned)
      // (its POST, if still unanswered, is aborted then: the relay drops a join whose client left)
      let timer: NodeJS.Timeout | undefined
      const giveUp = new AbortController()
      listeners[i] = await Promise.race([
        joinLight(
          `${args.url}/whep/${args.room}`,
          token,
          cert,
          undefined,
          (step) => {
            reached = step
          },
          giveUp.signal
        ),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            reject(new Error(`no DTLS connection within ${args.playWithinMs} ms (reached: ${reached})`))
            giveUp.abort()
          }, args.playWithinMs)
        })
      ]).finally(() => clearTimeout(timer))
    } catch (e) {
      const status = /^(\d{3}) /.exec(String((e as Error).message))?.[1]
      if (status === "503") {
        refused.push(i)
        if (refusedSample.length < 3) refusedSample.push(String((e as Error).message).slice(0, 300))
      } else failures.push(String((e as Error).message).slice(0, 200))
    }
  })
)
const joinedMs = performance.now() - start
const steps = (ls: ReadonlyArray<LightListener>) => {
  const of = (f: (l: LightListener) => number) => {
    const xs = ls.map(f).filter((x) => Number.isFinite(x) && x >= 0)
    return [Math.round(percentile(xs, 0.5)), Math.round(percentile(xs, 0.9))]
  }
  return {
    toAnswer: of((l) => l.stepsMs.answered - l.stepsMs.posted),
    toIce: of((l) => l.stepsMs.ice - l.stepsMs.answered),
    toDtls: of((l) => l.stepsMs.dtls - l.stepsMs.ice),
    toFirstPacket: of((l) => (l.playingMs() < 0 ? -1 : l.playingMs() - l.stepsMs.dtls))
  }
}
const deadline = start + args.playWithinMs
while (listeners.some((l) => l !== undefined && l.playingMs() < 0) && performance.now() < deadline)
  await new Promise((r) => setTimeout(r, 20))
emit({
  event: "ready",
  joinedMs,
  answeredMs: listeners.flatMap((l) => (l === undefined ? [] : [l.answeredMs])),
  playingMs: listeners.flatMap((l) => (l === undefined ? [] : [l.playingMs()])),
  relayPorts: [...new Set(listeners.flatMap((l) => l?.relayPorts ?? []))],
  // where a join's time goes, p50/p90 ms of each step after the previous one: waiting for the relay's 201
  // (its queue and answer), ICE checks, DTLS handshake, then the first SRTP packet
  steps: steps(listeners.flatMap((l) => (l === undefined ? [] : [l]))),
  // CPU ms this process spent joining (ICE, DTLS, HTTP), until every listener played or the deadline
  cpuMs: (() => {
    const u = process.cpuUsage(cpu0)
    return (u.user + u.system) / 1000
  })(),
  refused: refused.length,
  refusedSample,
  failures
})

process.stdin.on("data", (d: Buffer) => {
  for (const cmd of d.toString().split("\n").filter(Boolean)) {
    if (cmd === "reset") for (const l of listeners) l?.resetGap()
    emit({
      event: cmd,
      packets: listeners.map((l) => l?.packets() ?? 0),
      maxGapMs: listeners.map((l) => l?.maxGapMs() ?? 0)
    })
  }
})
process.stdin.on("end", async () => {
  await Promise.all(listeners.map((l) => l?.close().catch(() => undefined)))
  process.exit(0)
})
