// Which external servers the store tests may use. In CI a missing server is a failure, locally a
// visible skip (ask `source scripts/services.sh` to start them).
import { describe, it } from "vitest"

export const requireEnv = (name: "DATABASE_URL" | "REDIS_URL"): string | undefined => {
  const value = process.env[name]
  if (value !== undefined && value !== "") return value
  if (process.env["CI"] !== undefined)
    throw new Error(`${name} is not set: CI must run the store tests (source scripts/services.sh first).`)
  describe(`${name} missing`, () => {
    it.skip(`SKIPPED: ${name} is not set, so this store's tests did not run (source scripts/services.sh)`, () => {})
  })
  console.warn(`\n*** ${name} is not set: skipping these store tests (source scripts/services.sh) ***\n`)
  return undefined
}

export const randomName = (prefix: string): string =>
  `${prefix}_${globalThis.crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`
