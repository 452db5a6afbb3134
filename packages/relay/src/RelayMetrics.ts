/**
 * Prometheus exposition of the relay's stats with prom-client: one registry per relay, filled from a
 * stats snapshot at scrape time (nothing is recorded on the packet path).
 *
 * @since 0.1.0
 */
import { Counter, Gauge, Registry } from "prom-client"
import type { AdmissionStats, RelayStats } from "./RelayStats.ts"

/**
 * A registry that reads `snapshot()` on every scrape.
 *
 * @param snapshot - Returns the current stats.
 * @returns The prom-client registry; `await registry.metrics()` gives the exposition text.
 * @example
 * ```ts
 * import { makeMetricsRegistry } from "@microdrop/relay"
 * const registry = makeMetricsRegistry(() => ({ tracks: [], listeners: [], joins: 0, publishes: 0, refused: {} }))
 * (await registry.metrics()).includes("microdrop_relay_joins_total 0")
 * // => true
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const makeMetricsRegistry = (snapshot: () => RelayStats | Promise<RelayStats>): Registry => {
  const registry = new Registry()
  // One snapshot per scrape: every metric's collect shares it (in worker mode it asks each worker).
  let pending: Promise<RelayStats> | undefined
  const take = (): Promise<RelayStats> => {
    if (pending === undefined) {
      pending = Promise.resolve(snapshot())
      const clear = () => setImmediate(() => (pending = undefined))
      pending.then(clear, clear)
    }
    return pending
  }
  const labels = ["room", "track"] as const
  const perTrack = <K extends keyof RelayStats["tracks"][number]>(key: K, scale = 1) =>
    async function (this: Counter<"room" | "track"> | Gauge<"room" | "track">) {
      const current = await take()
      this.reset()
      for (const t of current.tracks) {
        const v = t[key]
        const value = typeof v === "boolean" ? (v ? 1 : 0) : Number(v) * scale
        if (this instanceof Counter) this.inc({ room: t.room, track: t.track }, value)
        else this.set({ room: t.room, track: t.track }, value)
      }
    }
  new Gauge({
    name: "microdrop_relay_listeners",
    help: "Listener sessions on the track.",
    labelNames: labels,
    registers: [registry],
    collect: perTrack("listeners")
  })
  new Gauge({
    name: "microdrop_relay_publishing",
    help: "1 when the track has a publisher.",
    labelNames: labels,
    registers: [registry],
    collect: perTrack("publishing")
  })
  const counters = [
    ["microdrop_relay_received_packets_total", "RTP packets received from the publisher.", "packetsIn"],
    ["microdrop_relay_received_bytes_total", "RTP payload bytes received from the publisher.", "bytesIn"],
    [
      "microdrop_relay_sent_packets_total",
      "RTP packets sent to listeners (one per listener whose DTLS is connected).",
      "packetsOut"
    ],
    ["microdrop_relay_sent_bytes_total", "RTP payload bytes forwarded to listeners.", "bytesOut"]
  ] as const
  for (const [name, help, key] of counters)
    new Counter({ name, help, labelNames: labels, registers: [registry], collect: perTrack(key) })
  const gauges = [
    [
      "microdrop_relay_forward_latency_p50_seconds",
      "Added latency receive to send, p50 over recent packets.",
      "latencyP50Ms",
      1e-3
    ],
    [
      "microdrop_relay_forward_latency_p99_seconds",
      "Added latency receive to send, p99 over recent packets.",
      "latencyP99Ms",
      1e-3
    ],
    [
      "microdrop_relay_listener_fraction_lost",
      "Mean fraction lost in listeners' latest RTCP receiver reports.",
      "meanFractionLost",
      1
    ],
    [
      "microdrop_relay_listener_packets_lost",
      "Sum of cumulative packets lost reported by current listeners.",
      "packetsLost",
      1
    ],
    [
      "microdrop_relay_listener_jitter_seconds",
      "Mean interarrival jitter reported by listeners.",
      "meanJitterMs",
      1e-3
    ]
  ] as const
  for (const [name, help, key, scale] of gauges)
    new Gauge({ name, help, labelNames: labels, registers: [registry], collect: perTrack(key, scale) })
  new Counter({
    name: "microdrop_relay_joins_total",
    help: "Listener sessions created since start.",
    registers: [registry],
    async collect() {
      const current = await take()
      this.reset()
      this.inc(current.joins)
    }
  })
  new Counter({
    name: "microdrop_relay_publishes_total",
    help: "Publisher sessions created since start.",
    registers: [registry],
    async collect() {
      const current = await take()
      this.reset()
      this.inc(current.publishes)
    }
  })
  new Counter({
    name: "microdrop_relay_refused_requests_total",
    help: "Requests refused, by HTTP status.",
    labelNames: ["status"],
    registers: [registry],
    async collect() {
      const current = await take()
      this.reset()
      for (const [status, n] of Object.entries(current.refused)) this.inc({ status }, n)
    }
  })
  const admissionGauges = [
    [
      "microdrop_relay_max_listeners",
      "Listener sessions this process serves at most (absent when there is no cap).",
      (a: AdmissionStats) => a.maxListeners
    ],
    [
      "microdrop_relay_joins_in_flight",
      "Listener joins (answer, ICE, DTLS handshake) in progress.",
      (a: AdmissionStats) => a.joinsInFlight
    ],
    [
      "microdrop_relay_joins_queued",
      "Listener joins waiting for a slot.",
      (a: AdmissionStats) => a.joinsQueued
    ]
  ] as const
  for (const [name, help, read] of admissionGauges)
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const a = (await take()).admission
        const v = a === undefined ? undefined : read(a)
        this.reset()
        if (v !== undefined) this.set(v)
      }
    })
  new Counter({
    name: "microdrop_relay_capacity_refusals_total",
    help: "Listeners refused with 503 at once, by the bound they hit (the listener cap or a full join queue).",
    labelNames: ["limit"],
    registers: [registry],
    async collect() {
      const a = (await take()).admission
      this.reset()
      if (a === undefined) return
      this.inc({ limit: "listeners" }, a.refused.listeners)
      this.inc({ limit: "joins" }, a.refused.joins)
    }
  })
  return registry
}
