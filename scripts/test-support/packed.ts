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

/** Options of {@link packAndInstall}. */
export interface PackOptions {
  /**
   * Built workspace packages this one depends on and that are not on the registry yet: they are
   * packed and installed beside it, as npm would resolve them once published.
   */
  readonly alsoPack?: ReadonlyArray<string>
}

/**
 * Packs the package in `pkgDir` (which must be built), and the packages of `alsoPack`, and installs
 * the tarballs into a fresh project in a temporary folder.
 */
export const packAndInstall = (pkgDir: string, name: string, options: PackOptions = {}): Packed => {
  const dirs = [pkgDir, ...(options.alsoPack ?? [])]
  for (const dir of dirs)
    if (!existsSync(join(dir, "dist", "index.js"))) throw new Error(`build ${dir} first (pnpm build)`)
  const work = mkdtempSync(join(tmpdir(), `microdrop-${name.replace(/\W/g, "-")}-pack-`))
  for (const dir of dirs) pnpm(["pack", "--pack-destination", work], dir)
  const tarballs = readdirSync(work)
    .filter((f) => f.endsWith(".tgz"))
    .map((f) => join(work, f))
  if (tarballs.length !== dirs.length)
    throw new Error(`pnpm pack produced ${tarballs.length} tarballs for ${dirs.length} packages`)
  const app = join(work, "app")
  mkdirSync(app, { recursive: true })
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, version: "1.0.0" }))
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", ...tarballs], {
    cwd: app,
    stdio: "pipe"
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
