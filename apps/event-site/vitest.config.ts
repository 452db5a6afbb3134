import { defineConfig, mergeConfig } from "vitest/config"
import { sharedConfig } from "../../vitest.shared.ts"

// The browser suite runs twice: on the embedded PGlite (one site), and on PostgreSQL + Redis with two
// site instances behind a balancer (test/support/site.ts), when DATABASE_URL and REDIS_URL are set
// (CI sets them; CI without them fails). Tests that do not start the site run once, on PGlite.
const onceOnly = [
  "test/config.test.ts",
  "test/doorToken.test.ts",
  "test/downloads.test.ts",
  "test/lock.test.ts",
  "test/openapi.test.ts",
  "test/publishedDraw.test.ts",
  // Starts its own two sites on PGlite, PostgreSQL and Redis.
  "test/rateLimit.test.ts",
  "test/instances.test.ts",
  "test/readme.test.ts",
  "test/session.test.ts",
  "test/format.test.ts",
  "test/batch.test.ts",
  "test/staffSessions.test.ts"
]
const set = (name: string) => (process.env[name] ?? "") !== ""
const withServers = set("DATABASE_URL") && set("REDIS_URL")
if (!withServers && process.env["CI"] !== undefined)
  throw new TypeError(
    "DATABASE_URL and REDIS_URL must be set in CI: the browser suite runs on PostgreSQL + Redis too"
  )

// Browser suites start a site and a Chromium each: run the files one after another (2-core machines).
export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      fileParallelism: false,
      projects: [
        { extends: true, test: { name: "pglite", env: { SITE_BACKEND: "pglite" } } },
        ...(withServers
          ? [
              {
                extends: true,
                test: { name: "postgres+redis", env: { SITE_BACKEND: "postgres" }, exclude: onceOnly }
              }
            ]
          : [])
      ]
    }
  })
)
