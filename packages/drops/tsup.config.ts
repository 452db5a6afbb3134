import { defineConfig } from "tsup"

export default defineConfig({
  entry: {
    index: "src/index.ts",
    promise: "src/promise.ts",
    testing: "src/testing.ts",
    postgres: "src/postgres.ts",
    redis: "src/redis.ts"
  },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
  treeshake: true,
  // one copy of each module in CommonJS too (esbuild splits only ESM by default): without it every
  // subpath carried its own error classes, so `instanceof SoldOut` failed across entries in `require`
  splitting: true,
  external: ["effect", "pg", "ioredis", "@electric-sql/pglite", "vitest", "fast-check"]
})
