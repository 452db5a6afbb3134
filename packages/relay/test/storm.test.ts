// A join storm with listener workers: light listeners (real ICE and DTLS with werift's stack, in a child
// process so they do not take the relay's CPU; benchmarks/lib/storm-peers.ts) join one room at once while
// a publisher streams. Every one of them must play — hear SRTP — and keep hearing it: a listener whose
// DTLS handshake the relay dropped is counted here, where a packets-received ratio would not see it.
import { randomBytes } from "node:crypto"
import { join } from "node:path"
import { formatTokenPublicKey, generateTokenKeyPair } from "@microdrop/codes"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startChild } from "../../../benchmarks/lib/child.ts"
import { type RunningRelay, startRelay } from "../src/promise.ts"
import { PUBLISHER_SECRET } from "./support/keys.ts"
import { connected, publish, type TestPublisher } from "./support/weriftPeer.ts"

const LISTENERS = 150
const PLAY_WITHIN_MS = 60_000
const keySeed = randomBytes(32).toString("hex")
const { publicKey } = generateTokenKeyPair(1, Buffer.from(keySeed, "hex"))

let relay: RunningRelay
let pub: TestPublisher
beforeAll(async () => {
  relay = await startRelay({
    port: 0,
    host: "127.0.0.1",
    publicKeys: [formatTokenPublicKey(publicKey)],
    publisherSecret: PUBLISHER_SECRET,
    iceHosts: ["127.0.0.1"],
    iceIpv6: false,
    iceTcp: false,
    workers: 2
  })
  pub = await publish(`${relay.url}/whip/storm`, PUBLISHER_SECRET)
  await connected(pub.pc, 30_000)
  pub.start()
})
afterAll(async () => {
  await pub?.stop()
  await relay?.close()
})

describe("a join storm with workers: 2", () => {
  it(`plays to every one of ${LISTENERS} listeners joining at once, and keeps playing`, async () => {
    const storm = startChild(
      join(import.meta.dirname, "..", "..", "..", "benchmarks", "lib", "storm-peers.ts"),
      {
        url: relay.url,
        room: "storm",
        listeners: LISTENERS,
        keySeed,
        prefix: "storm",
        playWithinMs: PLAY_WITHIN_MS
      }
    )
    try {
      const ready = await storm.next("ready")
      expect(ready["failures"]).toEqual([])
      expect(ready["refused"]).toBe(0)
      const playingMs = ready["playingMs"] as Array<number>
      expect(playingMs).toHaveLength(LISTENERS)
      // every listener heard SRTP within the bound (-1: never)
      expect(playingMs.filter((ms) => ms < 0)).toEqual([])
      storm.send("counts")
      const before = (await storm.next("counts", true))["packets"] as Array<number>
      await new Promise((r) => setTimeout(r, 3_000))
      storm.send("counts")
      const after = (await storm.next("counts", true))["packets"] as Array<number>
      // and each one still hears the stream (none silently dropped after its first packet)
      expect(after.filter((n, i) => n <= (before[i] ?? 0)).length).toBe(0)
      const track = (await relay.stats()).tracks.find((t) => t.room === "storm")
      expect(track?.listeners).toBe(LISTENERS)
    } finally {
      await storm.stop()
    }
  }, 150_000)
})
