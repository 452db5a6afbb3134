// On the shared UDP port (`udpPort`), forwarding sends SRTP straight to the port's socket (leanSend's direct
// path). Real werift listeners, which decrypt and check every packet, hear the publisher's stream whole
// and in order there: on the main thread and in workers.
import { afterEach, describe, expect, it } from "vitest"
import { type RunningRelay, startRelay } from "../src/promise.ts"
import { localRelay, PUBLISHER_SECRET, pass } from "./support/keys.ts"
import { freeUdpBase } from "./support/relayFixtures.ts"
import { connected, listen, maxSeqStep, publish, type TestPublisher, until } from "./support/weriftPeer.ts"

let relay: RunningRelay | undefined
let pub: TestPublisher | undefined
afterEach(async () => {
  await pub?.stop()
  await relay?.close()
  pub = undefined
  relay = undefined
})

describe("forwarding on the shared UDP port", () => {
  for (const workers of [0, 2])
    it(`delivers every packet, decryptable and in order, to werift listeners (workers: ${workers})`, async () => {
      const base = await freeUdpBase()
      relay = await startRelay({ ...localRelay, udpPort: base, ...(workers > 0 ? { workers } : {}) })
      const r = relay
      pub = await publish(`${r.url}/whip/main`, PUBLISHER_SECRET, 0x5a)
      await connected(pub.pc)
      pub.start()
      const ls = await Promise.all(
        ["a", "b", "c"].map((id) => listen(`${r.url}/whep/main`, pass({ pass: id })))
      )
      try {
        for (const l of ls) expect(l.response.status).toBe(201)
        // every answer names the thread's shared port (the main thread's, or a worker's: base + 1 + i)
        const ports = ls.map((l) =>
          Number(/ udp \d+ \S+ (\d+) typ host/.exec(l.pc.remoteDescription?.sdp ?? "")?.[1])
        )
        for (const p of ports) expect(workers === 0 ? [base] : [base + 1, base + 2]).toContain(p)
        await until(() => ls.every((l) => l.packets() > 40), 15_000, "40 packets at every listener")
        for (const l of ls) {
          // werift drops a packet it cannot decrypt (SRTP auth): these were decrypted, marked by the publisher
          expect(l.lastFill()).toBe(0x5a)
          expect(maxSeqStep(l.seqs.slice(5))).toBe(1)
        }
        const stats = await r.stats()
        const out = stats.listeners.map((l) => l.packetsOut)
        expect(out.every((n) => n >= 40)).toBe(true)
      } finally {
        await Promise.all(ls.map((l) => l.close()))
      }
    }, 60_000)
})
