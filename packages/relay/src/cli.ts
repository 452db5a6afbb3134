// The `microdrop-relay` command: parses flags into a RelayConfig, starts the relay, stops on SIGINT/SIGTERM.
import { readFileSync } from "node:fs"
import { parseArgs } from "node:util"
import { startRelay } from "./promise.ts"
import type { RelayConfig } from "./RelayConfig.ts"

const usage = `Usage: microdrop-relay --public-key <id:key|@file> --publisher-secret <secret> [options]

  --port <n>               HTTP port (default 8080; 0 = any free port)
  --host <addr>            HTTP address to listen on (default 0.0.0.0); ICE addresses are --ice-host
  --public-key <id:key>    pass issuer's @microdrop/codes token public key: key id (0-255), ':', and the
                           32 raw bytes as base64url or hex; or @path to a file of such lines; repeatable
  --pass-kind <kind=t1,t2[@seats]>  tracks (first = default) and seat cap of a pass kind; repeatable
                           (default: remote=main,mix@1 and vip=main,mix,binaural@1)
  --revocations <file>     the issuer's signed revocation list (signRevocationList text); re-read every 5 s,
                           a newer list takes effect at once
  --publisher-secret <s>   publishers' bearer secret, at least 16 characters (or env MICRODROP_PUBLISHER_SECRET)
  --room <room:t1,t2>      a room (and tracks) that exists before its publisher; repeatable
  --takeover <replace|refuse>          a second publisher replaces the first (default) or gets 409
  --seat-policy <replace-oldest|refuse> a pass over its seat cap replaces its oldest session (default) or gets 409
  --ice-host <addr>        offer only this ICE host address and bind ICE sockets to it (e.g. 127.0.0.1,
                           or a 1:1 NAT's public IP beside the private one); repeatable (default: every
                           interface, sockets on 0.0.0.0)
  --ice-ports <min-max>    UDP port range for ICE
  --udp-port <n>           one UDP port for every WebRTC session (worker i: n + 1 + i); no TCP candidates
  --no-ipv6                do not offer IPv6 candidates
  --no-tcp                 do not offer TCP candidates (UDP only)
  --cors-origin <origin>   Access-Control-Allow-Origin (default *)
  --upstream <room:track=url>  pull a track from an upstream relay's WHEP URL (edge mode); repeatable
  --upstream-pass <token>  the pass the upstream relay accepts (or env MICRODROP_UPSTREAM_PASS)
  --upstream-idle-ms <ms>  pull an upstream again after this long without a packet (default 3000)
  --push <room:track=url>  push a track onward to a WHIP server (MediaMTX, a CDN ingest); repeatable
  --push-token <token>     the bearer token the WHIP server expects (or env MICRODROP_PUSH_TOKEN)
  --workers <n>            put listener peer connections in n worker threads (default 0: main thread)
  --max-listeners <n>      serve at most n listeners; more get 503 + Retry-After at once (default: no cap)
  --max-joins-in-flight <n>  listener handshakes at once; more wait (default 4, or 4 × workers)
  --max-queued-joins <n>   joins that may wait; more get 503 + Retry-After (default 1024)
  --config <file.json>     read options from a JSON file (flags win)
`

const fail = (message: string): never => {
  process.stderr.write(`microdrop-relay: ${message}\n\n${usage}`)
  process.exit(2)
}

const readMaybeFile = (value: string, flag: string): string => {
  if (!value.startsWith("@")) return value
  try {
    return readFileSync(value.slice(1), "utf8")
  } catch {
    return fail(`${flag}: cannot read file ${value.slice(1)}`)
  }
}

const main = async (): Promise<void> => {
  let parsed: ReturnType<typeof parse>
  const parse = () =>
    parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "public-key": { type: "string", multiple: true },
        "pass-kind": { type: "string", multiple: true },
        "publisher-secret": { type: "string" },
        revocations: { type: "string" },
        room: { type: "string", multiple: true },
        takeover: { type: "string" },
        "seat-policy": { type: "string" },
        "ice-host": { type: "string", multiple: true },
        "ice-ports": { type: "string" },
        "no-ipv6": { type: "boolean" },
        "no-tcp": { type: "boolean" },
        "cors-origin": { type: "string" },
        config: { type: "string" },
        workers: { type: "string" },
        "udp-port": { type: "string" },
        "max-listeners": { type: "string" },
        "max-joins-in-flight": { type: "string" },
        "max-queued-joins": { type: "string" },
        upstream: { type: "string", multiple: true },
        "upstream-pass": { type: "string" },
        "upstream-idle-ms": { type: "string" },
        push: { type: "string", multiple: true },
        "push-token": { type: "string" },
        help: { type: "boolean", short: "h" }
      },
      strict: true,
      allowPositionals: false
    })
  try {
    parsed = parse()
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e))
  }
  const v = parsed.values
  if (v.help === true) {
    process.stdout.write(usage)
    return
  }
  let config: Record<string, unknown> = {}
  if (v.config !== undefined) {
    try {
      config = JSON.parse(readFileSync(v.config, "utf8")) as Record<string, unknown>
    } catch (e) {
      return fail(`--config: cannot read ${v.config} as JSON (${e instanceof Error ? e.message : String(e)})`)
    }
  }
  const int = (flag: string, s: string): number =>
    /^\d+$/.test(s) ? Number(s) : fail(`${flag} must be a whole number, got '${s}'`)
  if (v.port !== undefined) config["port"] = int("--port", v.port)
  if (v.host !== undefined) config["host"] = v.host
  if (v.workers !== undefined) config["workers"] = int("--workers", v.workers)
  if (v["udp-port"] !== undefined) config["udpPort"] = int("--udp-port", v["udp-port"])
  if (v["max-listeners"] !== undefined) config["maxListeners"] = int("--max-listeners", v["max-listeners"])
  if (v["max-joins-in-flight"] !== undefined)
    config["maxJoinsInFlight"] = int("--max-joins-in-flight", v["max-joins-in-flight"])
  if (v["max-queued-joins"] !== undefined)
    config["maxQueuedJoins"] = int("--max-queued-joins", v["max-queued-joins"])
  if (v["upstream-idle-ms"] !== undefined)
    config["upstreamIdleMs"] = int("--upstream-idle-ms", v["upstream-idle-ms"])
  if (v["public-key"] !== undefined)
    config["publicKeys"] = v["public-key"].flatMap((k) =>
      readMaybeFile(k, "--public-key")
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "")
    )
  if (v["pass-kind"] !== undefined) {
    const kinds: Record<string, { tracks: string[]; seats?: number }> = {}
    for (const k of v["pass-kind"]) {
      const m = /^([^=]+)=([^@]+)(?:@(\d+))?$/.exec(k)
      if (m === null || m[1] === undefined || m[2] === undefined)
        return fail(`--pass-kind must look like vip=binaural,mix@1, got '${k}'`)
      kinds[m[1]] =
        m[3] === undefined ? { tracks: m[2].split(",") } : { tracks: m[2].split(","), seats: Number(m[3]) }
    }
    config["passKinds"] = kinds
  }
  if (v.revocations !== undefined) config["revocationFile"] = v.revocations
  const secret = v["publisher-secret"] ?? process.env["MICRODROP_PUBLISHER_SECRET"]
  if (secret !== undefined) config["publisherSecret"] = secret
  if (v.takeover !== undefined) config["takeover"] = v.takeover
  if (v["seat-policy"] !== undefined) config["seatPolicy"] = v["seat-policy"]
  if (v["cors-origin"] !== undefined) config["corsOrigin"] = v["cors-origin"]
  if (v["ice-host"] !== undefined) config["iceHosts"] = v["ice-host"]
  if (v["no-ipv6"] === true) config["iceIpv6"] = false
  if (v["no-tcp"] === true) config["iceTcp"] = false
  if (v["ice-ports"] !== undefined) {
    const m = /^(\d+)-(\d+)$/.exec(v["ice-ports"])
    if (m === null) return fail(`--ice-ports must look like 40000-40100, got '${v["ice-ports"]}'`)
    config["icePortRange"] = [Number(m[1]), Number(m[2])]
  }
  if (v.room !== undefined) {
    const rooms: Record<string, string[]> = {}
    for (const r of v.room) {
      const [room, tracks] = r.split(":")
      if (room === undefined || room === "")
        return fail(`--room must look like main:mix,binaural, got '${r}'`)
      rooms[room] = tracks === undefined || tracks === "" ? ["main"] : tracks.split(",")
    }
    config["rooms"] = rooms
  }
  if (v.upstream !== undefined) {
    const token = v["upstream-pass"] ?? process.env["MICRODROP_UPSTREAM_PASS"]
    if (token === undefined) return fail("--upstream needs --upstream-pass (or MICRODROP_UPSTREAM_PASS)")
    config["upstreams"] = v.upstream.map((u) => {
      const m = /^([^:=]+):([^=]+)=(.+)$/.exec(u)
      if (m === null)
        return fail(`--upstream must look like main:mix=https://origin.example.org/whep/main/mix, got '${u}'`)
      return { room: m[1], track: m[2], url: m[3], token }
    })
  }
  if (v.push !== undefined) {
    const token = v["push-token"] ?? process.env["MICRODROP_PUSH_TOKEN"]
    if (token === undefined) return fail("--push needs --push-token (or MICRODROP_PUSH_TOKEN)")
    config["pushes"] = v.push.map((u) => {
      const m = /^([^:=]+):([^=]+)=(.+)$/.exec(u)
      if (m === null)
        return fail(`--push must look like main:mix=https://cdn.example.org/whip/abc, got '${u}'`)
      return { room: m[1], track: m[2], url: m[3], token }
    })
  }
  if (config["publicKeys"] === undefined)
    return fail("--public-key is required (the pass issuer's @microdrop/codes token public key, id:key)")
  if (config["publisherSecret"] === undefined)
    return fail("--publisher-secret is required (or set MICRODROP_PUBLISHER_SECRET)")
  let relay: Awaited<ReturnType<typeof startRelay>>
  try {
    // Flags and the JSON file are checked at run time (startRelay decodes what it is given).
    relay = await startRelay(config as RelayConfig)
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    if (typeof e === "object" && e !== null && "_tag" in e && e._tag === "InvalidRelayConfig")
      return fail(message)
    process.stderr.write(`microdrop-relay: could not start: ${message}\n`)
    process.exit(1)
  }
  // Handlers first: a supervisor that signals as soon as it reads the start-up line gets a clean stop.
  const stop = () => {
    void relay.close().then(() => process.exit(0))
  }
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
  process.stdout.write(
    `microdrop-relay listening on ${relay.url}\n  WHIP: POST ${relay.url}/whip/<room>[/<track>]\n  WHEP: POST ${relay.url}/whep/<room>[/<track>]\n  metrics: ${relay.url}/metrics\n`
  )
}

void main()
