// Overload never silences the room (issue 16, finding 1): a publisher streams, listeners play, then a
// burst of joins past the relay's capacity arrives. The excess is refused at once with 503 and
// Retry-After, the admitted ones play, and the listeners already playing never hear a gap > 200 ms.
// Listeners are light (real ICE and DTLS with werift's stack, benchmarks/lib/storm-peers.ts) in a child
// process, so their CPU and their clocks are not the relay's.
import { randomBytes } from "node:crypto"
import { join } from "node:path"
import { monitorEventLoopDelay } from "node:perf_hooks"
import { formatTokenPublicKey, generateTokenKeyPair, signToken } from "@microdrop/codes"
import { afterEach, describe, expect, it } from "vitest"
import { type Child, startChild } from "../../../benchmarks/lib/child.ts"
import { type RunningRelay, startRelay } from "../src/promise.ts"
import { PUBLISHER_SECRET } from "./support/keys.ts"
import { neverConnectingOffer } from "./support/relayFixtures.ts"
import { connected, publish, type TestPublisher } from "./support/weriftPeer.ts"

const keySeed = randomBytes(32).toString("hex")
const { publicKey, privateKey } = generateTokenKeyPair(1, Buffer.from(keySeed, "hex"))
const peers = join(import.meta.dirname, "..", "..", "..", "benchmarks", "lib", "storm-peers.ts")

const PLAYING = 8
const CAPACITY = 20
const BURST = 40
const GAP_MS = 200

let relay: RunningRelay | undefined
let pub: TestPublisher | undefined
const children: Array<Child> = []
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.stop()))
  await pub?.stop()
  await relay?.close()
  pub = undefined
  relay = undefined
})

/** `n` light listeners join `room` at once (each with its own pass); resolves once each played, was refused or gave up. */
const joinListeners = async (r: RunningRelay, room: string, n: number, prefix: string) => {
  const child = startChild(peers, { url: r.url, room, listeners: n, keySeed, prefix, playWithinMs: 20_000 })
  children.push(child)
  return { child, ready: await child.next("ready") }
}

/** Joins the relay answered with an HTTP error other than 503 (refusals are counted apart). */
const httpFailures = (ready: Record<string, unknown>) =>
  (ready["failures"] as Array<string>).filter((f) => /^\d{3} /.test(f))

const offer = neverConnectingOffer

describe("overload", () => {
  it("refuses joins past capacity at once with 503 + Retry-After, and the room keeps playing", async () => {
    const room = "overload"
    relay = await startRelay({
      port: 0,
      host: "127.0.0.1",
      publicKeys: [formatTokenPublicKey(publicKey)],
      publisherSecret: PUBLISHER_SECRET,
      iceHosts: ["127.0.0.1"],
      rooms: { [room]: ["main"] },
      maxListeners: CAPACITY,
      // Two handshakes at once (the default is 4 per thread): on this shared 2-core machine a single werift
      // handshake step can hold the event loop for 100+ ms of wall time, so fewer at once keeps gaps short.
      maxJoinsInFlight: 2
    })
    const r = relay
    // Under heavy load werift's DTLS can fail on a retransmitted handshake flight (issue 16, finding 3,
    // fixed apart): the publisher tries again, as a real one would.
    for (let attempt = 1; ; attempt++) {
      pub = await publish(`${r.url}/whip/${room}`, PUBLISHER_SECRET)
      const ok = await connected(pub.pc, 20_000).then(
        () => true,
        () => false
      )
      if (ok) break
      await pub.stop()
      if (attempt === 3) throw new Error("the publisher did not connect in 3 attempts")
    }
    pub.start()

    const playing = await joinListeners(r, room, PLAYING, "playing")
    expect(httpFailures(playing.ready)).toEqual([])
    expect(playing.ready["refused"]).toBe(0)
    // Which listeners play (a light listener on a loaded machine can still lose its DTLS handshake to
    // werift's retransmission limit: that is issue 16's finding 3, not admission; its place stays taken).
    const heard = (playing.ready["playingMs"] as Array<number>).map((ms) => ms >= 0)
    expect(heard.filter(Boolean).length).toBeGreaterThanOrEqual(PLAYING / 2)
    playing.child.send("reset")
    const before = (await playing.child.next("reset", true))["packets"] as Array<number>
    const packetsIn = async () => (await r.stats()).tracks.find((t) => t.room === room)?.packetsIn ?? 0
    const in0 = await packetsIn()

    const loop = monitorEventLoopDelay({ resolution: 10 })
    loop.enable()
    // The burst: BURST light listeners at once, CAPACITY - PLAYING places left.
    const burst = joinListeners(r, room, BURST, "burst")
    // While it runs, the relay's places are all taken (playing, joining or reserved in the queue):
    // one more listener is refused at once.
    const full = async () => ((await r.stats()).admission?.refused.listeners ?? 0) > 0
    const deadline = Date.now() + 30_000
    while (!(await full()) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50))
    const token = signToken(
      { id: "late", event: room, kind: "remote", nbf: 0, exp: Math.floor(Date.now() / 1000) + 600 },
      privateKey
    )
    const t0 = performance.now()
    const late = await fetch(`${r.url}/whep/${room}`, {
      method: "POST",
      headers: { "Content-Type": "application/sdp", Authorization: `Bearer ${token}` },
      body: offer
    })
    const lateMs = performance.now() - t0
    expect(late.status).toBe(503)
    expect(late.headers.get("retry-after")).toBe("10")
    expect(await late.text()).toContain(`serves ${CAPACITY} listeners, its limit`)
    expect(lateMs).toBeLessThan(1_000)

    const { ready } = await burst
    expect(httpFailures(ready)).toEqual([])
    // Every burst POST that reached the relay was admitted into a free place or refused with 503 (a POST
    // the loaded client could not even send is a failure of the client, not a join).
    const refused = ready["refused"] as number
    expect(refused).toBeGreaterThanOrEqual(1)
    expect(BURST - refused).toBeGreaterThanOrEqual(CAPACITY - PLAYING)

    expect(await packetsIn()).toBeGreaterThan(in0 + 25)
    // The listeners already playing heard the publisher all along: no gap over GAP_MS, more packets.
    playing.child.send("counts")
    const after = await playing.child.next("counts", true)
    const gaps = (after["maxGapMs"] as Array<number>).filter((_, i) => heard[i])
    console.log(
      `overload: late refusal in ${lateMs.toFixed(0)} ms, burst refused ${ready["refused"]}/${BURST}, ` +
        `largest gap at the playing listeners ${Math.max(...gaps).toFixed(0)} ms, ` +
        `the relay's event loop delay max ${(loop.max / 1e6).toFixed(0)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms`
    )
    expect(Math.max(...gaps)).toBeLessThanOrEqual(GAP_MS)
    const packets = after["packets"] as Array<number>
    packets.forEach((n, i) => {
      if (heard[i]) expect(n).toBeGreaterThan((before[i] ?? 0) + 25)
    })
    expect(await packetsIn()).toBeGreaterThan(in0 + 25)

    const stats = await r.stats()
    expect(stats.admission).toMatchObject({ maxListeners: CAPACITY, joinsQueued: 0 })
    expect(stats.admission?.listeners).toBeLessThanOrEqual(CAPACITY)
    expect(stats.admission?.refused.listeners).toBe(refused + 1)
    const metrics = await (await fetch(`${r.url}/metrics`)).text()
    expect(metrics).toContain(`microdrop_relay_capacity_refusals_total{limit="listeners"} ${refused + 1}`)
    expect(metrics).toContain(`microdrop_relay_max_listeners ${CAPACITY}`)
  }, 150_000)
})
