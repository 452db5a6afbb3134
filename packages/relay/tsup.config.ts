import { defineConfig } from "tsup"

export default defineConfig([
  {
    entry: { index: "src/index.ts", promise: "src/promise.ts" },
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "node22",
    treeshake: true,
    // import.meta.url (the listener worker's file) in the CommonJS build
    shims: true,
    // one copy of each module in CommonJS too: without it `promise.cjs` carried its own error classes, and
    // `instanceof InvalidRelayConfig` (from the index) failed for startRelay's rejection in `require`
    splitting: true
  },
  {
    // The listener worker thread's entry (workers: N), next to index.js / index.cjs.
    entry: { relayWorker: "src/internal/relayWorker.ts" },
    format: ["esm"],
    dts: false,
    sourcemap: true,
    target: "node22"
  },
  {
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    dts: false,
    sourcemap: true,
    target: "node22",
    banner: { js: "#!/usr/bin/env node" }
  }
])
