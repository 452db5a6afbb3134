import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RunningRelay, startRelay } from "../src/promise.ts"
import { localRelay, PUBLISHER_SECRET, pass } from "./support/keys.ts"
import { connected, listen, maxSeqStep, publish, until } from "./support/weriftPeer.ts"

let relay: RunningRelay

beforeAll(async () => {
  relay = await startRelay({
    ...localRelay,
    rooms: { vip: ["mix", "binaural"] }
  })
})
afterAll(() => relay.close())

describe("werift peers through the relay", () => {
  it("forwards a publisher's packets to two listeners", async () => {
    const pub = await publish(`${relay.url}/whip/main`, PUBLISHER_SECRET)
    expect(pub.response.status).toBe(201)
    expect(pub.location).toMatch(/^\/sessions\/[A-Za-z0-9_-]{32}$/)
    await connected(pub.pc)
    pub.start()
    const a = await listen(`${relay.url}/whep/main`, pass({ pass: "a" }))
    const b = await listen(`${relay.url}/whep/main`, pass({ pass: "b" }))
    expect([a.response.status, b.response.status]).toEqual([201, 201])
    await until(() => a.packets() > 20 && b.packets() > 20, 10_000, "packets at both listeners")
    const stats = await relay.stats()
    const t = stats.tracks.find((x) => x.room === "main" && x.track === "main")
    expect(t?.listeners).toBe(2)
    expect(t?.packetsIn).toBeGreaterThan(20)
    await a.close()
    await b.close()
    await pub.stop()
  })

  it("hands a live track to a new publisher at once and keeps listeners' sequence continuous", async () => {
    const a = await publish(`${relay.url}/whip/takeover`, PUBLISHER_SECRET)
    await connected(a.pc)
    a.start(1000, 50_000)
    const l = await listen(`${relay.url}/whep/takeover`, pass({ room: "takeover" }))
    await until(() => l.packets() > 25, 10_000, "packets from the first publisher")
    const b = await publish(`${relay.url}/whip/takeover`, PUBLISHER_SECRET)
    expect(b.response.status).toBe(201)
    await connected(b.pc)
    b.start(40_000, 9_000_000)
    const before = l.packets()
    await until(() => l.packets() > before + 25, 10_000, "packets from the second publisher")
    // The old publisher's session was ended by the relay at once, not left to time out.
    const old = await fetch(`${relay.url}${a.location}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${PUBLISHER_SECRET}` }
    })
    expect(old.status).toBe(404)
    expect(maxSeqStep(l.seqs)).toBeLessThanOrEqual(3)
    expect((await relay.stats()).tracks.find((t) => t.room === "takeover")?.publishing).toBe(true)
    await Promise.all([l.close(), a.stop(), b.stop()])
  })

  it("keeps a steady listener continuous while others join and leave", async () => {
    const pub = await publish(`${relay.url}/whip/churn`, PUBLISHER_SECRET)
    await connected(pub.pc)
    pub.start()
    const steady = await listen(`${relay.url}/whep/churn`, pass({ room: "churn", pass: "steady" }))
    await until(() => steady.packets() > 10, 10_000, "steady listener")
    const start = steady.packets()
    for (let round = 0; round < 3; round++) {
      const crowd = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          listen(`${relay.url}/whep/churn`, pass({ room: "churn", pass: `c${round}-${i}` }))
        )
      )
      expect(crowd.every((c) => c.response.status === 201)).toBe(true)
      await until(() => crowd.every((c) => c.packets() > 5), 10_000, "crowd packets")
      await Promise.all(
        crowd.map(async (c, i) => {
          if (i % 2 === 0)
            await fetch(`${relay.url}${c.location}`, {
              method: "DELETE",
              headers: { Authorization: `Bearer ${pass({ room: "churn", pass: `c${round}-${i}` })}` }
            })
          await c.close()
        })
      )
    }
    // Every packet the steady listener got during the churn is in sequence: no gap, no reorder.
    expect(steady.packets() - start).toBeGreaterThan(0)
    expect(maxSeqStep(steady.seqs)).toBe(1)
    await Promise.all([steady.close(), pub.stop()])
  })

  it("replaces the oldest session of a one-seat pass by default", async () => {
    const token = pass({ room: "vip", kind: "mix-solo", pass: "seat" })
    const first = await listen(`${relay.url}/whep/vip`, token)
    const second = await listen(`${relay.url}/whep/vip`, token)
    expect([first.response.status, second.response.status]).toEqual([201, 201])
    const gone = await fetch(`${relay.url}${first.location}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${token}` }
    })
    expect(gone.status).toBe(404)
    const stats = await relay.stats()
    expect(stats.listeners.filter((l) => l.pass === "seat")).toHaveLength(1)
    await Promise.all([first.close(), second.close()])
  })

  it("switches a VIP listener between tracks without renegotiating", async () => {
    const mix = await publish(`${relay.url}/whip/vip/mix`, PUBLISHER_SECRET, 0x11)
    const binaural = await publish(`${relay.url}/whip/vip/binaural`, PUBLISHER_SECRET, 0x22)
    await Promise.all([connected(mix.pc), connected(binaural.pc)])
    mix.start(100, 0)
    binaural.start(30_000, 123_456)
    const token = pass({ room: "vip", kind: "vip", pass: "vip-1" })
    const l = await listen(`${relay.url}/whep/vip`, token)
    await until(() => l.packets() > 10 && l.lastFill() === 0x22, 10_000, "binaural packets")
    const sw = (track: string, t = token) =>
      fetch(`${relay.url}${l.location}/track`, {
        method: "POST",
        headers: { Authorization: `Bearer ${t}`, "Content-Type": "application/json" },
        body: JSON.stringify({ track })
      })
    expect((await sw("mix")).status).toBe(200)
    await until(() => l.lastFill() === 0x11, 10_000, "mix packets after the switch")
    expect(maxSeqStep(l.seqs)).toBeLessThanOrEqual(3)
    const plain = pass({ room: "vip", kind: "mix", pass: "plain" })
    const p = await listen(`${relay.url}/whep/vip`, plain)
    expect((await sw("binaural", plain)).status).toBe(403)
    const r = await fetch(`${relay.url}${p.location}/track`, {
      method: "POST",
      headers: { Authorization: `Bearer ${plain}` },
      body: JSON.stringify({ track: "binaural" })
    })
    expect(r.status).toBe(403)
    expect(await r.text()).toContain("binaural")
    await Promise.all([l.close(), p.close(), mix.stop(), binaural.stop()])
  })
})
