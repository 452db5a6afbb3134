// `--ice-host` restricts ICE as `--host` restricts HTTP: the relay's UDP (and passive TCP) ICE sockets bind
// the configured address, never 0.0.0.0 / ::, and its answers offer only the configured addresses. Checked on
// the built command, by reading the relay process's own sockets from /proc.
import { type ChildProcess, spawn } from "node:child_process"
import { readdirSync, readFileSync, readlinkSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { iceBinding } from "../src/internal/peer.ts"
import { PUBLISHER_SECRET, pass, publicKeyText } from "./support/keys.ts"
import { connected, listen, publish } from "./support/weriftPeer.ts"

const cli = join(import.meta.dirname, "..", "dist", "cli.js")

/** Decodes /proc/net/{udp,tcp}[6]'s hex local address ("0100007F:1F90") to "127.0.0.1". */
const address = (hex: string): string => {
  const ip = hex.split(":")[0] ?? ""
  if (ip.length === 8) return [...Buffer.from(ip, "hex").reverse()].join(".")
  const words = (ip.match(/.{8}/g) ?? []).map((w) => Buffer.from(w, "hex").reverse().toString("hex"))
  const groups = words.join("").match(/.{4}/g) ?? []
  const text = groups.map((g) => g.replace(/^0+(?=.)/, "")).join(":")
  return text === "0:0:0:0:0:0:0:0" ? "::" : text === "0:0:0:0:0:0:0:1" ? "::1" : text
}

/** The local addresses of a process's sockets of `kind` (tcp: listening ones only). */
const sockets = (pid: number, kind: "udp" | "tcp"): string[] => {
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))
        return m?.[1] === undefined ? [] : [m[1]]
      } catch {
        return []
      }
    })
  )
  return [`/proc/${pid}/net/${kind}`, `/proc/${pid}/net/${kind}6`].flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .slice(1)
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => f.length > 9 && inodes.has(f[9] ?? "") && (kind === "udp" || f[3] === "0A"))
      .map((f) => address(f[1] ?? ""))
  )
}

const start = async (extra: string[]): Promise<{ child: ChildProcess; url: string }> => {
  const child = spawn(
    process.execPath,
    [
      cli,
      ...["--port", "0", "--host", "127.0.0.1", "--ice-host", "127.0.0.1", "--room", "main:main"],
      ...["--public-key", publicKeyText, "--publisher-secret", PUBLISHER_SECRET, ...extra]
    ],
    { stdio: ["ignore", "pipe", "inherit"] }
  )
  let out = ""
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no start-up line: ${out}`)), 60_000)
    child.on("exit", () => reject(new Error(`exited: ${out}`)))
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString()
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m?.[1] !== undefined) {
        clearTimeout(t)
        resolve(m[1])
      }
    })
  }).catch((e: unknown) => {
    child.kill("SIGKILL")
    throw e
  })
  return { child, url }
}

describe("ICE binding", () => {
  it("binds one local address per family, the wildcard for a family with none, and flags several", () => {
    const local = new Set(["127.0.0.1", "10.0.0.5", "192.168.1.2", "::1", "fe80::1"])
    expect(iceBinding(["127.0.0.1"], local)).toEqual({ binding: { udp4: "127.0.0.1" }, ambiguous: [] })
    // A 1:1 NAT's public address is not local: it is offered, the socket takes the wildcard.
    expect(iceBinding(["203.0.113.7"], local)).toEqual({ binding: {}, ambiguous: [] })
    expect(iceBinding(["203.0.113.7", "10.0.0.5", "::1"], local)).toEqual({
      binding: { udp4: "10.0.0.5", udp6: "::1" },
      ambiguous: []
    })
    expect(iceBinding(["10.0.0.5", "192.168.1.2"], local).ambiguous).toEqual(["10.0.0.5", "192.168.1.2"])
  })

  for (const workers of ["0", "1"])
    it(`with --ice-host 127.0.0.1 (workers ${workers}): no socket on 0.0.0.0 or ::, answers offer 127.0.0.1 only`, async () => {
      const { child, url } = await start(["--workers", workers])
      const peers: Array<{ pc: { close: () => Promise<void> } }> = []
      try {
        const publisher = await publish(`${url}/whip/main`, PUBLISHER_SECRET)
        peers.push(publisher)
        const listener = await listen(`${url}/whep/main`, pass({ pass: `bound-${workers}`, kind: "remote" }))
        peers.push(listener)
        expect([publisher.response.status, listener.response.status]).toEqual([201, 201])
        for (const { pc } of [publisher, listener]) {
          const candidates = (pc.remoteDescription?.sdp ?? "")
            .split("\r\n")
            .filter((l) => l.startsWith("a=candidate:"))
          expect(candidates.length).toBeGreaterThan(0)
          for (const c of candidates) expect(c.split(" ")[4], c).toBe("127.0.0.1")
        }
        // Restricted sockets still carry media.
        await connected(listener.pc)
        publisher.start(1000, 0)
        const deadline = Date.now() + 15_000
        while (listener.packets() < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
        expect(listener.packets()).toBeGreaterThanOrEqual(10)
        const pid = child.pid ?? 0
        const udp = sockets(pid, "udp")
        expect(udp.length).toBeGreaterThanOrEqual(2)
        expect(new Set(udp)).toEqual(new Set(["127.0.0.1"]))
        // HTTP and passive ICE-TCP listen on loopback too.
        expect(new Set(sockets(pid, "tcp"))).toEqual(new Set(["127.0.0.1"]))
        await publisher.stop()
      } finally {
        for (const p of peers) await p.pc.close().catch(() => undefined)
        const exited = new Promise((r) => child.once("exit", r))
        child.kill("SIGTERM")
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
        if (child.exitCode === null) child.kill("SIGKILL")
      }
    })
})
