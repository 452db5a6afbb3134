// An independent WebRTC stack (Debian's python3-aiortc) as WHIP publisher and WHEP listener.
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import { existsSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RunningRelay, startRelay } from "../src/promise.ts"
import { localRelay, PUBLISHER_SECRET, pass } from "./support/keys.ts"
import { listen, until } from "./support/weriftPeer.ts"

const PYTHON = "/usr/bin/python3"
const dir = join(import.meta.dirname, "aiortc")

const available = existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import aiortc, av, numpy"]).status === 0
if (!available) {
  if (process.env["CI"]) throw new Error("python3-aiortc is required in CI: apt-get install python3-aiortc")
  console.warn("SKIPPED: the aiortc interop tests need /usr/bin/python3 with python3-aiortc")
}

interface Script {
  readonly lines: Array<Record<string, unknown>>
  readonly done: Promise<number>
}
/** Every script started, ended in afterAll even when a test fails before it finished. */
const scripts: ChildProcess[] = []
const run = (script: string, ...args: string[]): Script => {
  const lines: Array<Record<string, unknown>> = []
  const child = spawn(PYTHON, [join(dir, script), ...args], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] })
  scripts.push(child)
  let buf = ""
  let err = ""
  child.stdout.on("data", (d: Buffer) => {
    buf += d.toString()
    for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
      lines.push(JSON.parse(buf.slice(0, i)) as Record<string, unknown>)
      buf = buf.slice(i + 1)
    }
  })
  child.stderr.on("data", (d: Buffer) => {
    err += d.toString()
  })
  return {
    lines,
    done: new Promise((resolve) =>
      child.on("exit", (code) => {
        if (code !== 0) console.error(`${script} exited ${code}: ${err}`)
        resolve(code ?? -1)
      })
    )
  }
}

let relay: RunningRelay
describe.skipIf(!available)("aiortc interop", () => {
  beforeAll(async () => {
    relay = await startRelay({
      ...localRelay
    })
  })
  afterAll(async () => {
    for (const s of scripts) if (s.exitCode === null && s.signalCode === null) s.kill("SIGKILL")
    await relay?.close()
  })

  it("relays an aiortc WHIP publisher's Opus to a werift and an aiortc WHEP listener, which decodes it", async () => {
    const publisher = run("whip_publisher.py", `${relay.url}/whip/main`, PUBLISHER_SECRET, "8")
    await until(
      () => publisher.lines.some((l) => l["event"] === "connected" || l["status"] !== undefined),
      20_000,
      "aiortc publisher"
    )
    expect(publisher.lines.some((l) => l["event"] === "connected")).toBe(true)
    const werift = await listen(`${relay.url}/whep/main`, pass({ pass: "werift" }))
    const listener = run("whep_listener.py", `${relay.url}/whep/main`, pass({ pass: "aiortc" }), "4")
    expect(await listener.done).toBe(0)
    const heard = listener.lines.at(-1) ?? {}
    console.info("aiortc listener:", JSON.stringify(heard))
    expect(heard["status"]).toBe(201)
    expect(String(heard["codec"]).toLowerCase()).toContain("opus/48000")
    // 4 s of 20 ms frames is 200; allow for connection set-up time.
    expect(Number(heard["frames"])).toBeGreaterThan(100)
    // The generated tone has RMS ≈ 0.3/√2 ≈ 0.21; decoded Opus should be close, silence is ~0.
    expect(Number(heard["rms"])).toBeGreaterThan(0.1)
    expect(heard["deleted"]).toBe(200)
    expect(werift.packets()).toBeGreaterThan(100)
    await werift.close()
    expect(await publisher.done).toBe(0)
    const result = publisher.lines.at(-1) ?? {}
    expect(result["status"]).toBe(201)
    expect(result["deleted"]).toBe(200)
  })

  it("gives aiortc a readable 401 for a bad pass", async () => {
    const listener = run("whep_listener.py", `${relay.url}/whep/main`, "bad-token", "1")
    expect(await listener.done).toBe(0)
    expect(listener.lines.at(-1)?.["status"]).toBe(401)
    expect(String(listener.lines.at(-1)?.["body"])).toContain("pass")
  })
})
