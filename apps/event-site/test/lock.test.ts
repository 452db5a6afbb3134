// PGlite has no lock on its folder: the site takes one, refuses a folder a live process holds,
// and takes over a lock whose process died.
import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { lockDataFolder } from "../src/db/lock.ts"

const dirs: string[] = []
const folder = () => {
  const d = mkdtempSync(join(tmpdir(), "site-lock-"))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe("lockDataFolder", () => {
  it("writes the owner's pid and removes the lock on release", () => {
    const d = folder()
    const release = lockDataFolder(d)
    expect(readFileSync(join(d, "site.lock"), "utf8")).toBe(String(process.pid))
    release()
    expect(existsSync(join(d, "site.lock"))).toBe(false)
  })

  it("refuses a folder held by another live process, naming it", async () => {
    const d = folder()
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" })
    try {
      writeFileSync(join(d, "site.lock"), String(child.pid))
      expect(() => lockDataFolder(d)).toThrow(
        expect.objectContaining({ _tag: "DataFolderInUse", pid: child.pid, folder: d })
      )
      expect(readFileSync(join(d, "site.lock"), "utf8")).toBe(String(child.pid))
    } finally {
      child.kill("SIGKILL")
    }
  })

  it("refuses a second lock from the same process", () => {
    const d = folder()
    const release = lockDataFolder(d)
    try {
      expect(() => lockDataFolder(d)).toThrow(expect.objectContaining({ _tag: "DataFolderInUse" }))
    } finally {
      release()
    }
  })

  it("takes over a lock whose process is gone", async () => {
    const d = folder()
    const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" })
    await new Promise((resolve) => child.once("exit", resolve))
    writeFileSync(join(d, "site.lock"), String(child.pid))
    const release = lockDataFolder(d)
    expect(readFileSync(join(d, "site.lock"), "utf8")).toBe(String(process.pid))
    release()
  })
})
