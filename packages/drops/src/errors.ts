/**
 * The tagged errors of `@microdrop/drops`. Each is a schema-backed `Error` with a literal `_tag`
 * (match with `Effect.catchTag` or `switch (e._tag)`) and a message that says what happened and
 * what the caller can do about it.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/** A time for a message: an ISO date when `Date` can show it, else the number (never a crash). */
const when = (ms: number): string =>
  Number.isFinite(ms) && Math.abs(ms) <= 8_640_000_000_000_000 ? new Date(ms).toISOString() : `${ms} ms`

/**
 * No drop with this id exists in the store.
 *
 * @category errors
 * @since 0.1.0
 */
export class DropNotFound extends Schema.TaggedError<DropNotFound>()("DropNotFound", {
  dropId: Schema.String
}) {
  override get message(): string {
    return `Drop ${this.dropId} does not exist in this store: check the id, or create the drop first.`
  }
}

/**
 * A drop with this id already exists with different settings (creating the same drop again is a no-op).
 *
 * @category errors
 * @since 0.1.0
 */
export class DropAlreadyExists extends Schema.TaggedError<DropAlreadyExists>()("DropAlreadyExists", {
  dropId: Schema.String
}) {
  override get message(): string {
    return `Drop ${this.dropId} already exists with different settings: drops are immutable, use a new id.`
  }
}

/**
 * A request names a SKU the drop does not sell.
 *
 * @category errors
 * @since 0.1.0
 */
export class UnknownSku extends Schema.TaggedError<UnknownSku>()("UnknownSku", {
  dropId: Schema.String,
  sku: Schema.String
}) {
  override get message(): string {
    return `Drop ${this.dropId} does not sell SKU ${this.sku}: check the SKU against the drop's items.`
  }
}

/**
 * No sale window admitting this customer is open now. `nextOpensAt` is the next opening the customer
 * could use, if any.
 *
 * @category errors
 * @since 0.1.0
 */
export class WindowNotOpen extends Schema.TaggedError<WindowNotOpen>()("WindowNotOpen", {
  dropId: Schema.String,
  at: Schema.Number,
  nextOpensAt: Schema.optionalKey(Schema.Number),
  /** True when a window is open but only for pass holders (e.g. a VIP presale). */
  passRequired: Schema.Boolean
}) {
  override get message(): string {
    const base = this.passRequired
      ? `Drop ${this.dropId} is only open to pass holders right now`
      : `Drop ${this.dropId} is not on sale right now`
    return this.nextOpensAt === undefined
      ? `${base}, and no later window is planned.`
      : `${base}: try again from ${when(this.nextOpensAt)}.`
  }
}

/**
 * Not enough free stock of a SKU for this request (demand summed over the request's lines).
 *
 * @category errors
 * @since 0.1.0
 */
export class OutOfStock extends Schema.TaggedError<OutOfStock>()("OutOfStock", {
  dropId: Schema.String,
  sku: Schema.String,
  requested: Schema.Number,
  available: Schema.Number
}) {
  override get message(): string {
    return this.available === 0
      ? `SKU ${this.sku} of drop ${this.dropId} is sold out (held or claimed); holds that lapse return to stock, so it may come back.`
      : `Only ${this.available} of SKU ${this.sku} left in drop ${this.dropId}, ${this.requested} requested: ask for fewer.`
  }
}

/**
 * A purchase limit would be exceeded.
 *
 * @category errors
 * @since 0.1.0
 */
export class LimitExceeded extends Schema.TaggedError<LimitExceeded>()("LimitExceeded", {
  dropId: Schema.String,
  limit: Schema.Literals(["perCustomer", "perOrder"]),
  max: Schema.Number,
  requested: Schema.Number,
  /** Units the customer already holds or owns (per-customer limit). */
  already: Schema.Number
}) {
  override get message(): string {
    return this.limit === "perOrder"
      ? `An order in drop ${this.dropId} may have at most ${this.max} units; ${this.requested} requested: split or shrink the order.`
      : `A customer may have at most ${this.max} units of drop ${this.dropId}; this customer already has ${this.already} and asked for ${this.requested} more.`
  }
}

/**
 * No hold with this id in this drop.
 *
 * @category errors
 * @since 0.1.0
 */
export class HoldNotFound extends Schema.TaggedError<HoldNotFound>()("HoldNotFound", {
  dropId: Schema.String,
  holdId: Schema.String
}) {
  override get message(): string {
    return `Hold ${this.holdId} does not exist in drop ${this.dropId}: check both ids.`
  }
}

/**
 * The hold lapsed before it was confirmed and its stock went back on sale. The customer must place
 * a new hold (the drop's `lateConfirm` policy may allow confirming if stock is still free).
 *
 * @category errors
 * @since 0.1.0
 */
export class HoldAlreadyExpired extends Schema.TaggedError<HoldAlreadyExpired>()("HoldAlreadyExpired", {
  dropId: Schema.String,
  holdId: Schema.String,
  expiredAt: Schema.Number
}) {
  override get message(): string {
    return `Hold ${this.holdId} expired at ${when(this.expiredAt)} and its units went back on sale: do not charge the customer; place a new hold.`
  }
}

/**
 * The hold was released, so it cannot be confirmed.
 *
 * @category errors
 * @since 0.1.0
 */
export class HoldAlreadyReleased extends Schema.TaggedError<HoldAlreadyReleased>()("HoldAlreadyReleased", {
  dropId: Schema.String,
  holdId: Schema.String
}) {
  override get message(): string {
    return `Hold ${this.holdId} was released and its units went back on sale: place a new hold to buy.`
  }
}

/**
 * The hold is a confirmed (paid) claim, so it cannot be released.
 *
 * @category errors
 * @since 0.1.0
 */
export class HoldAlreadyConfirmed extends Schema.TaggedError<HoldAlreadyConfirmed>()("HoldAlreadyConfirmed", {
  dropId: Schema.String,
  holdId: Schema.String
}) {
  override get message(): string {
    return `Hold ${this.holdId} is a confirmed claim and cannot be released: refunds are handled outside the drop.`
  }
}

/**
 * The idempotency key was already used for a different request. Use a new key for a new request.
 *
 * @category errors
 * @since 0.1.0
 */
export class IdempotencyKeyReused extends Schema.TaggedError<IdempotencyKeyReused>()("IdempotencyKeyReused", {
  key: Schema.String
}) {
  override get message(): string {
    return `Idempotency key ${this.key} was already used for a different request: generate a new key per request and reuse it only for retries of that exact request.`
  }
}

/**
 * A request with this idempotency key is still being processed; wait for it and retry, and the
 * first result comes back.
 *
 * @category errors
 * @since 0.1.0
 */
export class RequestInFlight extends Schema.TaggedError<RequestInFlight>()("RequestInFlight", {
  key: Schema.String
}) {
  override get message(): string {
    return `A request with idempotency key ${this.key} is still in progress: wait briefly and retry with the same key to get its result.`
  }
}

/**
 * The operation does not fit the drop's mode (e.g. a direct hold on a raffle drop).
 *
 * @category errors
 * @since 0.1.0
 */
export class WrongMode extends Schema.TaggedError<WrongMode>()("WrongMode", {
  dropId: Schema.String,
  mode: Schema.String,
  operation: Schema.String
}) {
  override get message(): string {
    return `Drop ${this.dropId} runs in ${this.mode} mode, which does not allow ${this.operation}.`
  }
}

/**
 * The customer already has an entry in this raffle or waiting list (one entry per customer).
 *
 * @category errors
 * @since 0.1.0
 */
export class AlreadyEntered extends Schema.TaggedError<AlreadyEntered>()("AlreadyEntered", {
  dropId: Schema.String,
  customerId: Schema.String,
  list: Schema.Literals(["raffle", "waiting"])
}) {
  override get message(): string {
    return `Customer ${this.customerId} is already on the ${this.list === "raffle" ? "raffle" : "waiting list"} of drop ${this.dropId}: one entry per customer; nothing to do.`
  }
}

/**
 * The revealed seed does not hash to the drop's published commitment, so the draw would not be
 * verifiable.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidSeed extends Schema.TaggedError<InvalidSeed>()("InvalidSeed", { dropId: Schema.String }) {
  override get message(): string {
    return `The seed does not match the commitment published for drop ${this.dropId}: reveal the exact seed whose SHA-256 was committed.`
  }
}

/**
 * A raffle cannot be drawn while entries may still come in.
 *
 * @category errors
 * @since 0.1.0
 */
export class RaffleStillOpen extends Schema.TaggedError<RaffleStillOpen>()("RaffleStillOpen", {
  dropId: Schema.String,
  closesAt: Schema.Number
}) {
  override get message(): string {
    return `Entries to drop ${this.dropId} are open until ${when(this.closesAt)}: draw after that.`
  }
}

/**
 * What a store was doing when it failed: the `operation` of a {@link StoreUnavailable}.
 * `run` is a batch of holds, confirms and releases (or the availability read that runs the same
 * step); `decodeDrop` and `decodeEntry` read a stored record that does not decode.
 *
 * @category errors
 * @since 0.1.0
 */
export const StoreOperation = Schema.Literals([
  "createTables",
  "loadScripts",
  "createDrop",
  "getDrop",
  "decodeDrop",
  "run",
  "addEntry",
  "listEntries",
  "decodeEntry",
  "removeEntry",
  "snapshot",
  "listen"
])
/** @category errors @since 0.1.0 */
export type StoreOperation = typeof StoreOperation.Type

/** What the caller can do after each operation failed, and whether retrying can help. */
const storeAdvice: Readonly<
  Record<StoreOperation, { readonly retryable: boolean; readonly advice: string }>
> = {
  createTables: { retryable: true, advice: "build the layer again when the database is back" },
  loadScripts: { retryable: true, advice: "build the layer again when Redis is back" },
  createDrop: {
    retryable: true,
    advice: "try again when the store is back (creating the same drop twice is safe)"
  },
  getDrop: { retryable: true, advice: "try again when the store is back" },
  decodeDrop: { retryable: false, advice: "the stored drop is damaged: repair or remove its record" },
  run: { retryable: true, advice: "retry with the same idempotency key; it will not claim twice" },
  addEntry: { retryable: true, advice: "try again when the store is back" },
  listEntries: { retryable: true, advice: "try again when the store is back" },
  decodeEntry: { retryable: false, advice: "a stored entry is damaged: repair or remove its record" },
  removeEntry: { retryable: true, advice: "try again when the store is back" },
  snapshot: { retryable: true, advice: "try again when the store is back" },
  listen: { retryable: true, advice: "build the layer again when the store is back" }
}

/**
 * The store could not be reached, failed, or did not answer within its `timeoutMs` (network,
 * database, script error, a record that does not decode). Nothing is known to have changed;
 * `isRetryable` says whether trying again can help (for `run`, retry with the same idempotency
 * key: it never claims twice).
 *
 * @category errors
 * @since 0.1.0
 */
export class StoreUnavailable extends Schema.TaggedError<StoreUnavailable>()("StoreUnavailable", {
  /** Which store: "postgres", "redis" … */
  store: Schema.String,
  /** What it was doing. */
  operation: StoreOperation,
  /** What went wrong underneath (the driver's error, or the timeout). */
  cause: Schema.Defect()
}) {
  /** True when trying the same call again can succeed (false for a damaged stored record). */
  get isRetryable(): boolean {
    return storeAdvice[this.operation].retryable
  }

  override get message(): string {
    const detail = this.cause instanceof Error ? this.cause.message : String(this.cause)
    return `The ${this.store} drop store failed during ${this.operation} (${detail}): ${storeAdvice[this.operation].advice}.`
  }
}

/**
 * A call on a promise client (`makeDropClient`) after its `dispose()`: the client and its
 * connections are closed.
 *
 * @category errors
 * @since 0.1.0
 */
export class DropClientDisposed extends Schema.TaggedError<DropClientDisposed>()("DropClientDisposed", {
  operation: Schema.String
}) {
  override get message(): string {
    return `The drop client was disposed before ${this.operation}: make a new one with makeDropClient, and dispose it only when the app shuts down.`
  }
}

/**
 * A time given to the rules (`now` of `checkWindow`, `precheckHold` and `DropState`) is not epoch
 * milliseconds: `NaN`, `Infinity`, a fraction, a negative number, a string or a `Date`. Refused,
 * never guessed: a wrong clock must not open a window or expire every hold.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidTime extends Schema.TaggedError<InvalidTime>()("InvalidTime", {
  /** The option or argument, e.g. `now`. */
  option: Schema.String,
  /** What was given, as text. */
  got: Schema.String
}) {
  override get message(): string {
    return `${this.option} must be epoch milliseconds (a whole number from 0 to 8.64e15), got ${this.got}: pass Clock.currentTimeMillis or Date.now(), or convert with Date.parse(text) / date.getTime().`
  }
}

/**
 * A store was given an option it cannot use (`layerMemory`, `layerPostgres`, `layerRedis`): a
 * `maxBatch` of 0, a schema name with capitals, a `client` without the methods the store calls, a
 * `newId` that returns an id with a space … Building the layer (or the first hold, for what
 * `newId` returns) fails with it; nothing is written. Fix the option where you build the layer.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidStoreOptions extends Schema.TaggedError<InvalidStoreOptions>()("InvalidStoreOptions", {
  /** Which store: "memory", "postgres" or "redis". */
  store: Schema.String,
  /** The option, e.g. `maxBatch`. */
  option: Schema.String,
  /** The rule it breaks, with what was given. */
  rule: Schema.String
}) {
  override get message(): string {
    return `Option ${this.option} of the ${this.store} drop store ${this.rule}: fix it where you build the layer.`
  }
}

/**
 * A plain function of the package (the raffle draw and its checks, the promise client's
 * constructor) was called with an argument of the wrong kind (`undefined`, `null`, a number for a
 * string …).
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidDropArgument extends Schema.TaggedError<InvalidDropArgument>()("InvalidDropArgument", {
  /** The function called, e.g. `drawRaffle`. */
  function: Schema.String,
  /** The argument, e.g. `seed`. */
  argument: Schema.String,
  /** What it must be, with what was given. */
  rule: Schema.String
}) {
  override get message(): string {
    return `Argument ${this.argument} of ${this.function} ${this.rule}.`
  }
}

/**
 * What an {@link InvalidDropInput} was checking: a drop to create, a hold request, a confirm or
 * release, a raffle or waiting-list entry, a drop id, or a raffle draw (`dropId` and `seed`).
 *
 * @category errors
 * @since 0.1.0
 */
export const DropInputKind = Schema.Literals([
  "drop",
  "holdRequest",
  "holdAction",
  "entryRequest",
  "dropId",
  "draw"
])
/** @category errors @since 0.1.0 */
export type DropInputKind = typeof DropInputKind.Type

/**
 * Input from outside (a drop, a hold request, a confirm or release, an entry, a drop id) breaks its
 * schema: each issue names the field by its dotted path (`lines.0.quantity`) and the rule, in words.
 * Nothing was written. The toolkit's one shape of input error (pricing's `InvalidInput` carries the
 * same `issues`).
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidDropInput extends Schema.TaggedError<InvalidDropInput>()("InvalidDropInput", {
  /** What was being checked. */
  input: DropInputKind,
  /** Every problem found (at least one): where, and which rule. */
  issues: Schema.Array(Schema.Struct({ path: Schema.String, rule: Schema.String }))
}) {
  override get message(): string {
    const list = this.issues.map((i) => `${i.path === "" ? "(root)" : i.path}: ${i.rule}`).join("; ")
    return `The ${inputNames[this.input]} is invalid (${this.issues.length} problem(s)) — ${list}. Fix these fields.`
  }
}

const inputNames: Readonly<Record<DropInputKind, string>> = {
  drop: "drop",
  holdRequest: "hold request",
  holdAction: "confirm or release request",
  entryRequest: "entry request",
  dropId: "drop id",
  draw: "raffle draw request"
}

/**
 * Errors a hold can fail with (besides {@link StoreUnavailable}).
 *
 * @category errors
 * @since 0.1.0
 */
export type HoldError =
  | DropNotFound
  | UnknownSku
  | WindowNotOpen
  | OutOfStock
  | LimitExceeded
  | IdempotencyKeyReused
  | RequestInFlight
  | WrongMode

/**
 * Errors a confirm can fail with (besides {@link StoreUnavailable}).
 *
 * @category errors
 * @since 0.1.0
 */
export type ConfirmError =
  | DropNotFound
  | HoldNotFound
  | HoldAlreadyExpired
  | HoldAlreadyReleased
  | OutOfStock
  | LimitExceeded
  | IdempotencyKeyReused
  | RequestInFlight

/**
 * Errors a release can fail with (besides {@link StoreUnavailable}).
 *
 * @category errors
 * @since 0.1.0
 */
export type ReleaseError =
  | DropNotFound
  | HoldNotFound
  | HoldAlreadyConfirmed
  | IdempotencyKeyReused
  | RequestInFlight

/**
 * Every domain error, as a union (for decoding stored results).
 *
 * @category errors
 * @since 0.1.0
 */
export const DomainError = Schema.Union([
  DropNotFound,
  UnknownSku,
  WindowNotOpen,
  OutOfStock,
  LimitExceeded,
  HoldNotFound,
  HoldAlreadyExpired,
  HoldAlreadyReleased,
  HoldAlreadyConfirmed,
  IdempotencyKeyReused,
  RequestInFlight,
  WrongMode,
  AlreadyEntered,
  InvalidSeed,
  RaffleStillOpen
])
/** @category errors @since 0.1.0 */
export type DomainError = typeof DomainError.Type
