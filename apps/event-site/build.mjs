// Builds the site: the server (src/main.ts, bundled for Node 22, packages left to node_modules)
// and each page's small client script (src/features/*/client.ts → dist/public/assets/*.js).
import { existsSync, readdirSync } from "node:fs"
import { join } from "node:path"
import { build } from "esbuild"

const root = import.meta.dirname
const features = join(root, "src", "features")
const clients = readdirSync(features)
  .filter((name) => existsSync(join(features, name, "client.ts")))
  .map((name) => ({ in: join(features, name, "client.ts"), out: name }))
// Service workers (src/features/*/worker.ts → dist/public/assets/<feature>-worker.js).
const workers = readdirSync(features)
  .filter((name) => existsSync(join(features, name, "worker.ts")))
  .map((name) => ({ in: join(features, name, "worker.ts"), out: `${name}-worker` }))

await build({
  entryPoints: [join(root, "src", "main.ts")],
  outfile: join(root, "dist", "main.js"),
  bundle: true,
  platform: "node",
  target: "node22",
  format: "esm",
  packages: "external",
  jsx: "automatic",
  jsxImportSource: "hono/jsx",
  sourcemap: true,
  logLevel: "warning"
})
// The drop page verifies raffle draws with @microdrop/drops' own code, which hashes with node's
// `createHash`: in the browser that comes from a small @noble/hashes shim.
const sha256Shim = join(root, "src", "features", "drop", "sha256.browser.ts")
await build({
  entryPoints: [...clients, ...workers],
  alias: { crypto: sha256Shim, "node:crypto": sha256Shim },
  // drops' index imports a chunk of pure definitions by bare import; esbuild rightly drops it.
  logOverride: { "ignored-bare-import": "silent" },
  outdir: join(root, "dist", "public", "assets"),
  bundle: true,
  platform: "browser",
  target: "es2022",
  format: "esm",
  minify: true,
  sourcemap: true,
  logLevel: "warning"
})
