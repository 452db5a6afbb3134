import { defineConfig } from "tsup"

export default defineConfig([
  {
    entry: { index: "src/index.ts", promise: "src/promise.ts" },
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "node22",
    treeshake: true
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
