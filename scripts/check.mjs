#!/usr/bin/env node
// The whole test command: lint, type-check, build, run every package's tests, then check every
// publishable package as npm would see it (publint, attw). Fails if any step fails or no test ran.
import { execFileSync, spawnSync } from "node:child_process"
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { join } from "node:path"

const root = join(import.meta.dirname, "..")
const workspaces = ["packages", "apps"]
  .flatMap((dir) =>
    existsSync(join(root, dir)) ? readdirSync(join(root, dir)).map((d) => join(root, dir, d)) : []
  )
  .concat([join(root, "benchmarks")])
  .filter((d) => existsSync(join(d, "package.json")))

const step = (title, cmd, args) => {
  console.log(`\n▶ ${title}: ${cmd} ${args.join(" ")}`)
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" })
  if (r.status !== 0) {
    console.error(`\n✖ ${title} failed (exit ${r.status ?? r.signal})`)
    process.exit(1)
  }
}

for (const d of workspaces) rmSync(join(d, ".tmp", "vitest-report.json"), { force: true })

step("lint", "biome", ["check", "."])
step("typecheck", "turbo", ["run", "typecheck", "--output-logs=errors-only"])
step("build", "turbo", ["run", "build", "--output-logs=errors-only"])
step("test", "turbo", ["run", "test", "--concurrency=1", "--continue"])
step("package checks", "node", [join(root, "scripts", "pack-check.mjs")])

let total = 0
let failed = 0
for (const d of workspaces) {
  const report = join(d, ".tmp", "vitest-report.json")
  if (!existsSync(report)) continue
  const r = JSON.parse(readFileSync(report, "utf8"))
  total += r.numTotalTests
  failed += r.numFailedTests + (r.numFailedTestSuites ?? 0)
}
if (total === 0) {
  console.error("\n✖ no test ran")
  process.exit(1)
}
if (failed > 0) {
  console.error(`\n✖ ${failed} failed test(s) or suite(s)`)
  process.exit(1)
}
console.log(
  `\n✔ all checks passed: ${total} tests in ${workspaces.length} workspaces (${execFileSync("node", ["-v"]).toString().trim()})`
)
