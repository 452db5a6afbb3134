#!/usr/bin/env node
// Packs every publishable package (the tarball npm would publish) and checks it with publint and
// @arethetypeswrong/cli, the two tools npm library authors use to catch broken exports and types.
import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const root = join(import.meta.dirname, "..")
const packagesDir = join(root, "packages")
const packages = readdirSync(packagesDir)
  .map((d) => join(packagesDir, d))
  .filter(
    (d) =>
      existsSync(join(d, "package.json")) &&
      !JSON.parse(readFileSync(join(d, "package.json"), "utf8")).private
  )

// Use the pnpm that runs us: npm_execpath is its JS entry (or, under turbo, its launcher).
const pnpm = (args) => {
  const execPath = process.env.npm_execpath ?? "pnpm"
  return /\.[cm]?js$/.test(execPath) ? [process.execPath, [execPath, ...args]] : [execPath, args]
}

const run = (cmd, args, cwd) => {
  const r = spawnSync(cmd, args, { cwd, stdio: "inherit" })
  return r.status === 0
}

let ok = true
for (const dir of packages) {
  const name = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name
  const out = mkdtempSync(join(tmpdir(), "microdrop-pack-"))
  try {
    console.log(`\n— ${name}`)
    if (!run(...pnpm(["pack", "--pack-destination", out]), dir)) {
      ok = false
      continue
    }
    const tarball = join(
      out,
      readdirSync(out).find((f) => f.endsWith(".tgz"))
    )
    ok = run("publint", ["run", "--strict", tarball], root) && ok
    ok = run("attw", [tarball, "--profile", "node16"], root) && ok
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}
if (!ok) {
  console.error("\n✖ package checks failed")
  process.exit(1)
}
console.log(`\n✔ publint and attw: no problems in ${packages.length} package(s)`)
