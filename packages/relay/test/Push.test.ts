// WHIP push onward: one relay publishes a room's track to another WHIP server (here, a second relay).
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RunningRelay, startRelay } from "../src/promise.ts"
import { PUBLISHER_SECRET, pass, passKinds, publicKeys } from "./support/keys.ts"
import { connected, listen, maxSeqStep, publish, until } from "./support/weriftPeer.ts"

const TARGET_SECRET = "the-cdn-ingest-secret-0123"
let source: RunningRelay
let target: RunningRelay
const base = {
  port: 0,
  host: "127.0.0.1",
  publicKeys,
  passKinds,
  iceHosts: ["127.0.0.1"],
  upstreamRetryMs: 200
}

beforeAll(async () => {
  target = await startRelay({ ...base, publisherSecret: TARGET_SECRET })
  source = await startRelay({
    ...base,
    publisherSecret: PUBLISHER_SECRET,
    pushes: [{ room: "main", track: "main", url: `${target.url}/whip/show`, token: TARGET_SECRET }]
  })
})
afterAll(async () => {
  await source.close()
  await target.close()
})

describe("WHIP push onward", () => {
  it("publishes the room to another WHIP server, continuous across a publisher reconnect at the source", async () => {
    const first = await publish(`${source.url}/whip/main`, PUBLISHER_SECRET)
    await connected(first.pc)
    first.start(100, 0)
    let l: Awaited<ReturnType<typeof listen>> | undefined
    const start = Date.now()
    // The push creates the room at the target; wait for it, then listen there.
    while (Date.now() - start < 10_000) {
      const attempt = await listen(`${target.url}/whep/show`, pass({ room: "show", pass: "cdn-viewer" }))
      if (attempt.response.status === 201) {
        l = attempt
        break
      }
      await attempt.close()
      await new Promise((r) => setTimeout(r, 200))
    }
    if (l === undefined) throw new Error("the push never reached the target relay")
    const listener = l
    await until(() => listener.packets() > 25, 10_000, "packets at the target")
    await first.stop()
    const second = await publish(`${source.url}/whip/main`, PUBLISHER_SECRET)
    await connected(second.pc)
    second.start(60_000, 5_000_000)
    const mark = listener.packets()
    await until(
      () => listener.packets() > mark + 25,
      10_000,
      "packets after the source publisher reconnected"
    )
    expect(maxSeqStep(listener.seqs)).toBeLessThanOrEqual(3)
    expect((await target.stats()).tracks.find((t) => t.room === "show")?.publishing).toBe(true)
    await Promise.all([listener.close(), second.stop()])
  })
})
