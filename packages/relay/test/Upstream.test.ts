// Relay chaining: an edge relay pulls a room from an origin relay by WHEP and serves it again.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RunningRelay, startRelay } from "../src/promise.ts"
import { localRelay, PUBLISHER_SECRET, pass } from "./support/keys.ts"
import { connected, listen, maxSeqStep, publish, until } from "./support/weriftPeer.ts"

let origin: RunningRelay
let edge: RunningRelay
const base = {
  ...localRelay
}

beforeAll(async () => {
  origin = await startRelay({ ...base, rooms: { main: ["main"] } })
  edge = await startRelay({
    ...base,
    upstreams: [
      { room: "main", track: "main", url: `${origin.url}/whep/main`, token: pass({ pass: "edge-1" }) }
    ],
    upstreamRetryMs: 200
  })
})
afterAll(async () => {
  await edge.close()
  await origin.close()
})

describe("relay chaining", () => {
  it("serves an origin's room at the edge, and keeps edge listeners continuous across an origin publisher reconnect", async () => {
    const first = await publish(`${origin.url}/whip/main`, PUBLISHER_SECRET)
    await connected(first.pc)
    first.start(1000, 0)
    const l = await listen(`${edge.url}/whep/main`, pass({ pass: "edge-listener" }))
    expect(l.response.status).toBe(201)
    await until(() => l.packets() > 25, 15_000, "packets at the edge listener")
    await first.stop()
    const second = await publish(`${origin.url}/whip/main`, PUBLISHER_SECRET)
    await connected(second.pc)
    second.start(50_000, 7_000_000)
    const before = l.packets()
    await until(() => l.packets() > before + 25, 15_000, "packets after the origin publisher reconnected")
    expect(maxSeqStep(l.seqs)).toBeLessThanOrEqual(3)
    const originStats = await origin.stats()
    expect(originStats.listeners.map((x) => x.pass)).toEqual(["edge-1"])
    const edgeTrack = (await edge.stats()).tracks.find((t) => t.room === "main")
    expect(edgeTrack?.publishing).toBe(true)
    await Promise.all([l.close(), second.stop()])
  })

  it("keeps retrying an upstream that is not there yet, and serves it once it is", async () => {
    const late = await startRelay(base)
    const lateEdge = await startRelay({
      ...base,
      upstreams: [
        {
          room: "late",
          track: "main",
          url: `${late.url}/whep/late`,
          token: pass({ room: "late", pass: "edge-2" })
        }
      ],
      upstreamRetryMs: 200
    })
    try {
      // The edge knows the room from its upstream list, so listeners may join before the show starts.
      const l = await listen(`${lateEdge.url}/whep/late`, pass({ room: "late", pass: "early-bird" }))
      expect(l.response.status).toBe(201)
      await new Promise((r) => setTimeout(r, 500))
      expect((await late.stats()).refused["404"]).toBeGreaterThan(0)
      const pub = await publish(`${late.url}/whip/late`, PUBLISHER_SECRET)
      await connected(pub.pc)
      pub.start()
      await until(() => l.packets() > 25, 15_000, "packets once the upstream room exists")
      await Promise.all([l.close(), pub.stop()])
    } finally {
      await lateEdge.close()
      await late.close()
    }
  })
})
