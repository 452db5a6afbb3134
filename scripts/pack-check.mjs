#!/usr/bin/env node
// Checks every publishable package as npm would publish it:
// 1. `pnpm pack` (the real tarball, workspace: ranges rewritten),
// 2. publint and @arethetypeswrong/cli on the tarball (broken exports, types that lie),
// 3. installs all tarballs together into a fresh project with npm and loads every subpath of every
//    exports map with `import` and with `require`, on this Node (22) and on the machine's Node (20)
//    when the package's `engines` allows it.
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const root = join(import.meta.dirname, "..")
const packagesDir = join(root, "packages")
const packages = readdirSync(packagesDir)
  .map((dir) => join(packagesDir, dir))
  .filter((dir) => existsSync(join(dir, "package.json")))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }))
  .filter(({ manifest }) => !manifest.private)

// Use the pnpm that runs us: npm_execpath is its JS entry (or, under turbo, its launcher).
const pnpm = (args) => {
  const execPath = process.env.npm_execpath ?? "pnpm"
  return /\.[cm]?js$/.test(execPath) ? [process.execPath, [execPath, ...args]] : [execPath, args]
}

const run = (cmd, args, cwd, quiet = false) => {
  const r = spawnSync(cmd, args, { cwd, stdio: quiet ? "pipe" : "inherit", encoding: "utf8" })
  if (quiet && r.status !== 0) process.stderr.write(`${r.stdout ?? ""}${r.stderr ?? ""}`)
  return r.status === 0
}

/** The machine's own Node (20), if there is one besides the repo's Node 22. */
const systemNode = ["/usr/bin/node", "/usr/local/bin/node"].find(
  (p) => existsSync(p) && p !== process.execPath
)
const nodeMajor = (bin) =>
  Number(spawnSync(bin, ["-p", "process.versions.node.split('.')[0]"], { encoding: "utf8" }).stdout)
/** Whether a Node major version satisfies a simple `>=N` engines range. */
const allows = (range, major) => {
  const m = /^>=\s*(\d+)/.exec(range ?? ">=0")
  return m ? major >= Number(m[1]) : true
}

/** The file an exports target names for a condition ("require" or "import"), types aside. */
const entryFile = (target, condition) => {
  if (typeof target === "string") return target
  if (target === null || typeof target !== "object") return undefined
  const t = target[condition] ?? target.default
  if (typeof t === "string") return t
  return t === undefined ? undefined : entryFile(t, condition)
}

/** Class name → the files (entries and the local chunks they load) that define it. */
const classesIn = (dir, entries) => {
  const seen = new Set()
  const queue = entries.map((e) => join(dir, e))
  const defined = new Map()
  while (queue.length > 0) {
    const file = queue.pop()
    if (seen.has(file) || !existsSync(file)) continue
    seen.add(file)
    const text = readFileSync(file, "utf8")
    for (const m of text.matchAll(
      /(?:^|[^\w$.])(?:var|let|const)\s+([A-Za-z_$][\w$]*)\s*=\s*class\b|(?:^|[\s;{}])class\s+([A-Za-z_$][\w$]*)/g
    )) {
      const name = m[1] ?? m[2]
      if (!defined.has(name)) defined.set(name, new Set())
      defined.get(name).add(file.slice(dir.length + 1))
    }
    for (const m of text.matchAll(/(?:require\(|from\s*|import\()\s*["'](\.\.?\/[^"']+)["']/g))
      queue.push(join(file, "..", m[1]))
  }
  return defined
}

const work = mkdtempSync(join(tmpdir(), "microdrop-pack-"))
let ok = true
try {
  const tarballs = []
  for (const { dir, manifest } of packages) {
    console.log(`\n— ${manifest.name}`)
    const out = join(work, manifest.name.replace("/", "__"))
    mkdirSync(out)
    if (!run(...pnpm(["pack", "--pack-destination", out]), dir)) {
      ok = false
      continue
    }
    const tarball = join(
      out,
      readdirSync(out).find((f) => f.endsWith(".tgz"))
    )
    tarballs.push(tarball)
    ok = run("publint", ["run", "--strict", tarball], root) && ok
    ok = run("attw", [tarball, "--profile", "node16"], root) && ok
  }

  console.log("\n— install the tarballs into a fresh project and load every entry point")
  const app = join(work, "app")
  mkdirSync(app)
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "smoke", private: true, version: "0.0.0" }))
  // A user of a subpath that needs a peer (`/postgres` needs pg, `/testing` needs vitest) has it
  // installed: install every peer, optional ones too, at the version the workspace tests with.
  const ours = new Set(packages.map(({ manifest }) => manifest.name))
  const peers = new Map()
  for (const { manifest } of packages) {
    for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
      if (!ours.has(name)) peers.set(name, `${name}@${manifest.devDependencies?.[name] ?? range}`)
    }
  }
  const installArgs = [
    "install",
    "--no-audit",
    "--no-fund",
    "--loglevel=error",
    ...tarballs,
    ...peers.values()
  ]
  if (!run("npm", installArgs, app, true)) {
    console.error("✖ npm install of the packed tarballs failed")
    ok = false
  } else {
    const nodes = [process.execPath, ...(systemNode ? [systemNode] : [])].map((bin) => ({
      bin,
      major: nodeMajor(bin)
    }))
    for (const { manifest } of packages) {
      const subpaths = Object.keys(manifest.exports ?? { ".": {} }).filter((s) => s !== "./package.json")
      for (const sub of subpaths) {
        const id = sub === "." ? manifest.name : `${manifest.name}/${sub.slice(2)}`
        for (const { bin, major } of nodes) {
          if (!allows(manifest.engines?.node, major)) continue
          const loaders = {
            import: `import(${JSON.stringify(id)}).then((m) => { if (Object.keys(m).length === 0) throw new Error("no exports") })`,
            require: `const m = require(${JSON.stringify(id)}); if (Object.keys(m).length === 0) throw new Error("no exports")`
          }
          for (const [how, code] of Object.entries(loaders)) {
            const loaded = run(bin, ["-e", code], app, true)
            console.log(`  ${loaded ? "✔" : "✖"} ${how.padEnd(7)} ${id} on Node ${major}`)
            ok = loaded && ok
          }
        }
      }
    }
    // One copy of each class per format: a class bundled into two entries (CommonJS without
    // splitting) makes `instanceof` fail between subpaths, e.g. an error from "/promise" against the
    // class exported by the index.
    for (const { manifest } of packages) {
      const dir = join(app, "node_modules", ...manifest.name.split("/"))
      for (const [format, condition] of [
        ["CommonJS", "require"],
        ["ESM", "import"]
      ]) {
        const entries = Object.entries(manifest.exports ?? {})
          .filter(([sub]) => sub !== "./package.json")
          .map(([, target]) => entryFile(target, condition))
          .filter((f) => f !== undefined)
        const defined = classesIn(dir, entries)
        const twice = [...defined].filter(([, files]) => files.size > 1)
        for (const [name, files] of twice)
          console.error(
            `  ✖ ${manifest.name} (${format}): class ${name} is defined in ${[...files].join(", ")}`
          )
        if (twice.length === 0)
          console.log(
            `  ✔ ${manifest.name} (${format}): each class defined once across ${entries.length} entries`
          )
        ok = twice.length === 0 && ok
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}
if (!ok) {
  console.error("\n✖ package checks failed")
  process.exit(1)
}
console.log(`\n✔ publint, attw and ESM/CJS loading: no problems in ${packages.length} package(s)`)
