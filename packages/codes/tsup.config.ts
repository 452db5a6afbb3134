import { defineConfig } from "tsup"
import { libraryConfig } from "../../tsup.shared.ts"

export default defineConfig(
  libraryConfig(import.meta.dirname, {
    index: "src/index.ts",
    promise: "src/promise.ts",
    postgres: "src/postgres.ts",
    redis: "src/redis.ts"
  })
)
