/**
 * The site's own tagged errors. Errors of the packages (pricing, drops, codes) pass through with
 * their own tags; these cover what only the app decides: its configuration, its data folder and
 * the requests people send it.
 */
import { Schema } from "effect"

/** An environment variable does not fit its rule: start-up stops and names it. */
export class InvalidConfig extends Schema.TaggedError<InvalidConfig>()("InvalidConfig", {
  variable: Schema.String,
  rule: Schema.String
}) {
  override get message(): string {
    return `Environment variable ${this.variable}: ${this.rule}`
  }
}

/** Another live process holds the embedded database folder (PGlite has no lock of its own). */
export class DataFolderInUse extends Schema.TaggedError<DataFolderInUse>()("DataFolderInUse", {
  folder: Schema.String,
  pid: Schema.Number
}) {
  override get message(): string {
    return `The data folder ${this.folder} is in use by process ${this.pid}: stop that process first, or set DATA_DIR to another folder.`
  }
}

/** A request body or form does not decode: answered with 400, naming the field. */
export class InvalidRequest extends Schema.TaggedError<InvalidRequest>()("InvalidRequest", {
  field: Schema.String,
  rule: Schema.String
}) {
  override get message(): string {
    return `${this.field}: ${this.rule}`
  }
}

/** An unsafe request that did not come from this site's own pages (CSRF protection). */
export class ForeignOrigin extends Schema.TaggedError<ForeignOrigin>()("ForeignOrigin", {
  origin: Schema.String
}) {
  override get message(): string {
    return `Refused a request from ${this.origin}: forms and API calls are accepted from this site's own pages only.`
  }
}

/** A row the site just wrote is not there: the database is not behaving as PostgreSQL does. */
export class DatabaseInconsistent extends Schema.TaggedError<DatabaseInconsistent>()("DatabaseInconsistent", {
  what: Schema.String
}) {
  override get message(): string {
    return `The database lost ${this.what} right after writing it: check the database.`
  }
}

/** Too many failed attempts at one thing (logins, typed codes) from one key: answered with 429 and Retry-After. */
export class TooManyAttempts extends Schema.TaggedError<TooManyAttempts>()("TooManyAttempts", {
  action: Schema.String,
  retryAfterMs: Schema.Number
}) {
  override get message(): string {
    return `Too many failed ${this.action}: try again in ${Math.max(1, Math.ceil(this.retryAfterMs / 1000))} seconds.`
  }
}

/** A rate limit rule or call that breaks its rule (a bug in the caller, never user input). */
export class InvalidRateLimit extends Schema.TaggedError<InvalidRateLimit>()("InvalidRateLimit", {
  field: Schema.String,
  rule: Schema.String
}) {
  override get message(): string {
    return `Rate limit ${this.field}: ${this.rule}`
  }
}

/**
 * The tag of a package's tagged error (what the API answers as `error.tag`), or `"Error"` for
 * anything else. Deciding on an error goes through its class (`instanceof`), never this string.
 */
export const tagOf = (error: unknown): string =>
  typeof error === "object" && error !== null && "_tag" in error ? String(error._tag) : "Error"
