// `pnpm bench` runs every suite; `pnpm bench <suite>` runs one (the file name without .ts). Each suite
// runs in its own process, one after another: a suite that ends its process when done (the relay's
// werift sockets keep the loop alive) or fails does not stop the others, and no suite's leftovers
// (timers, sockets, JIT state) colour the next one's figures.
import { spawnSync } from "node:child_process"
import { readdirSync } from "node:fs"
import { join } from "node:path"

const dir = import.meta.dirname
const all = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts")
  .map((f) => f.slice(0, -3))
const wanted = process.argv.slice(2)
const unknown = wanted.filter((w) => !all.includes(w))
if (unknown.length > 0) {
  console.error(`Unknown benchmark suite(s): ${unknown.join(", ")}. Available: ${all.join(", ")}`)
  process.exit(2)
}
const failed: Array<string> = []
for (const suite of wanted.length > 0 ? wanted : all) {
  const r = spawnSync(process.execPath, [join(dir, `${suite}.ts`)], { stdio: "inherit" })
  if (r.status !== 0) failed.push(`${suite} (${r.status ?? r.signal})`)
}
if (failed.length > 0) {
  console.error(`Benchmark suite(s) failed: ${failed.join(", ")}`)
  process.exit(1)
}
