// Settings every package's vitest config starts from. Each run also writes a JSON report that
// `scripts/check.mjs` reads to fail the build when no test ran at all.
import { defineConfig } from "vitest/config"

export const sharedConfig = defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ["default", ["json", { outputFile: ".tmp/vitest-report.json" }]]
  }
})
