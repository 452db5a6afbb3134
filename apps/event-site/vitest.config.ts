import { defineConfig, mergeConfig } from "vitest/config"
import { sharedConfig } from "../../vitest.shared.ts"

// Browser suites start a site and a Chromium each: run the files one after another (2-core machines).
export default mergeConfig(sharedConfig, defineConfig({ test: { fileParallelism: false } }))
