import { resolve } from "node:path"
import { defineConfig } from "tsup"

export default defineConfig({
  entry: {
    index: "src/index.ts",
    promise: "src/promise.ts",
    testing: "src/testing.ts",
    postgres: "src/DropStorePostgres.ts",
    redis: "src/DropStoreRedis.ts"
  },
  format: ["esm", "cjs"],
  // tsup drops the base config's `paths` base when it builds declarations: point the kit's path at
  // its source again so the .d.ts inline its types (kit is never published, so no import of it may remain)
  dts: {
    compilerOptions: { paths: { "@microdrop/kit": [resolve(import.meta.dirname, "../kit/src/index.ts")] } }
  },
  clean: true,
  sourcemap: true,
  target: "node20",
  treeshake: true,
  // one copy of each module in CommonJS too (esbuild splits only ESM by default): without it every
  // subpath carried its own error classes, so `instanceof OutOfStock` failed across entries in `require`
  splitting: true,
  // the private store kit ships inside each bundle: users install nothing more
  noExternal: ["@microdrop/kit"],
  external: ["effect", "pg", "ioredis", "@electric-sql/pglite", "vitest", "fast-check"]
})
