/**
 * The tagged errors of `@microdrop/codes`: each names what was wrong and what a person can do.
 *
 * Every error is a `Schema.TaggedError` (an `Error`, so stack traces and `instanceof` work) with a
 * literal `_tag` unique across the Microdrop toolkit, its fields, and a message built from them, so it
 * can be matched with `switch (e._tag)` or Effect's `catchTag`. Token errors say `Token…`, ledger
 * errors about a code say `Code…`: `TokenExpired` (a QR token past its `exp`) and `CodeExpired` (a
 * ledger code past its expiry) are different things and read so.
 *
 * @since 0.1.0
 */
import { formatIssues } from "@microdrop/kit"
import { Schema } from "effect"

/** Latest and earliest time a `Date` can hold, in ms: `toISOString` throws past it. */
const MAX_DATE_MS = 8_640_000_000_000_000

/** A time in ms for a message: an ISO date when `Date` can show it, else the number (never a crash). */
const whenMs = (ms: number): string =>
  Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS ? new Date(ms).toISOString() : `${ms} ms since the epoch`

/** A time in seconds (token claims) for a message, as `whenMs`. */
const whenSeconds = (seconds: number): string =>
  Number.isFinite(seconds) && Math.abs(seconds) <= MAX_DATE_MS / 1000
    ? new Date(seconds * 1000).toISOString()
    : `${seconds} s since the epoch`

/** An underlying error for a message: its message, or the value as text (never a crash). */
const describeCause = (cause: unknown): string => {
  if (cause instanceof Error) return cause.message
  try {
    return String(cause)
  } catch {
    return "a value that cannot be shown as text"
  }
}

const describeCharacter = (character: string): string => {
  const code = character.codePointAt(0) ?? 0
  return code < 0x20 || code === 0x7f
    ? `U+${code.toString(16).toUpperCase().padStart(4, "0")}`
    : `'${character}'`
}

/**
 * A character that is not part of the code alphabet (Crockford Base32: 0-9 and A-Z without I, L, O, U;
 * I and L are read as 1, O as 0; spaces and dashes are ignored).
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidCharacter extends Schema.TaggedError<InvalidCharacter>()("InvalidCharacter", {
  /** 0-based index of the character in the text as it was given (before normalizing). */
  index: Schema.Number,
  /** The offending character, as given. */
  character: Schema.String
}) {
  override get message(): string {
    const hint = this.character.toUpperCase() === "U" ? " (U is left out of the alphabet on purpose)" : ""
    return (
      `Character ${describeCharacter(this.character)} at position ${this.index + 1} is not a code character${hint}: ` +
      "use 0-9 and A-Z except I, L, O, U. Ask the person to re-read that character."
    )
  }
}

/**
 * A text whose length cannot be what was expected: an empty code, a code of the wrong length, or a
 * Base32 string whose length no byte string encodes to.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidLength extends Schema.TaggedError<InvalidLength>()("InvalidLength", {
  /** Number of code characters found (after normalizing). */
  length: Schema.Number,
  /** The rule the length broke, in words (e.g. "exactly 9 characters"). */
  expected: Schema.String
}) {
  override get message(): string {
    return (
      `The code has ${this.length} character${this.length === 1 ? "" : "s"} but must have ${this.expected}: ` +
      "check that nothing was left out or typed twice."
    )
  }
}

/**
 * A Base32 string whose unused trailing bits are not zero, so it is not the canonical encoding of any
 * byte string (decoding it would silently lose information).
 *
 * @category errors
 * @since 0.1.0
 */
export class NonCanonicalEncoding extends Schema.TaggedError<NonCanonicalEncoding>()("NonCanonicalEncoding", {
  /** 0-based index (in the normalized text) of the last character, which carries the stray bits. */
  index: Schema.Number
}) {
  override get message(): string {
    return (
      `The last character (position ${this.index + 1}) has padding bits set, so this is not a Base32 string ` +
      "produced by an encoder; check the last character."
    )
  }
}

/**
 * A code whose check character does not match the rest: some character was mistyped or two
 * neighbouring characters were swapped.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidCheckCharacter extends Schema.TaggedError<InvalidCheckCharacter>()(
  "InvalidCheckCharacter",
  {
    /** The code as normalized (canonical characters, no separators). */
    code: Schema.String
  }
) {
  override get message(): string {
    return (
      `The code ${this.code} fails its check character: a character is mistyped or two neighbouring ` +
      "characters are swapped. Ask the person to read it again."
    )
  }
}

/**
 * A code that does not start with the prefix this batch of codes uses.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidPrefix extends Schema.TaggedError<InvalidPrefix>()("InvalidPrefix", {
  /** The prefix the code must start with (canonical form). */
  expected: Schema.String,
  /** The normalized code that was given. */
  code: Schema.String
}) {
  override get message(): string {
    return (
      `The code ${this.code} does not start with ${this.expected}: it belongs to another batch or event, ` +
      "or its first characters were mistyped."
    )
  }
}

/**
 * Options passed by the program that cannot work (a length of 0, a prefix outside the alphabet,
 * more unique codes than the length allows). This is a bug in the caller, so it is thrown.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidCodeOptions extends Schema.TaggedError<InvalidCodeOptions>()("InvalidCodeOptions", {
  /** The option that is wrong (e.g. "length"). */
  option: Schema.String,
  /** The rule it broke, in words. */
  rule: Schema.String
}) {
  override get message(): string {
    return `Invalid option "${this.option}": ${this.rule}.`
  }
}

/**
 * A public key written as text (config file, environment variable, door-device setup) that is not
 * `<key id>:<32 raw bytes as base64url or hex>`.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidKeyText extends Schema.TaggedError<InvalidKeyText>()("InvalidKeyText", {
  /** The rule the text broke, in words. */
  rule: Schema.String
}) {
  override get message(): string {
    return (
      `This is not a token public key: ${this.rule}. Copy the key again as printed by formatTokenPublicKey ` +
      "('<key id 0-255>:<32 bytes as base64url or 64 hex digits>')."
    )
  }
}

/**
 * A signed code or token names a key id that none of the given keys has: the key was retired, the
 * code comes from another event, or the door was loaded with the wrong keys.
 *
 * @category errors
 * @since 0.1.0
 */
export class UnknownKey extends Schema.TaggedError<UnknownKey>()("UnknownKey", {
  /** The key id the code or token names. */
  keyId: Schema.Number,
  /** The key ids that were available. */
  known: Schema.Array(Schema.Number)
}) {
  override get message(): string {
    return `The code was signed with key ${this.keyId}, which this device does not have (it has ${
      this.known.length === 0 ? "no keys" : `keys ${this.known.join(", ")}`
    }): load the current keys, or the code belongs to another event.`
  }
}

/**
 * A signed code or token whose signature does not match its content: it was forged or altered.
 * A typo in a short code is caught first by its check character, so this means tampering (or a
 * code signed with a different secret under the same key id).
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidSignature extends Schema.TaggedError<InvalidSignature>()("InvalidSignature", {
  /** What was checked. */
  subject: Schema.Literals(["short code", "token", "revocation list"]),
  /** The key id the signature was checked against. */
  keyId: Schema.Number
}) {
  override get message(): string {
    return (
      `The ${this.subject}'s signature does not match its content (key ${this.keyId}): it was altered or ` +
      "forged. Do not admit it; ask for another proof of purchase."
    )
  }
}

/**
 * A token or revocation list that is not well formed: not base64url, too short, an unknown version,
 * or claims that do not decode.
 *
 * @category errors
 * @since 0.1.0
 */
export class MalformedToken extends Schema.TaggedError<MalformedToken>()("MalformedToken", {
  /** What is wrong, in words. */
  reason: Schema.String
}) {
  override get message(): string {
    return `This is not a valid token: ${this.reason}. Scan it again; if it keeps failing, it was not issued by us.`
  }
}

/**
 * A token used before its not-before time (a pass for a later day or session). Tagged
 * `TokenNotYetValid` (it was `NotYetValid` before 0.1.0).
 *
 * @category errors
 * @since 0.1.0
 */
export class TokenNotYetValid extends Schema.TaggedError<TokenNotYetValid>()("TokenNotYetValid", {
  /** The token's not-before time, in seconds since the Unix epoch. */
  notBefore: Schema.Number,
  /** The verifier's time, in seconds since the Unix epoch. */
  now: Schema.Number
}) {
  override get message(): string {
    return (
      `This token is valid from ${whenSeconds(this.notBefore)} (it is now ${whenSeconds(this.now)}): ` +
      "it is for a later session, or this device's clock is behind."
    )
  }
}

/**
 * A token used after its expiry time. Tagged `TokenExpired` (not `CodeExpired`, which is a ledger
 * code past its expiry).
 *
 * @category errors
 * @since 0.1.0
 */
export class TokenExpired extends Schema.TaggedError<TokenExpired>()("TokenExpired", {
  /** The token's expiry time, in seconds since the Unix epoch. */
  expiresAt: Schema.Number,
  /** The verifier's time, in seconds since the Unix epoch. */
  now: Schema.Number
}) {
  override get message(): string {
    return (
      `This token expired at ${whenSeconds(this.expiresAt)} (it is now ${whenSeconds(this.now)}): ` +
      "it was for an earlier session, or this device's clock is ahead."
    )
  }
}

/**
 * A genuine token that the organiser has revoked (refunded, reissued or reported lost): its id is on
 * the door's revocation list. Tagged `TokenRevoked` (not `CodeRevoked`, which is a ledger code revoked
 * with `Ledger.revoke`).
 *
 * @category errors
 * @since 0.1.0
 */
export class TokenRevoked extends Schema.TaggedError<TokenRevoked>()("TokenRevoked", {
  /** The revoked token's id. */
  tokenId: Schema.String,
  /** The version of the revocation list that revoked it. */
  listVersion: Schema.Number
}) {
  override get message(): string {
    return (
      `Token ${this.tokenId} was revoked (revocation list version ${this.listVersion}): ` +
      "do not admit it; send the holder to the box office."
    )
  }
}

/**
 * A revocation list older than the one the device already has (a replayed list would un-revoke tokens).
 *
 * @category errors
 * @since 0.1.0
 */
export class StaleRevocationList extends Schema.TaggedError<StaleRevocationList>()("StaleRevocationList", {
  /** The version of the list that was offered. */
  version: Schema.Number,
  /** The lowest version accepted. */
  minVersion: Schema.Number
}) {
  override get message(): string {
    return (
      `Revocation list version ${this.version} is older than version ${this.minVersion}, which this device ` +
      "already has: keep the newer list and download again."
    )
  }
}

/**
 * Every error a code read from a person can produce.
 *
 * @category errors
 * @since 0.1.0
 */
export type CodeError =
  | InvalidCharacter
  | InvalidLength
  | NonCanonicalEncoding
  | InvalidCheckCharacter
  | InvalidPrefix

/**
 * Every error `verifyShort` can return.
 *
 * @category errors
 * @since 0.1.0
 */
export type ShortCodeError =
  | InvalidCharacter
  | InvalidLength
  | NonCanonicalEncoding
  | InvalidCheckCharacter
  | UnknownKey
  | InvalidSignature

/**
 * Every error `verifyToken` can return.
 *
 * @category errors
 * @since 0.1.0
 */
export type TokenError =
  | MalformedToken
  | UnknownKey
  | InvalidSignature
  | TokenNotYetValid
  | TokenExpired
  | TokenRevoked

/**
 * A code the ledger has never issued: a typo that passed no check, a code from another event, or a guess.
 *
 * @category errors
 * @since 0.1.0
 */
export class CodeNotFound extends Schema.TaggedError<CodeNotFound>()("CodeNotFound", {
  /** The code as given. */
  code: Schema.String
}) {
  override get message(): string {
    return `The code ${this.code} was never issued: check it was typed right and belongs to this event.`
  }
}

/**
 * `issue` was asked for a code the ledger already holds.
 *
 * @category errors
 * @since 0.1.0
 */
export class CodeAlreadyIssued extends Schema.TaggedError<CodeAlreadyIssued>()("CodeAlreadyIssued", {
  /** The code. */
  code: Schema.String
}) {
  override get message(): string {
    return `The code ${this.code} is already issued: generate a new code, or use status() to read the existing one.`
  }
}

/**
 * A code whose allowed uses are all taken: someone already got in with it.
 *
 * @category errors
 * @since 0.1.0
 */
export class CodeAlreadyRedeemed extends Schema.TaggedError<CodeAlreadyRedeemed>()("CodeAlreadyRedeemed", {
  /** The code. */
  code: Schema.String,
  /** How many times it may be used. */
  maxUses: Schema.Number,
  /** When and where it was last used (ms since the epoch, door id), if known. */
  lastUse: Schema.optional(Schema.Struct({ at: Schema.Number, doorId: Schema.String }))
}) {
  override get message(): string {
    const last =
      this.lastUse === undefined ? "" : ` (last at door ${this.lastUse.doorId}, ${whenMs(this.lastUse.at)})`
    return (
      `The code ${this.code} has been used ${this.maxUses} time${this.maxUses === 1 ? "" : "s"} already${last}: ` +
      "do not admit again; check the history if the holder disputes it."
    )
  }
}

/**
 * A ledger code redeemed after the expiry it was issued with (not `TokenExpired`, a QR token past its
 * `exp`).
 *
 * @category errors
 * @since 0.1.0
 */
export class CodeExpired extends Schema.TaggedError<CodeExpired>()("CodeExpired", {
  /** The code. */
  code: Schema.String,
  /** When it expired, in ms since the epoch. */
  expiresAt: Schema.Number
}) {
  override get message(): string {
    return `The code ${this.code} expired at ${whenMs(this.expiresAt)}: it cannot be redeemed any more.`
  }
}

/**
 * A code the organiser revoked in the ledger (not `TokenRevoked`, a QR token on a revocation list).
 *
 * @category errors
 * @since 0.1.0
 */
export class CodeRevoked extends Schema.TaggedError<CodeRevoked>()("CodeRevoked", {
  /** The code. */
  code: Schema.String,
  /** When it was revoked, in ms since the epoch. */
  revokedAt: Schema.Number
}) {
  override get message(): string {
    return (
      `The code ${this.code} was revoked at ${whenMs(this.revokedAt)}: do not admit it; ` +
      "send the holder to the box office."
    )
  }
}

/**
 * Too many codes that do not exist were tried from one door or client: guessing is slowed down.
 * Retrying after `retryAfterMs` helps.
 *
 * @category errors
 * @since 0.1.0
 */
export class RateLimited extends Schema.TaggedError<RateLimited>()("RateLimited", {
  /** The door or client that is limited. */
  client: Schema.String,
  /** Milliseconds until it may try again. */
  retryAfterMs: Schema.Number
}) {
  override get message(): string {
    return (
      `Too many unknown codes were tried from ${this.client}: wait ${Math.ceil(this.retryAfterMs / 1000)} s ` +
      "before the next attempt (valid codes at other doors are not affected)."
    )
  }

  /** Waiting and retrying can succeed. */
  get isRetryable(): boolean {
    return true
  }
}

const LEDGER_METHODS = ["issue", "redeem", "revoke", "status", "history", "sync"] as const

/**
 * A method of the ledger (`Ledger` and the promise ledger): what `InvalidLedgerInput` and
 * `LedgerDisposed` name.
 *
 * @category models
 * @since 0.1.0
 */
export type LedgerMethod = (typeof LEDGER_METHODS)[number]

/**
 * One problem found in an input: where it is (a dotted path such as "scans.1.at", "" for the whole
 * input) and the rule it broke, in words. The toolkit's shared shape.
 *
 * @category models
 * @since 0.1.0
 */
export type { InputIssue } from "@microdrop/kit"

/**
 * Input to the ledger that breaks its schema (e.g. an offline upload from a door with a missing field):
 * each issue names the field and the rule. Nothing was written.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidLedgerInput extends Schema.TaggedError<InvalidLedgerInput>()("InvalidLedgerInput", {
  /** The method that got it. */
  operation: Schema.Literals(LEDGER_METHODS),
  /** Every problem found (at least one), each a path to the field and the rule it broke. */
  issues: Schema.Array(Schema.Struct({ path: Schema.String, rule: Schema.String }))
}) {
  override get message(): string {
    return `Invalid input to ${this.operation}: ${formatIssues(this.issues)}. Fix the request; nothing was written.`
  }
}

/**
 * A ledger store: the two this package ships, or `"custom"` for a `LedgerStore` you implement.
 *
 * @category models
 * @since 0.1.0
 */
export type LedgerStoreName = "postgres" | "redis" | "custom"

const STORE_OPERATIONS = ["configure", "migrate", "issue", "redeem", "revoke", "status", "history"] as const

/**
 * What a ledger store was doing when it failed: checking its options (`configure`), creating its
 * schema (`migrate`, PostgreSQL) or one of the `LedgerStore` operations (`sync` runs `redeem` and
 * `history`).
 *
 * @category models
 * @since 0.1.0
 */
export type LedgerStoreOperation = (typeof STORE_OPERATIONS)[number]

/** Per store operation: whether retrying can succeed, and what to do. */
const STORE_ADVICE: Record<LedgerStoreOperation, { readonly retryable: boolean; readonly advice: string }> = {
  configure: { retryable: false, advice: "fix the store's options where you build it; retrying cannot help" },
  migrate: {
    retryable: true,
    advice:
      "check the connection and that the database user may create a schema, tables and a function, then start the store again"
  },
  issue: {
    retryable: true,
    advice: "retry the same request (a CodeAlreadyIssued on the retry means the first one was written)"
  },
  redeem: { retryable: true, advice: "retry with the same redemption id (it never takes a second use)" },
  revoke: { retryable: true, advice: "retry (revoking twice keeps the first revocation time)" },
  status: { retryable: true, advice: "retry the read" },
  history: { retryable: true, advice: "retry the read" }
}

/**
 * The ledger's store (PostgreSQL, Redis) failed or could not be reached. Nothing is known to have been
 * written; retrying the same request (same redemption id) is safe. `isRetryable` says whether
 * retrying can help: it is `false` only for `operation: "configure"` (a bad option).
 *
 * @category errors
 * @since 0.1.0
 */
export class LedgerUnavailable extends Schema.TaggedError<LedgerUnavailable>()("LedgerUnavailable", {
  /** The store that failed. */
  store: Schema.Literals(["postgres", "redis", "custom"]),
  /** What the store was doing. */
  operation: Schema.Literals(STORE_OPERATIONS),
  /** The underlying error (the driver's, or a timeout's text). */
  cause: Schema.Defect()
}) {
  override get message(): string {
    const { retryable, advice } = STORE_ADVICE[this.operation]
    const problem = `The ${this.store} ledger store failed during ${this.operation} (${describeCause(this.cause)})`
    return retryable
      ? `${problem}: ${advice}; if it persists, check the connection to ${this.store}.`
      : `${problem}: ${advice}.`
  }

  /** Retrying can succeed (from a table keyed by `operation`: every operation but `configure`). */
  get isRetryable(): boolean {
    return STORE_ADVICE[this.operation].retryable
  }
}

/**
 * A call on a promise ledger (`createLedger` from `@microdrop/codes/promise`) after its `dispose()`:
 * the store's connections are closed. Make a new ledger; dispose it only when the app shuts down.
 *
 * @category errors
 * @since 0.1.0
 */
export class LedgerDisposed extends Schema.TaggedError<LedgerDisposed>()("LedgerDisposed", {
  /** The method that was called. */
  operation: Schema.Literals(LEDGER_METHODS)
}) {
  override get message(): string {
    return (
      `The ledger was disposed before ${this.operation}: make a new one with createLedger, and dispose it ` +
      "only when the app shuts down."
    )
  }
}

/**
 * Every error `Ledger.redeem` can fail with.
 *
 * @category errors
 * @since 0.1.0
 */
export type RedeemError =
  | CodeNotFound
  | CodeAlreadyRedeemed
  | CodeExpired
  | CodeRevoked
  | RateLimited
  | InvalidLedgerInput
  | LedgerUnavailable
