// /metrics is valid for Prometheus' own parser (promtool) and reports real traffic; /stats needs the secret.
import { spawnSync } from "node:child_process"
import { existsSync } from "node:fs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RunningRelay, startRelay } from "../src/promise.ts"
import type { RelayStats } from "../src/RelayStats.ts"
import { localRelay, PUBLISHER_SECRET, pass } from "./support/keys.ts"
import { connected, listen, publish, until } from "./support/weriftPeer.ts"

const PROMTOOL = "/usr/bin/promtool"
if (!existsSync(PROMTOOL)) {
  if (process.env["CI"]) throw new Error("promtool is required in CI: apt-get install prometheus")
  console.warn("SKIPPED: promtool checks need /usr/bin/promtool (apt-get install prometheus)")
}

let relay: RunningRelay
beforeAll(async () => {
  relay = await startRelay({
    ...localRelay
  })
})
afterAll(() => relay.close())

const value = (text: string, series: string): number => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `))
  return line === undefined ? Number.NaN : Number(line.split(" ")[1])
}

describe("metrics and stats", () => {
  it("reports packets, bytes, latency and receiver-report loss/jitter, in a form promtool accepts", async () => {
    const pub = await publish(`${relay.url}/whip/main`, PUBLISHER_SECRET)
    await connected(pub.pc)
    pub.start()
    const l = await listen(`${relay.url}/whep/main`, pass())
    await until(() => l.packets() > 50, 10_000, "packets")
    // Receiver reports arrive about once a second.
    const stats = async () =>
      (await (
        await fetch(`${relay.url}/stats`, { headers: { Authorization: `Bearer ${PUBLISHER_SECRET}` } })
      ).json()) as RelayStats
    let s = await stats()
    const start = Date.now()
    while (Date.now() - start < 10_000 && (s.listeners[0]?.packetsOut ?? 0) === 0) s = await stats()
    expect(s.listeners[0]?.packetsOut).toBeGreaterThan(0)
    expect(s.listeners[0]?.bytesOut).toBeGreaterThan(0)
    const text = await (await fetch(`${relay.url}/metrics`)).text()
    const labels = '{room="main",track="main"}'
    expect(value(text, `microdrop_relay_received_packets_total${labels}`)).toBeGreaterThan(50)
    expect(value(text, `microdrop_relay_sent_bytes_total${labels}`)).toBeGreaterThan(50 * 80)
    expect(value(text, `microdrop_relay_listeners${labels}`)).toBe(1)
    expect(value(text, `microdrop_relay_publishing${labels}`)).toBe(1)
    expect(value(text, `microdrop_relay_forward_latency_p99_seconds${labels}`)).toBeGreaterThan(0)
    expect(value(text, `microdrop_relay_forward_latency_p99_seconds${labels}`)).toBeLessThan(0.05)
    expect(value(text, "microdrop_relay_joins_total")).toBe(1)
    expect(value(text, `microdrop_relay_listener_jitter_seconds${labels}`)).toBeGreaterThanOrEqual(0)
    if (existsSync(PROMTOOL)) {
      const check = spawnSync(PROMTOOL, ["check", "metrics"], { input: text, encoding: "utf8" })
      expect(`${check.stdout}${check.stderr}`.trim()).toBe("")
      expect(check.status).toBe(0)
    }
    await Promise.all([l.close(), pub.stop()])
  })

  it("takes loss and jitter from the listeners' RTCP receiver reports", async () => {
    const pub = await publish(`${relay.url}/whip/rr`, PUBLISHER_SECRET)
    await connected(pub.pc)
    pub.start()
    const l = await listen(`${relay.url}/whep/rr`, pass({ room: "rr" }))
    await until(() => l.packets() > 20, 10_000, "packets")
    const start = Date.now()
    let jitter: number | undefined
    // werift listeners send receiver reports; wait for the first to land.
    while (Date.now() - start < 12_000) {
      const t = (await relay.stats()).tracks.find((x) => x.room === "rr")
      const text = await (await fetch(`${relay.url}/metrics`)).text()
      if (
        text.includes('microdrop_relay_listener_packets_lost{room="rr",track="main"} 0') &&
        t !== undefined
      ) {
        jitter = t.meanJitterMs
        if (jitter > 0) break
      }
      await new Promise((r) => setTimeout(r, 250))
    }
    expect(jitter).toBeGreaterThan(0)
    await Promise.all([l.close(), pub.stop()])
  })

  it("keeps /stats for the operator", async () => {
    expect((await fetch(`${relay.url}/stats`)).status).toBe(401)
    expect(
      (await fetch(`${relay.url}/stats`, { headers: { Authorization: `Bearer ${pass()}` } })).status
    ).toBe(401)
  })
})
