// Config is a Schema over environment variables: a bad variable stops start-up, naming it.
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { loadConfig } from "../src/config/config.ts"

const failure = (env: Record<string, string>) => {
  const r = loadConfig(env, "/srv/site")
  if (Result.isSuccess(r)) throw new TypeError("expected a failure")
  return r.failure
}

describe("loadConfig", () => {
  it("defaults to port 3000 and an embedded database in ./.data", () => {
    const r = loadConfig({}, "/srv/site")
    expect(Result.isSuccess(r) && r.success).toMatchObject({
      port: 3000,
      dataDir: "/srv/site/.data",
      databaseUrl: undefined,
      redisUrl: undefined,
      cookieSecure: true
    })
  })

  it.each([
    [{ PORT: "http" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ PORT: "30.5" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ REDIS_URL: "not a url" }, "REDIS_URL"],
    [{ COOKIE_SECURE: "yes" }, "COOKIE_SECURE"],
    [{ DATABASE_SCHEMA: "Robert'); DROP" }, "DATABASE_SCHEMA"],
    [{ PUBLIC_URL: "ftp://example.org" }, "PUBLIC_URL"],
    [{ DEMO_STOCK: "BUNDLE=-1" }, "DEMO_STOCK"]
  ])("refuses %o, naming %s", (env, variable) => {
    const error = failure(env)
    expect(error._tag).toBe("InvalidConfig")
    expect(error.variable).toBe(variable)
    expect(error.message).toMatch(new RegExp(`^Environment variable ${variable}: .+`))
  })

  it("reads PostgreSQL and Redis URLs and ignores empty and unrelated variables", () => {
    const r = loadConfig(
      {
        DATABASE_URL: "postgres://u@127.0.0.1/db",
        REDIS_URL: "redis://127.0.0.1:6379",
        PORT: "",
        HOME: "/root"
      },
      "/srv"
    )
    expect(Result.isSuccess(r) && r.success).toMatchObject({
      port: 3000,
      databaseUrl: "postgres://u@127.0.0.1/db",
      redisUrl: "redis://127.0.0.1:6379"
    })
  })
})
