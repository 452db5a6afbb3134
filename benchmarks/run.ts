// `pnpm bench` runs every suite; `pnpm bench <suite>` runs one (the file name without .ts).
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
for (const suite of wanted.length > 0 ? wanted : all) await import(join(dir, `${suite}.ts`))
