// Worker mode (workers: 2): listener peer connections live in worker threads; the main thread keeps
// HTTP, passes, sessions and the publisher, and posts every packet to the workers.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { RTCPeerConnection, useOPUS } from "werift"
import { type RunningRelay, startRelay } from "../src/promise.ts"
import { localRelay, PUBLISHER_SECRET, pass } from "./support/keys.ts"
import { connected, listen, maxSeqStep, publish, until } from "./support/weriftPeer.ts"

let relay: RunningRelay

beforeAll(async () => {
  relay = await startRelay({
    ...localRelay,
    iceIpv6: false,
    iceTcp: false,
    rooms: { vip: ["mix", "binaural"] },
    workers: 2
  })
})
afterAll(() => relay.close())

/** Largest step between consecutive RTP timestamps (mod 2^32). */
const maxTsStep = (ts: ReadonlyArray<number>): number => {
  let max = 0
  for (let i = 1; i < ts.length; i++) max = Math.max(max, ((ts[i] as number) - (ts[i - 1] as number)) >>> 0)
  return max
}

describe("listeners in worker threads", () => {
  it("forwards a publisher's packets continuously to listeners spread over the workers", async () => {
    const pub = await publish(`${relay.url}/whip/w1`, PUBLISHER_SECRET)
    await connected(pub.pc)
    pub.start()
    const tokens = Array.from({ length: 4 }, (_, i) => pass({ room: "w1", pass: `w${i}` }))
    const ls = await Promise.all(tokens.map((token) => listen(`${relay.url}/whep/w1`, token)))
    expect(ls.map((l) => l.response.status)).toEqual([201, 201, 201, 201])
    await until(() => ls.every((l) => l.packets() > 40), 15_000, "packets at every worker listener")
    for (const l of ls) {
      expect(maxSeqStep(l.seqs)).toBe(1)
      expect(maxTsStep(l.timestamps)).toBe(960)
    }
    // The main thread holds no listener peer connection: these figures come from the workers.
    const stats = await relay.stats()
    const t = stats.tracks.find((x) => x.room === "w1")
    expect(t?.listeners).toBe(4)
    expect(t?.packetsOut).toBeGreaterThan(4 * 40)
    expect(stats.listeners.filter((l) => l.pass.startsWith("w")).length).toBe(4)
    const metrics = await (await fetch(`${relay.url}/metrics`)).text()
    expect(metrics).toContain('microdrop_relay_listeners{room="w1",track="main"} 4')
    // DELETE goes to the worker that owns the session; the others keep playing.
    const del = await fetch(`${relay.url}${ls[0]?.location}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${tokens[0]}` }
    })
    expect(del.status).toBe(200)
    expect((await relay.stats()).tracks.find((x) => x.room === "w1")?.listeners).toBe(3)
    const before = ls[1]?.packets() ?? 0
    await until(() => (ls[1]?.packets() ?? 0) > before + 10, 10_000, "the other listeners after a DELETE")
    await Promise.all([...ls.map((l) => l.close()), pub.stop()])
  })

  it("keeps worker listeners continuous across a publisher reconnect", async () => {
    const a = await publish(`${relay.url}/whip/w2`, PUBLISHER_SECRET)
    await connected(a.pc)
    a.start(1000, 50_000)
    const ls = await Promise.all(
      [0, 1].map((i) => listen(`${relay.url}/whep/w2`, pass({ room: "w2", pass: `r${i}` })))
    )
    await until(() => ls.every((l) => l.packets() > 25), 15_000, "packets from the first publisher")
    // The gap starts before the first publisher stops: its last packet is forwarded no later, while
    // closing its peer connection can take long on a loaded machine.
    const gapStart = Date.now()
    await a.stop()
    const b = await publish(`${relay.url}/whip/w2`, PUBLISHER_SECRET)
    expect(b.response.status).toBe(201)
    await connected(b.pc)
    b.start(40_000, 9_000_000)
    const counts = ls.map((l) => l.packets())
    await until(
      () => ls.every((l, i) => l.packets() > (counts[i] ?? 0) + 25),
      15_000,
      "packets from the second publisher"
    )
    const gapMs = Date.now() - gapStart
    for (const l of ls) {
      // Sequence numbers continue; the timestamp steps by about the wall-clock gap, never by the
      // new publisher's jump (9 000 000 − 50 000 − …).
      expect(maxSeqStep(l.seqs)).toBe(1)
      expect(maxTsStep(l.timestamps)).toBeLessThanOrEqual((gapMs + 300) * 48)
    }
    await Promise.all([...ls.map((l) => l.close()), b.stop()])
  })

  it("switches a VIP listener in a worker between tracks", async () => {
    const mix = await publish(`${relay.url}/whip/vip/mix`, PUBLISHER_SECRET, 0x11)
    const binaural = await publish(`${relay.url}/whip/vip/binaural`, PUBLISHER_SECRET, 0x22)
    await Promise.all([connected(mix.pc), connected(binaural.pc)])
    mix.start(100, 0)
    binaural.start(30_000, 123_456)
    const token = pass({ room: "vip", kind: "vip", pass: "vip-w" })
    const l = await listen(`${relay.url}/whep/vip`, token)
    await until(() => l.packets() > 10 && l.lastFill() === 0x22, 10_000, "binaural packets")
    const sw = await fetch(`${relay.url}${l.location}/track`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ track: "mix" })
    })
    expect(sw.status).toBe(200)
    await until(() => l.lastFill() === 0x11, 10_000, "mix packets after the switch")
    expect(maxSeqStep(l.seqs)).toBeLessThanOrEqual(3)
    await Promise.all([l.close(), mix.stop(), binaural.stop()])
  })

  it("ends a worker listener whose peer never connects after connectTimeoutMs", async () => {
    const quick = await startRelay({
      ...localRelay,
      iceIpv6: false,
      iceTcp: false,
      workers: 1,
      connectTimeoutMs: 1000
    })
    try {
      // A WHEP offer whose answer is never applied: the worker must not keep the peer connection.
      const pc = new RTCPeerConnection({ codecs: { audio: [useOPUS()], video: [] }, iceStunGatherTimeout: 0 })
      pc.addTransceiver("audio", { direction: "recvonly" })
      await pc.setLocalDescription(await pc.createOffer())
      const token = pass({ room: "wq", pass: "never" })
      const pub = await publish(`${quick.url}/whip/wq`, PUBLISHER_SECRET)
      const r = await fetch(`${quick.url}/whep/wq`, {
        method: "POST",
        headers: { "Content-Type": "application/sdp", Authorization: `Bearer ${token}` },
        body: pc.localDescription?.sdp ?? ""
      })
      expect(r.status).toBe(201)
      const listeners = async () => (await quick.stats()).tracks.find((t) => t.room === "wq")?.listeners
      expect(await listeners()).toBe(1)
      const start = Date.now()
      let left = 1
      while (left !== 0 && Date.now() - start < 5_000) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        left = (await listeners()) ?? -1
      }
      expect(left).toBe(0)
      expect(Date.now() - start).toBeGreaterThan(500)
      await Promise.all([pc.close(), pub.stop()])
    } finally {
      await quick.close()
    }
  })
})
