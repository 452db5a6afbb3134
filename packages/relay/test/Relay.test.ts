import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RunningRelay, startRelay } from "../src/promise.ts"
import { PUBLISHER_SECRET, pass, publicKeyPem } from "./support/keys.ts"
import { connected, listen, publish, until } from "./support/weriftPeer.ts"

let relay: RunningRelay

beforeAll(async () => {
  relay = await startRelay({
    port: 0,
    host: "127.0.0.1",
    publicKey: publicKeyPem,
    publisherSecret: PUBLISHER_SECRET,
    iceHosts: ["127.0.0.1"]
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
})
