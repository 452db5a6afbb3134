/**
 * `npm start`: reads the config from the environment, starts the site and prints where it is.
 * A bad environment variable or a data folder held by another process stops start-up with a
 * message naming it.
 */
import { Result } from "effect"
import { loadConfig } from "./config/config.ts"
import { startSite } from "./server.tsx"

const config = loadConfig(process.env)
if (Result.isFailure(config)) {
  console.error(`event-site: ${config.failure.message}`)
  process.exit(1)
}

try {
  const stock = config.success.demoStock
  const site = await startSite(config.success, stock === undefined ? {} : { stock })
  const where =
    site.services.db.engine === "pglite" ? `embedded PGlite in ${config.success.dataDir}` : "PostgreSQL"
  const password =
    site.services.initialPassword ??
    (config.success.promoterPassword === undefined
      ? "(printed at the first start; set PROMOTER_PASSWORD to choose a new one)"
      : "(PROMOTER_PASSWORD)")
  console.log(
    `\n  Night Tapes event site: ${site.url}\n  data: ${where}${config.success.redisUrl === undefined ? "" : ", drops on Redis"}\n` +
      `  promoter login: ${site.url}/login  ${config.success.promoterEmail}  password: ${password}\n`
  )
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`event-site: ${signal}, closing`)
    site.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      }
    )
  }
  process.on("SIGINT", () => stop("SIGINT"))
  process.on("SIGTERM", () => stop("SIGTERM"))
} catch (error) {
  console.error(`event-site: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
