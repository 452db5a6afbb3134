/**
 * The site's configuration: a Schema over environment variables. A variable that breaks its rule
 * stops start-up with an `InvalidConfig` naming it (`PORT: expected a whole number from 0 to 65535`).
 */
import { resolve } from "node:path"
import { Result, Schema, SchemaIssue } from "effect"
import { InvalidConfig } from "../errors.ts"

const Port = Schema.FiniteFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 0, maximum: 65_535 }))
const Flag = Schema.Literals(["true", "false"])
const url = (schemes: ReadonlyArray<string>) =>
  Schema.String.check(
    Schema.makeFilter((s) => {
      try {
        return schemes.includes(new URL(s).protocol) ? undefined : `must start with ${schemes.join(" or ")}//`
      } catch {
        return `must be a URL (${schemes.join(" or ")}//…)`
      }
    })
  )
const Identifier = Schema.String.check(Schema.isPattern(/^[a-z_][a-z0-9_]{0,39}$/))

/** The environment variables the site reads; every one is optional. */
export const EnvSchema = Schema.Struct({
  PORT: Schema.optionalKey(Port),
  HOST: Schema.optionalKey(Schema.NonEmptyString),
  PUBLIC_URL: Schema.optionalKey(url(["http:", "https:"])),
  DATA_DIR: Schema.optionalKey(Schema.NonEmptyString),
  DATABASE_URL: Schema.optionalKey(url(["postgres:", "postgresql:"])),
  DATABASE_SCHEMA: Schema.optionalKey(Identifier),
  REDIS_URL: Schema.optionalKey(url(["redis:", "rediss:"])),
  REDIS_PREFIX: Schema.optionalKey(Schema.String.check(Schema.isPattern(/^[A-Za-z0-9:_{}-]{1,64}$/))),
  COOKIE_SECURE: Schema.optionalKey(Flag),
  PROMOTER_EMAIL: Schema.optionalKey(Schema.String.check(Schema.isPattern(/^[^\s@]{1,64}@[^\s@]{1,190}$/))),
  PROMOTER_PASSWORD: Schema.optionalKey(Schema.String.check(Schema.isMinLength(12), Schema.isMaxLength(256))),
  DEMO_STOCK: Schema.optionalKey(
    Schema.String.check(Schema.isPattern(/^[A-Z0-9-]{1,32}=\d{1,9}(,[A-Z0-9-]{1,32}=\d{1,9})*$/))
  )
})

/** Where the site keeps its data and how it is reached. */
export interface Config {
  /** Port to listen on (0: any free port). */
  readonly port: number
  /** Interface to listen on. */
  readonly host: string
  /** The origin people use (printed at start, accepted by the CSRF check); default http://localhost:PORT. */
  readonly publicUrl: string | undefined
  /** Embedded PGlite folder (ignored with `databaseUrl`). */
  readonly dataDir: string
  /** PostgreSQL instead of PGlite. */
  readonly databaseUrl: string | undefined
  /** Schema of the app's tables; drops and the ledger use `<schema>_drops` and `<schema>_codes`. */
  readonly databaseSchema: string
  /** Redis for drops (stock, holds, live events) instead of the database. */
  readonly redisUrl: string | undefined
  /** Key prefix of the drops on Redis. */
  readonly redisPrefix: string
  /** Session cookies carry `Secure` (browsers accept it on http://localhost too). */
  readonly cookieSecure: boolean
  /** The promoter's login (seeded at start). */
  readonly promoterEmail: string
  /** The promoter's password; without it the first start makes a random one and prints it once. */
  readonly promoterPassword: string | undefined
  /** Stock per SKU for the demo's drops on a fresh database (`TICKET=100,BUNDLE=50`); benchmarks use it. */
  readonly demoStock: Readonly<Record<string, number>> | undefined
}

const names = Object.keys(EnvSchema.fields)

/**
 * Reads the configuration from environment variables.
 *
 * @param env - Usually `process.env`; unrelated variables are ignored.
 * @param cwd - Base of a relative `DATA_DIR`.
 * @returns The config, or `InvalidConfig` naming the first bad variable.
 */
export const loadConfig = (
  env: Readonly<Record<string, string | undefined>>,
  cwd: string = process.cwd()
): Result.Result<Config, InvalidConfig> => {
  const picked: Record<string, string> = {}
  for (const name of names) {
    const value = env[name]
    if (value !== undefined && value !== "") picked[name] = value
  }
  const decoded = Schema.decodeUnknownResult(EnvSchema)(picked)
  if (Result.isFailure(decoded)) {
    const issue = SchemaIssue.makeFormatterStandardSchemaV1()(decoded.failure.issue).issues[0]
    return Result.fail(
      new InvalidConfig({
        variable: String(issue?.path?.[0] ?? "environment"),
        rule: issue?.message ?? decoded.failure.message
      })
    )
  }
  const e = decoded.success
  return Result.succeed({
    port: e.PORT ?? 3000,
    host: e.HOST ?? "localhost",
    publicUrl: e.PUBLIC_URL,
    dataDir: resolve(cwd, e.DATA_DIR ?? ".data"),
    databaseUrl: e.DATABASE_URL,
    databaseSchema: e.DATABASE_SCHEMA ?? "event_site",
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX ?? "event-site:drops:",
    cookieSecure: (e.COOKIE_SECURE ?? "true") === "true",
    promoterEmail: e.PROMOTER_EMAIL ?? "promoter@night-tapes.example",
    promoterPassword: e.PROMOTER_PASSWORD,
    demoStock:
      e.DEMO_STOCK === undefined
        ? undefined
        : Object.fromEntries(
            e.DEMO_STOCK.split(",").map((pair) => {
              const [sku = "", n = "0"] = pair.split("=")
              return [sku, Number(n)]
            })
          )
  })
}
