// The main thread's side of listener worker threads (`workers: N`): dispatches each WHEP offer to the
// least-loaded worker, routes DELETE / track switches to the worker that owns the session, and posts
// each forwarded RTP packet to the workers that have listeners on its track.
import { Worker } from "node:worker_threads"
import type { RtpPacket } from "werift"
import type { SdpFrag } from "../SdpFrag.ts"
import type { PatchOutcome } from "./icePatch.ts"
import type { PeerOptions } from "./peer.ts"
import type { ToMain, ToWorker, WorkerStats } from "./workerProtocol.ts"

export type ListenReply =
  | { readonly ok: true; readonly answer: string; readonly worker: number }
  | { readonly ok: false; readonly tag: string; readonly reason: string }

export interface WorkerPool {
  readonly size: number
  readonly listen: (input: {
    readonly id: string
    readonly pass: string
    readonly key: string
    readonly offer: string
  }) => Promise<ListenReply>
  readonly rtp: (key: string, rtp: RtpPacket) => void
  readonly source: (key: string) => void
  readonly end: (id: string) => void
  readonly switchTrack: (id: string, key: string) => Promise<void>
  /** Routes a trickle / ICE restart PATCH to the worker that owns the session. */
  readonly patch: (id: string, frag: SdpFrag, ifMatch: string | undefined) => Promise<PatchOutcome>
  readonly stats: () => Promise<ReadonlyArray<WorkerStats>>
  readonly load: () => ReadonlyArray<number>
  readonly stop: () => Promise<void>
}

const workerUrl = (): URL =>
  import.meta.url.endsWith(".ts")
    ? new URL("./relayWorker.ts", import.meta.url)
    : new URL("./relayWorker.js", import.meta.url)

export const makeWorkerPool = (
  size: number,
  options: PeerOptions & { readonly connectTimeoutMs: number },
  onClosed: (id: string) => void,
  onConnected: (id: string) => void = () => undefined
): WorkerPool => {
  // Each worker learns its index: with `udpPort`, worker i shares UDP port udpPort + 1 + i.
  const workers = Array.from(
    { length: size },
    (_, index) => new Worker(workerUrl(), { workerData: { ...options, index } })
  )
  const sessions = new Map<string, { readonly worker: number; key: string }>()
  const load = workers.map(() => 0)
  // Per track key, how many listeners each worker has: packets go only to workers that need them.
  const perKey = new Map<string, number[]>()
  const pending = new Map<number, { readonly worker: number; readonly resolve: (m: ToMain) => void }>()
  const alive = workers.map(() => true)
  let stopping = false
  let req = 0
  const failed = (r: number, reason: string): ToMain => ({
    t: "reply",
    req: r,
    ok: false,
    error: { tag: "NegotiationFailed", reason }
  })

  const count = (key: string, worker: number, delta: number) => {
    let c = perKey.get(key)
    if (c === undefined) {
      c = workers.map(() => 0)
      perKey.set(key, c)
    }
    c[worker] = (c[worker] ?? 0) + delta
  }
  const forget = (id: string): boolean => {
    const s = sessions.get(id)
    if (s === undefined) return false
    sessions.delete(id)
    load[s.worker] = (load[s.worker] ?? 1) - 1
    count(s.key, s.worker, -1)
    return true
  }

  workers.forEach((w, i) => {
    w.unref()
    w.on("message", (m: ToMain) => {
      if (m.t === "closed") {
        if (forget(m.id)) onClosed(m.id)
        return
      }
      if (m.t === "connected") {
        onConnected(m.id)
        return
      }
      const entry = pending.get(m.req)
      pending.delete(m.req)
      entry?.resolve(m)
    })
    w.on("error", (e) => {
      process.stderr.write(`microdrop-relay: listener worker ${i} failed: ${e.message}\n`)
    })
    // A worker that stops takes its listeners with it: answer its pending requests, end its sessions,
    // and send new listeners to the others.
    w.on("exit", (code) => {
      alive[i] = false
      if (!stopping) process.stderr.write(`microdrop-relay: listener worker ${i} stopped (exit ${code})\n`)
      for (const [r, entry] of [...pending])
        if (entry.worker === i) {
          pending.delete(r)
          entry.resolve(failed(r, `listener worker ${i} stopped`))
        }
      for (const [id, s] of [...sessions]) if (s.worker === i && forget(id)) onClosed(id)
    })
  })

  const ask = (worker: number, make: (req: number) => ToWorker): Promise<ToMain> =>
    new Promise((resolve) => {
      const r = ++req
      if (!alive[worker]) return resolve(failed(r, `listener worker ${worker} stopped`))
      pending.set(r, { worker, resolve })
      workers[worker]?.postMessage(make(r))
    })

  const send = (worker: number, m: ToWorker) => workers[worker]?.postMessage(m)

  return {
    size,
    listen: async ({ id, pass, key, offer }) => {
      let worker = -1
      for (let i = 0; i < size; i++)
        if (alive[i] && (worker < 0 || (load[i] ?? 0) < (load[worker] ?? 0))) worker = i
      if (worker < 0) return { ok: false, tag: "NegotiationFailed", reason: "no listener worker is running" }
      load[worker] = (load[worker] ?? 0) + 1
      const m = await ask(worker, (r) => ({ t: "listen", req: r, id, pass, key, offer }))
      if (m.t !== "reply" || !m.ok) {
        load[worker] = (load[worker] ?? 1) - 1
        return m.t === "reply" && !m.ok
          ? { ok: false, tag: m.error.tag, reason: m.error.reason }
          : { ok: false, tag: "NegotiationFailed", reason: "unexpected worker reply" }
      }
      sessions.set(id, { worker, key })
      count(key, worker, 1)
      return { ok: true, answer: m.value, worker }
    },
    rtp: (key, rtp) => {
      const c = perKey.get(key)
      if (c === undefined) return
      let data: Buffer | undefined
      for (let i = 0; i < size; i++)
        if ((c[i] ?? 0) > 0 && alive[i]) {
          data ??= rtp.serialize()
          // Structured clone copies the ~150-byte packet per worker (see the README's figures).
          workers[i]?.postMessage({ t: "rtp", key, data } satisfies ToWorker)
        }
    },
    source: (key) => {
      for (let i = 0; i < size; i++) send(i, { t: "source", key })
    },
    end: (id) => {
      const s = sessions.get(id)
      if (s === undefined) return
      forget(id)
      send(s.worker, { t: "end", id })
    },
    switchTrack: async (id, key) => {
      const s = sessions.get(id)
      if (s === undefined) return
      count(s.key, s.worker, -1)
      s.key = key
      count(key, s.worker, 1)
      await ask(s.worker, (r) => ({ t: "switch", req: r, id, key }))
    },
    patch: async (id, frag, ifMatch) => {
      const s = sessions.get(id)
      if (s === undefined) return { ok: false, tag: "SessionGone" }
      const m = await ask(s.worker, (r) => ({ t: "patch", req: r, id, frag, ifMatch }))
      if (m.t === "patched") return m.outcome
      return {
        ok: false,
        tag: "NegotiationFailed",
        reason: m.t === "reply" && !m.ok ? m.error.reason : "unexpected worker reply"
      }
    },
    stats: async () => {
      const replies = await Promise.all(workers.map((_, i) => ask(i, (r) => ({ t: "stats", req: r }))))
      return replies.flatMap((m) => (m.t === "stats" ? [m.stats] : []))
    },
    load: () => [...load],
    stop: async () => {
      stopping = true
      // Each worker answers once its listeners have been told the session is over (at most ~1 s).
      await Promise.race([
        Promise.all(workers.map((_, i) => ask(i, (r) => ({ t: "stop", req: r })))),
        new Promise((resolve) => setTimeout(resolve, 1_000).unref())
      ])
      await Promise.all(workers.map((w) => w.terminate()))
    }
  }
}
