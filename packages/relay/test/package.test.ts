// The package as npm users get it: the packed manifest's ranges, its metadata, and README links that work
// on the npm page (the tarball holds dist/, README.md and package.json only).
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"

const pkgDir = join(import.meta.dirname, "..")
const out = mkdtempSync(join(tmpdir(), "microdrop-relay-pack-"))
afterAll(() => rmSync(out, { recursive: true, force: true }))

/** The package.json inside the tarball `pnpm pack` writes (workspace: ranges replaced as on publish). */
const packed = (): Record<string, unknown> => {
  const pnpm = process.env["npm_execpath"]
  const pack = ["pack", "--pack-destination", out]
  // Under `pnpm test` npm_execpath is pnpm itself: a script for node, or (pnpm 12) an executable.
  const [cmd, args] =
    pnpm === undefined || !/pnpm/.test(pnpm)
      ? ["npx", ["--yes", "pnpm@12.4.2", ...pack]]
      : /\.[cm]?js$/.test(pnpm)
        ? [process.execPath, [pnpm, ...pack]]
        : [pnpm, pack]
  const text = execFileSync(cmd, args, { cwd: pkgDir, encoding: "utf8" })
  const tarball =
    text
      .trim()
      .split("\n")
      .reverse()
      .find((l) => l.endsWith(".tgz")) ?? ""
  execFileSync("tar", ["-xzf", tarball.startsWith("/") ? tarball : join(out, tarball), "-C", out])
  return JSON.parse(readFileSync(join(out, "package", "package.json"), "utf8")) as Record<string, unknown>
}

describe("published manifest", () => {
  const manifest = packed()
  const deps = manifest["dependencies"] as Record<string, string>
  const peers = manifest["peerDependencies"] as Record<string, string> | undefined

  it("depends on @microdrop/codes by a caret range, never an exact pin", () => {
    expect(deps["@microdrop/codes"]).toMatch(/^\^\d+\.\d+\.\d+/)
  })

  it("takes effect as a peer (~4.1.0), so a project's own effect is used, not a nested copy", () => {
    expect(peers?.["effect"]).toBe("~4.1.0")
    expect(deps["effect"]).toBeUndefined()
  })

  it("names its repository, homepage and issue tracker", () => {
    expect(manifest["repository"]).toEqual({
      type: "git",
      url: "git+https://github.com/microdrop/microdrop.git",
      directory: "packages/relay"
    })
    expect(manifest["homepage"]).toBe(
      "https://github.com/microdrop/microdrop/tree/main/packages/relay#readme"
    )
    expect(manifest["bugs"]).toBe("https://github.com/microdrop/microdrop/issues")
  })
})

describe("README on the npm page", () => {
  const readme = readFileSync(join(pkgDir, "README.md"), "utf8")

  it("links only to absolute URLs or anchors (files outside the tarball do not exist on npm)", () => {
    const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? "")
    expect(targets.length).toBeGreaterThan(0)
    for (const target of targets) expect(target, target).toMatch(/^(https:\/\/|#)/)
  })

  it("says to install effect beside the package", () => {
    expect(readme).toMatch(/^(pnpm add|npm install) @microdrop\/relay effect@~4\.1\.0/m)
  })
})

describe("the built package in both module systems", () => {
  // startRelay (from /promise) rejects a bad config with the index's InvalidRelayConfig: one class, also
  // in CommonJS, where each entry once bundled its own copy and `instanceof` was false.
  for (const [how, ext] of [
    ["require", "cjs"],
    ["import", "js"]
  ] as const)
    it(`rejects from /promise with the index's error class (instanceof) with ${how}`, () => {
      const load = (file: string) =>
        how === "require"
          ? `require(${JSON.stringify(join(pkgDir, "dist", `${file}.${ext}`))})`
          : `await import(${JSON.stringify(join(pkgDir, "dist", `${file}.${ext}`))})`
      const code =
        `(async () => { const { InvalidRelayConfig } = ${load("index")}; const { startRelay } = ${load("promise")};\n` +
        `const e = await startRelay({ publicKeys: [], publisherSecret: "x" }).then(() => undefined, (e) => e);\n` +
        `console.log(JSON.stringify([e instanceof InvalidRelayConfig, e?._tag])) })()`
      const out = execFileSync(process.execPath, ["-e", code], { encoding: "utf8" })
      expect(JSON.parse(out)).toEqual([true, "InvalidRelayConfig"])
    })
})
