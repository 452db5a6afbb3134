// The microdrop-relay command, as built (dist/cli.js): clear errors for bad flags, and a relay that starts.
import { execFile, spawn } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it, onTestFinished } from "vitest"
import { PUBLISHER_SECRET, pass, publicKeyText } from "./support/keys.ts"

const cli = join(import.meta.dirname, "..", "dist", "cli.js")
/** The command's exit status and output (null status: it was killed, e.g. by the time limit). */
const run = (...args: ReadonlyArray<string>) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [cli, ...args],
      { encoding: "utf8", timeout: 300_000 },
      (error, stdout, stderr) =>
        resolve({
          status: error === null ? 0 : typeof error.code === "number" ? error.code : null,
          stdout,
          stderr
        })
    )
    child.stdin?.end()
  })

describe("microdrop-relay", () => {
  it("is built", () => {
    expect(existsSync(cli), "build the package first (pnpm build)").toBe(true)
  })

  it("explains a missing key or secret, an unknown flag and a bad value (exit 2)", async () => {
    const keyed = ["--public-key", publicKeyText, "--publisher-secret", PUBLISHER_SECRET]
    const upstream = [...keyed, "--upstream", "main:mix=ftp://x"]
    const kind = [...keyed, "--pass-kind"]
    const config = join(mkdtempSync(join(tmpdir(), "microdrop-relay-config-")), "relay.json")
    writeFileSync(config, JSON.stringify({ worker: 2 }))
    const cases: ReadonlyArray<readonly [ReadonlyArray<string>, string]> = [
      [["--publisher-secret", PUBLISHER_SECRET], "--public-key is required"],
      [["--public-key", publicKeyText], "--publisher-secret is required"],
      [["--colour", "red"], "Unknown option '--colour'"],
      [["--port", "eighty"], "--port must be a whole number"],
      [[...keyed, "--workers", "99"], "workers"],
      [
        ["--public-key", "abc", "--publisher-secret", PUBLISHER_SECRET],
        "publicKeys.0 must be a @microdrop/codes token public key"
      ],
      [[`--public-key=${publicKeyText}`, "--publisher-secret", "short"], "publisherSecret"],
      [[...keyed, "--port", "70000"], "port"],
      [[...keyed, "--revocations", "/nonexistent/list.txt"], "revocationFile"],
      [[...keyed, "--revocations", "/nonexistent/list.txt"], "cannot read /nonexistent/list.txt"],
      [upstream, "--upstream needs --upstream-pass"],
      [[...upstream, "--upstream-pass", "t"], "upstreams.0.url"],
      [
        [...upstream, "--upstream-pass", "t", "--upstream-idle-ms", "soon"],
        "--upstream-idle-ms must be a whole number"
      ],
      [[...keyed, "--upstream-idle-ms", "5"], "upstreamIdleMs"],
      [[...keyed, "--upstream-idle-ms", "1e3"], "--upstream-idle-ms must be a whole number"],
      [[...keyed, "--push", "main:mix", "--push-token", "t"], "--push must look like"],
      [[...kind, "vip"], "--pass-kind must look like vip=binaural,mix@1"],
      [[...kind, "vip=bad track"], "passKinds.vip.tracks"],
      // A config file's unknown key is named, as startRelay names it.
      [[...keyed, "--config", config], "worker is not a relay setting"]
    ]
    // Four at a time: each is a node start-up, slow on a loaded machine.
    const all = [["--help"], ...cases.map(([args]) => args)]
    const outcomes: Array<Awaited<ReturnType<typeof run>>> = []
    for (let i = 0; i < all.length; i += 4)
      outcomes.push(...(await Promise.all(all.slice(i, i + 4).map((args) => run(...args)))))
    const [help, ...results] = outcomes
    expect(help?.status).toBe(0)
    expect(help?.stdout).toContain("Usage: microdrop-relay")
    cases.forEach(([args, text], i) => {
      const r = results[i]
      expect(r?.stderr, args.join(" ")).toContain(text)
      expect(r?.status, args.join(" ")).toBe(2)
    })
  }, 900_000)

  it("starts, serves WHIP/WHEP and stops on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      [
        cli,
        "--port",
        "0",
        "--host",
        "127.0.0.1",
        "--public-key",
        publicKeyText,
        "--publisher-secret",
        PUBLISHER_SECRET,
        "--room",
        "main:mix,binaural",
        // One listener worker: /metrics then asks it, so this also loads the built dist/relayWorker.js.
        "--workers",
        "1"
      ],
      { stdio: ["ignore", "pipe", "pipe"] }
    )
    // Ended even when an expectation below fails.
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
    })
    let out = ""
    let errors = ""
    child.stderr.on("data", (d: Buffer) => {
      errors += d.toString()
    })
    const url = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no start-up line: ${out}`)), 60_000)
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString()
        const m = /listening on (http:\/\/\S+)/.exec(out)
        if (m?.[1] !== undefined) {
          clearTimeout(t)
          resolve(m[1])
        }
      })
    })
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    const options = await fetch(`${url}/whep/main/mix`, { method: "OPTIONS" })
    expect(options.headers.get("accept-post")).toBe("application/sdp")
    const metrics = await (await fetch(`${url}/metrics`)).text()
    expect(metrics).toContain('microdrop_relay_listeners{room="main",track="binaural"} 0')
    expect(errors).not.toContain("listener worker")
    const code = new Promise<number | null>((resolve) => child.on("exit", resolve))
    child.kill("SIGTERM")
    expect(await code).toBe(0)
  })

  // The README's shell lines, as a reader would paste them: variables hold what the README says they hold.
  const readmeLines = (() => {
    const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8")
    const blocks = [...readme.matchAll(/^\s*```sh\n([\s\S]*?)^\s*```/gm)].map((m) => m[1] ?? "")
    return blocks
      .flatMap((b) => b.replace(/\\\n\s*/g, " ").split("\n"))
      .map((l) => l.trim())
      .filter((l) => l.startsWith("microdrop-relay ") && !l.includes("…"))
  })()

  it("runs every microdrop-relay line of the README as written", async () => {
    expect(readmeLines.length).toBeGreaterThanOrEqual(2)
    // The command as the package installs it: `microdrop-relay` on PATH, running dist/cli.js.
    const bin = mkdtempSync(join(tmpdir(), "microdrop-relay-bin-"))
    onTestFinished(() => rmSync(bin, { recursive: true, force: true }))
    writeFileSync(join(bin, "microdrop-relay"), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`, {
      mode: 0o755
    })
    for (const line of readmeLines) {
      // `exec` so the signal reaches node, not the shell; later flags win: any free port on loopback.
      const child = spawn("sh", ["-c", `exec ${line} --port 0 --host 127.0.0.1`], {
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          ...process.env,
          PATH: `${bin}:${process.env["PATH"] ?? ""}`,
          PASS_PUBLIC_KEY: publicKeyText,
          PUBLISHER_SECRET,
          S: PUBLISHER_SECRET,
          EDGE_PASS: pass({ pass: "edge" })
        }
      })
      try {
        let out = ""
        let errors = ""
        child.stderr.on("data", (d: Buffer) => {
          errors += d.toString()
        })
        const exited = new Promise<number | null>((resolve) => child.on("exit", resolve))
        const started = await new Promise<boolean>((resolve) => {
          const t = setTimeout(() => resolve(false), 60_000)
          void exited.then(() => resolve(false))
          child.stdout.on("data", (d: Buffer) => {
            out += d.toString()
            if (/listening on http:\/\//.test(out)) {
              clearTimeout(t)
              resolve(true)
            }
          })
        })
        expect(started, `${line}\n${errors}`).toBe(true)
        child.kill("SIGTERM")
        expect(await exited).toBe(0)
      } finally {
        if (child.exitCode === null) child.kill("SIGKILL")
      }
    }
  })
})
