// An edge notices a silently dead origin (SIGKILL, no DELETE, no ICE close) by RTP inactivity, in
// seconds rather than at werift's ~30 s consent expiry, and pulls again from the origin that replaces it.
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { createServer } from "node:net"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { type RunningRelay, startRelay } from "../src/promise.ts"
import { localRelay, PUBLISHER_SECRET, pass, publicKeyText } from "./support/keys.ts"
import { connected, listen, publish, until } from "./support/weriftPeer.ts"

const cli = join(import.meta.dirname, "..", "dist", "cli.js")

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer()
    s.listen(0, "127.0.0.1", () => {
      const address = s.address()
      s.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject()))
    })
  })

const children: ChildProcess[] = []

/** The built CLI as an origin relay on a fixed port, in its own process (so it can be SIGKILLed). */
const startOrigin = async (port: number): Promise<ChildProcess> => {
  const child = spawn(
    process.execPath,
    [
      cli,
      ...["--port", String(port), "--host", "127.0.0.1", "--ice-host", "127.0.0.1", "--no-ipv6", "--no-tcp"],
      ...[
        "--public-key",
        publicKeyText,
        "--publisher-secret",
        PUBLISHER_SECRET,
        "--room",
        "main:main",
        "--pass-kind",
        "main=main"
      ]
    ],
    { stdio: ["ignore", "pipe", "pipe"] }
  )
  // Registered before it starts, so afterAll ends it even when its start-up fails.
  children.push(child)
  let out = ""
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`origin did not start: ${out}`)), 60_000)
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString()
      if (out.includes("listening on")) {
        clearTimeout(t)
        resolve()
      }
    })
  })
  return child
}

let edge: RunningRelay | undefined
afterAll(async () => {
  await edge?.close()
  for (const c of children) c.kill("SIGKILL")
})

describe("an edge whose origin dies silently", () => {
  it("is built", () => {
    expect(existsSync(cli), "build the package first (pnpm build)").toBe(true)
  })

  it("pulls again within idle + retry and its listener hears the new origin", async () => {
    const port = await freePort()
    const originUrl = `http://127.0.0.1:${port}`
    const first = await startOrigin(port)
    edge = await startRelay({
      ...localRelay,
      iceIpv6: false,
      iceTcp: false,
      upstreams: [
        { room: "main", track: "main", url: `${originUrl}/whep/main`, token: pass({ pass: "edge" }) }
      ],
      upstreamRetryMs: 200,
      upstreamIdleMs: 1_000
    })
    const pub1 = await publish(`${originUrl}/whip/main`, PUBLISHER_SECRET, 1)
    await connected(pub1.pc)
    pub1.start()
    const l = await listen(`${edge.url}/whep/main`, pass({ pass: "edge-listener" }))
    await until(() => l.lastFill() === 1 && l.packets() > 25, 15_000, "packets from the first origin")

    // The origin dies without a word: no DELETE, no DTLS close.
    const dead = new Promise((resolve) => first.on("exit", resolve))
    first.kill("SIGKILL")
    await dead
    await pub1.stop()
    const killedAt = Date.now()
    await startOrigin(port)
    const pub2 = await publish(`${originUrl}/whip/main`, PUBLISHER_SECRET, 2)
    await connected(pub2.pc)
    pub2.start()
    await until(() => l.lastFill() === 2, 15_000, "packets from the second origin at the edge listener")
    const gapMs = Date.now() - killedAt
    // idle 1000 ms (+ 250 ms look-up tick) + retry 200 ms + a WHEP pull and ICE/DTLS, far below 30 s.
    expect(gapMs).toBeLessThan(8_000)
    const before = l.packets()
    await until(() => l.packets() > before + 25, 5_000, "a steady stream from the second origin")
    await Promise.all([l.close(), pub2.stop()])
  })
})
