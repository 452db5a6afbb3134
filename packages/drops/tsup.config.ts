import { defineConfig } from "tsup"
import { libraryConfig } from "../../tsup.shared.ts"

export default defineConfig(
  libraryConfig(
    import.meta.dirname,
    {
      index: "src/index.ts",
      promise: "src/promise.ts",
      testing: "src/testing.ts",
      postgres: "src/DropStorePostgres.ts",
      redis: "src/DropStoreRedis.ts"
    },
    { external: ["effect", "pg", "ioredis", "@electric-sql/pglite", "vitest", "fast-check"] }
  )
)
