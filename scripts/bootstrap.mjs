#!/usr/bin/env node
// Runs on whatever Node the machine has (20+ with npm). Installs the pinned pnpm through npx
// (from the npm registry only), installs the workspace (which brings its own Node 22 as the
// root `node` devDependency), then hands over to `pnpm <args>` so every script runs on Node 22.
import { spawnSync } from "node:child_process"
import { existsSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const PNPM = "pnpm@12.4.2"

const run = (args) => {
  const r = spawnSync("npx", ["--yes", PNPM, ...args], { cwd: root, stdio: "inherit", env: process.env })
  if (r.error) {
    console.error(`bootstrap: could not start npx (${r.error.message}); is npm installed?`)
    process.exit(1)
  }
  if (r.status !== 0) process.exit(r.status ?? 1)
}

const frozen = existsSync(join(root, "pnpm-lock.yaml")) && process.env.CI ? ["--frozen-lockfile"] : []
run(["install", ...frozen])
run(process.argv.slice(2))
