// Packs this package and @microdrop/pricing (its workspace dependency, not yet on the registry) as npm
// would publish them and installs both tarballs into a fresh project, like scripts/test-support/packed.ts.
import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Packed } from "../../../../scripts/test-support/packed.ts"

const pnpm = (args: ReadonlyArray<string>, cwd: string): void => {
  const execPath = process.env["npm_execpath"] ?? "pnpm"
  const [cmd, argv] = /\.[cm]?js$/.test(execPath)
    ? [process.execPath, [execPath, ...args]]
    : [execPath, [...args]]
  execFileSync(cmd, argv, { cwd, stdio: "ignore" })
}

export const packWithPricing = (pkgDir: string): Packed => {
  const pricingDir = join(pkgDir, "..", "pricing")
  for (const dir of [pkgDir, pricingDir])
    if (!existsSync(join(dir, "dist", "index.js"))) throw new Error(`build ${dir} first (pnpm build)`)
  const work = mkdtempSync(join(tmpdir(), "microdrop-labels-pack-"))
  pnpm(["pack", "--pack-destination", work], pkgDir)
  pnpm(["pack", "--pack-destination", work], pricingDir)
  const tarballs = readdirSync(work)
    .filter((f) => f.endsWith(".tgz"))
    .map((f) => join(work, f))
  const app = join(work, "app")
  mkdirSync(app, { recursive: true })
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, version: "1.0.0" }))
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", ...tarballs], {
    cwd: app,
    stdio: "pipe"
  })
  const installed = join(app, "node_modules", "@microdrop", "labels")
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
