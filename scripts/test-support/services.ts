// Reads the URL of a test server (DATABASE_URL, REDIS_URL). Without it the suite is skipped with a
// visible notice, except in CI (CI is set), where a missing server is a failure.
export const serviceUrl = (name: "DATABASE_URL" | "REDIS_URL"): string | undefined => {
  const url = process.env[name]
  if (url !== undefined && url !== "") return url
  if (process.env["CI"]) {
    throw new Error(
      `${name} is not set: CI must provide the server (source scripts/services.sh before the tests)`
    )
  }
  console.warn(
    `\n⚠ ${name} is not set: skipping the tests that need it (source scripts/services.sh to run them)\n`
  )
  return undefined
}

/** A random lowercase name for a schema or key prefix, so parallel test runs never share data. */
export const randomName = (prefix: string): string =>
  `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 10)}`
