// The microdrop-relay command, as built (dist/cli.js): clear errors for bad flags, and a relay that starts.
import { spawn, spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it, onTestFinished } from "vitest"
import { PUBLISHER_SECRET, pass, publicKeyText } from "./support/keys.ts"

const cli = join(import.meta.dirname, "..", "dist", "cli.js")
const run = (...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", timeout: 20_000 })

describe("microdrop-relay", () => {
  it("is built", () => {
    expect(existsSync(cli), "build the package first (pnpm build)").toBe(true)
  })

  it("explains a missing key or secret, an unknown flag and a bad value", () => {
    const noKey = run("--publisher-secret", PUBLISHER_SECRET)
    expect(noKey.status).toBe(2)
    expect(noKey.stderr).toContain("--public-key is required")
    const noSecret = run("--public-key", publicKeyText)
    expect(noSecret.stderr).toContain("--publisher-secret is required")
    expect(run("--colour", "red").stderr).toContain("Unknown option '--colour'")
    expect(run("--port", "eighty").stderr).toContain("--port must be a whole number")
    expect(
      run("--public-key", publicKeyText, "--publisher-secret", PUBLISHER_SECRET, "--workers", "99").stderr
    ).toContain("workers")
    const badKey = run("--public-key", "abc", "--publisher-secret", PUBLISHER_SECRET)
    expect(badKey.status).toBe(2)
    expect(badKey.stderr).toContain("publicKeys.0 must be a @microdrop/codes token public key")
    const shortSecret = run(`--public-key=${publicKeyText}`, "--publisher-secret", "short")
    expect(shortSecret.stderr).toContain("publisherSecret")
    expect(
      run("--public-key", publicKeyText, "--publisher-secret", PUBLISHER_SECRET, "--port", "70000").stderr
    ).toContain("port")
    expect(run("--help").stdout).toContain("Usage: microdrop-relay")
    const noList = run(
      "--public-key",
      publicKeyText,
      "--publisher-secret",
      PUBLISHER_SECRET,
      "--revocations",
      "/nonexistent/list.txt"
    )
    expect(noList.status).toBe(2)
    expect(noList.stderr).toContain("revocationFile")
    expect(noList.stderr).toContain("cannot read /nonexistent/list.txt")
    const upstream = [
      "--public-key",
      publicKeyText,
      "--publisher-secret",
      PUBLISHER_SECRET,
      "--upstream",
      "main:mix=ftp://x"
    ]
    expect(run(...upstream).stderr).toContain("--upstream needs --upstream-pass")
    expect(run(...upstream, "--upstream-pass", "t").stderr).toContain("upstreams.0.url")
    expect(run(...upstream, "--upstream-pass", "t", "--upstream-idle-ms", "soon").stderr).toContain(
      "--upstream-idle-ms must be a whole number"
    )
    expect(
      run("--public-key", publicKeyText, "--publisher-secret", PUBLISHER_SECRET, "--upstream-idle-ms", "5")
        .stderr
    ).toContain("upstreamIdleMs")
    const push = ["--public-key", publicKeyText, "--publisher-secret", PUBLISHER_SECRET, "--push", "main:mix"]
    expect(run(...push, "--push-token", "t").stderr).toContain("--push must look like")
    const kind = ["--public-key", publicKeyText, "--publisher-secret", PUBLISHER_SECRET, "--pass-kind"]
    expect(run(...kind, "vip").stderr).toContain("--pass-kind must look like vip=binaural,mix@1")
    expect(run(...kind, "vip=bad track").stderr).toContain("passKinds.vip.tracks")
  })

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
      const t = setTimeout(() => reject(new Error(`no start-up line: ${out}`)), 15_000)
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
          const t = setTimeout(() => resolve(false), 15_000)
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
