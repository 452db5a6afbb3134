// Shared by the packages' `test/package.test.ts`: packs a built package as npm would publish it and
// installs the tarball into a fresh project, so a test can load it with `import` and `require` on
// this Node and on the machine's own Node (≥ 20).
import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

/** The pnpm running this test (npm_execpath is its JS entry, or under turbo its launcher), else pnpm on PATH. */
const pnpm = (args: ReadonlyArray<string>, cwd: string): string => {
  const execPath = process.env["npm_execpath"] ?? "pnpm"
  const [cmd, argv] = /\.[cm]?js$/.test(execPath)
    ? [process.execPath, [execPath, ...args]]
    : [execPath, [...args]]
  return execFileSync(cmd, argv, { cwd, encoding: "utf8" })
}

/** Every Node to try: the one running the tests (22) and the machine's own (20) if there is one. */
export const nodes: ReadonlyArray<string> = [
  process.execPath,
  ...["/usr/bin/node", "/usr/local/bin/node"].filter((p) => existsSync(p)).slice(0, 1)
]

/** A packed and installed package: where its app lives, how to add files to it, and cleanup. */
export interface Packed {
  /** The fresh project the tarball is installed in. */
  readonly app: string
  /** The installed package folder (`node_modules/<name>`). */
  readonly installed: string
  /** Writes a file into the app. */
  readonly write: (file: string, text: string) => void
  /** Runs a file of the app on a Node and returns its stdout. */
  readonly run: (node: string, file: string) => string
  /** Files the tarball should not ship: anything but dist, package.json, README, CHANGELOG, LICENSE, and TS sources in dist. */
  readonly unexpectedFiles: () => ReadonlyArray<string>
  /** Removes everything. */
  readonly remove: () => void
}

/**
 * Packs the package in `pkgDir` (which must be built) and installs the tarball into a fresh
 * project in a temporary folder.
 */
export const packAndInstall = (pkgDir: string, name: string): Packed => {
  if (!existsSync(join(pkgDir, "dist", "index.js"))) throw new Error("build the package first (pnpm build)")
  const work = mkdtempSync(join(tmpdir(), `microdrop-${name.replace(/\W/g, "-")}-pack-`))
  pnpm(["pack", "--pack-destination", work], pkgDir)
  const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"))
  if (!tarball) throw new Error("pnpm pack produced no tarball")
  const app = join(work, "app")
  mkdirSync(app, { recursive: true })
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, version: "1.0.0" }))
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", join(work, tarball)], {
    cwd: app,
    stdio: "ignore"
  })
  const installed = join(app, "node_modules", ...name.split("/"))
  const allowed = ["dist", "package.json", "README.md", "CHANGELOG.md", "LICENSE"]
  return {
    app,
    installed,
    unexpectedFiles: () => [
      ...readdirSync(installed).filter((f) => !allowed.includes(f)),
      ...readdirSync(join(installed, "dist"))
        .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.endsWith(".d.cts"))
        .map((f) => `dist/${f}`)
    ],
    write: (file, text) => writeFileSync(join(app, file), text),
    run: (node, file) => execFileSync(node, [file], { cwd: app, encoding: "utf8" }),
    remove: () => rmSync(work, { recursive: true, force: true })
  }
}
