/**
 * The tagged errors of `@microdrop/codes`: each names what was wrong and what a person can do.
 *
 * Every error is an `Error` (so stack traces and `instanceof` work) with a literal `_tag`, so it can
 * be matched with `switch (e._tag)` or Effect's `catchTag` without importing Effect.
 *
 * @since 0.1.0
 */

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
export class InvalidCharacter extends Error {
  /** Discriminant for matching. */
  readonly _tag = "InvalidCharacter" as const
  /** 0-based index of the character in the text as it was given (before normalizing). */
  readonly index: number
  /** The offending character, as given. */
  readonly character: string

  constructor(fields: { readonly index: number; readonly character: string }) {
    const hint = fields.character.toUpperCase() === "U" ? " (U is left out of the alphabet on purpose)" : ""
    super(
      `Character ${describeCharacter(fields.character)} at position ${fields.index + 1} is not a code character${hint}: ` +
        "use 0-9 and A-Z except I, L, O, U. Ask the person to re-read that character."
    )
    this.name = "InvalidCharacter"
    this.index = fields.index
    this.character = fields.character
  }
}

/**
 * A text whose length cannot be what was expected: an empty code, a code of the wrong length, or a
 * Base32 string whose length no byte string encodes to.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidLength extends Error {
  /** Discriminant for matching. */
  readonly _tag = "InvalidLength" as const
  /** Number of code characters found (after normalizing). */
  readonly length: number
  /** The rule the length broke, in words (e.g. "exactly 9 characters"). */
  readonly expected: string

  constructor(fields: { readonly length: number; readonly expected: string }) {
    super(
      `The code has ${fields.length} character${fields.length === 1 ? "" : "s"} but must have ${fields.expected}: ` +
        "check that nothing was left out or typed twice."
    )
    this.name = "InvalidLength"
    this.length = fields.length
    this.expected = fields.expected
  }
}

/**
 * A Base32 string whose unused trailing bits are not zero, so it is not the canonical encoding of any
 * byte string (decoding it would silently lose information).
 *
 * @category errors
 * @since 0.1.0
 */
export class NonCanonicalEncoding extends Error {
  /** Discriminant for matching. */
  readonly _tag = "NonCanonicalEncoding" as const
  /** 0-based index (in the normalized text) of the last character, which carries the stray bits. */
  readonly index: number

  constructor(fields: { readonly index: number }) {
    super(
      `The last character (position ${fields.index + 1}) has padding bits set, so this is not a Base32 string ` +
        "produced by an encoder; check the last character."
    )
    this.name = "NonCanonicalEncoding"
    this.index = fields.index
  }
}

/**
 * A code whose check character does not match the rest: some character was mistyped or two
 * neighbouring characters were swapped.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidCheckCharacter extends Error {
  /** Discriminant for matching. */
  readonly _tag = "InvalidCheckCharacter" as const
  /** The code as normalized (canonical characters, no separators). */
  readonly code: string

  constructor(fields: { readonly code: string }) {
    super(
      `The code ${fields.code} fails its check character: a character is mistyped or two neighbouring ` +
        "characters are swapped. Ask the person to read it again."
    )
    this.name = "InvalidCheckCharacter"
    this.code = fields.code
  }
}

/**
 * A code that does not start with the prefix this batch of codes uses.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidPrefix extends Error {
  /** Discriminant for matching. */
  readonly _tag = "InvalidPrefix" as const
  /** The prefix the code must start with (canonical form). */
  readonly expected: string
  /** The normalized code that was given. */
  readonly code: string

  constructor(fields: { readonly expected: string; readonly code: string }) {
    super(
      `The code ${fields.code} does not start with ${fields.expected}: it belongs to another batch or event, ` +
        "or its first characters were mistyped."
    )
    this.name = "InvalidPrefix"
    this.expected = fields.expected
    this.code = fields.code
  }
}

/**
 * Options passed by the program that cannot work (a length of 0, a prefix outside the alphabet,
 * more unique codes than the length allows). This is a bug in the caller, so it is thrown.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidCodeOptions extends Error {
  /** Discriminant for matching. */
  readonly _tag = "InvalidCodeOptions" as const
  /** The option that is wrong (e.g. "length"). */
  readonly option: string
  /** The rule it broke, in words. */
  readonly rule: string

  constructor(fields: { readonly option: string; readonly rule: string }) {
    super(`Invalid option "${fields.option}": ${fields.rule}.`)
    this.name = "InvalidCodeOptions"
    this.option = fields.option
    this.rule = fields.rule
  }
}

/**
 * A public key written as text (config file, environment variable, door-device setup) that is not
 * `<key id>:<32 raw bytes as base64url or hex>`.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidKeyText extends Error {
  /** Discriminant for matching. */
  readonly _tag = "InvalidKeyText" as const
  /** The rule the text broke, in words. */
  readonly rule: string

  constructor(fields: { readonly rule: string }) {
    super(
      `This is not a token public key: ${fields.rule}. Copy the key again as printed by formatTokenPublicKey ` +
        "('<key id 0-255>:<32 bytes as base64url or 64 hex digits>')."
    )
    this.name = "InvalidKeyText"
    this.rule = fields.rule
  }
}

/**
 * A signed code or token names a key id that none of the given keys has: the key was retired, the
 * code comes from another event, or the door was loaded with the wrong keys.
 *
 * @category errors
 * @since 0.1.0
 */
export class UnknownKey extends Error {
  /** Discriminant for matching. */
  readonly _tag = "UnknownKey" as const
  /** The key id the code or token names. */
  readonly keyId: number
  /** The key ids that were available. */
  readonly known: ReadonlyArray<number>

  constructor(fields: { readonly keyId: number; readonly known: ReadonlyArray<number> }) {
    super(
      `The code was signed with key ${fields.keyId}, which this device does not have (it has ${
        fields.known.length === 0 ? "no keys" : `keys ${fields.known.join(", ")}`
      }): load the current keys, or the code belongs to another event.`
    )
    this.name = "UnknownKey"
    this.keyId = fields.keyId
    this.known = fields.known
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
export class InvalidSignature extends Error {
  /** Discriminant for matching. */
  readonly _tag = "InvalidSignature" as const
  /** What was checked: `"short code"`, `"token"` or `"revocation list"`. */
  readonly subject: string
  /** The key id the signature was checked against. */
  readonly keyId: number

  constructor(fields: { readonly subject: string; readonly keyId: number }) {
    super(
      `The ${fields.subject}'s signature does not match its content (key ${fields.keyId}): it was altered or ` +
        "forged. Do not admit it; ask for another proof of purchase."
    )
    this.name = "InvalidSignature"
    this.subject = fields.subject
    this.keyId = fields.keyId
  }
}

/**
 * A token or revocation list that is not well formed: not base64url, too short, an unknown version,
 * or claims that do not decode.
 *
 * @category errors
 * @since 0.1.0
 */
export class MalformedToken extends Error {
  /** Discriminant for matching. */
  readonly _tag = "MalformedToken" as const
  /** What is wrong, in words. */
  readonly reason: string

  constructor(fields: { readonly reason: string }) {
    super(
      `This is not a valid token: ${fields.reason}. Scan it again; if it keeps failing, it was not issued by us.`
    )
    this.name = "MalformedToken"
    this.reason = fields.reason
  }
}

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString()

/**
 * A token used before its not-before time (a pass for a later day or session).
 *
 * @category errors
 * @since 0.1.0
 */
export class NotYetValid extends Error {
  /** Discriminant for matching. */
  readonly _tag = "NotYetValid" as const
  /** The token's not-before time, in seconds since the Unix epoch. */
  readonly notBefore: number
  /** The verifier's time, in seconds since the Unix epoch. */
  readonly now: number

  constructor(fields: { readonly notBefore: number; readonly now: number }) {
    super(
      `This token is valid from ${iso(fields.notBefore)} (it is now ${iso(fields.now)}): ` +
        "it is for a later session, or this device's clock is behind."
    )
    this.name = "NotYetValid"
    this.notBefore = fields.notBefore
    this.now = fields.now
  }
}

/**
 * A token used after its expiry time.
 *
 * @category errors
 * @since 0.1.0
 */
export class Expired extends Error {
  /** Discriminant for matching. */
  readonly _tag = "Expired" as const
  /** The token's expiry time, in seconds since the Unix epoch. */
  readonly expiresAt: number
  /** The verifier's time, in seconds since the Unix epoch. */
  readonly now: number

  constructor(fields: { readonly expiresAt: number; readonly now: number }) {
    super(
      `This token expired at ${iso(fields.expiresAt)} (it is now ${iso(fields.now)}): ` +
        "it was for an earlier session, or this device's clock is ahead."
    )
    this.name = "Expired"
    this.expiresAt = fields.expiresAt
    this.now = fields.now
  }
}

/**
 * A genuine token that the organiser has revoked (refunded, reissued or reported lost).
 *
 * @category errors
 * @since 0.1.0
 */
export class Revoked extends Error {
  /** Discriminant for matching. */
  readonly _tag = "Revoked" as const
  /** The revoked token's id. */
  readonly tokenId: string
  /** The version of the revocation list that revoked it. */
  readonly listVersion: number

  constructor(fields: { readonly tokenId: string; readonly listVersion: number }) {
    super(
      `Token ${fields.tokenId} was revoked (revocation list version ${fields.listVersion}): ` +
        "do not admit it; send the holder to the box office."
    )
    this.name = "Revoked"
    this.tokenId = fields.tokenId
    this.listVersion = fields.listVersion
  }
}

/**
 * A revocation list older than the one the device already has (a replayed list would un-revoke tokens).
 *
 * @category errors
 * @since 0.1.0
 */
export class StaleRevocationList extends Error {
  /** Discriminant for matching. */
  readonly _tag = "StaleRevocationList" as const
  /** The version of the list that was offered. */
  readonly version: number
  /** The lowest version accepted. */
  readonly minVersion: number

  constructor(fields: { readonly version: number; readonly minVersion: number }) {
    super(
      `Revocation list version ${fields.version} is older than version ${fields.minVersion}, which this device ` +
        "already has: keep the newer list and download again."
    )
    this.name = "StaleRevocationList"
    this.version = fields.version
    this.minVersion = fields.minVersion
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
export type TokenError = MalformedToken | UnknownKey | InvalidSignature | NotYetValid | Expired | Revoked

/**
 * A code the ledger has never issued: a typo that passed no check, a code from another event, or a guess.
 *
 * @category errors
 * @since 0.1.0
 */
export class CodeNotFound extends Error {
  /** Discriminant for matching. */
  readonly _tag = "CodeNotFound" as const
  /** The code as given. */
  readonly code: string

  constructor(fields: { readonly code: string }) {
    super(`The code ${fields.code} was never issued: check it was typed right and belongs to this event.`)
    this.name = "CodeNotFound"
    this.code = fields.code
  }
}

/**
 * `issue` was asked for a code the ledger already holds.
 *
 * @category errors
 * @since 0.1.0
 */
export class CodeAlreadyIssued extends Error {
  /** Discriminant for matching. */
  readonly _tag = "CodeAlreadyIssued" as const
  /** The code. */
  readonly code: string

  constructor(fields: { readonly code: string }) {
    super(
      `The code ${fields.code} is already issued: generate a new code, or use status() to read the existing one.`
    )
    this.name = "CodeAlreadyIssued"
    this.code = fields.code
  }
}

/**
 * A code whose allowed uses are all taken: someone already got in with it.
 *
 * @category errors
 * @since 0.1.0
 */
export class CodeAlreadyRedeemed extends Error {
  /** Discriminant for matching. */
  readonly _tag = "CodeAlreadyRedeemed" as const
  /** The code. */
  readonly code: string
  /** How many times it may be used. */
  readonly maxUses: number
  /** When and where it was last used (ms since the epoch, door id), if known. */
  readonly lastUse: { readonly at: number; readonly doorId: string } | undefined

  constructor(fields: {
    readonly code: string
    readonly maxUses: number
    readonly lastUse?: { readonly at: number; readonly doorId: string } | undefined
  }) {
    const last =
      fields.lastUse === undefined
        ? ""
        : ` (last at door ${fields.lastUse.doorId}, ${new Date(fields.lastUse.at).toISOString()})`
    super(
      `The code ${fields.code} has been used ${fields.maxUses} time${fields.maxUses === 1 ? "" : "s"} already${last}: ` +
        "do not admit again; check the history if the holder disputes it."
    )
    this.name = "CodeAlreadyRedeemed"
    this.code = fields.code
    this.maxUses = fields.maxUses
    this.lastUse = fields.lastUse
  }
}

/**
 * A code redeemed after the expiry it was issued with.
 *
 * @category errors
 * @since 0.1.0
 */
export class CodeExpired extends Error {
  /** Discriminant for matching. */
  readonly _tag = "CodeExpired" as const
  /** The code. */
  readonly code: string
  /** When it expired, in ms since the epoch. */
  readonly expiresAt: number

  constructor(fields: { readonly code: string; readonly expiresAt: number }) {
    super(
      `The code ${fields.code} expired at ${new Date(fields.expiresAt).toISOString()}: it cannot be redeemed any more.`
    )
    this.name = "CodeExpired"
    this.code = fields.code
    this.expiresAt = fields.expiresAt
  }
}

/**
 * A code the organiser revoked in the ledger.
 *
 * @category errors
 * @since 0.1.0
 */
export class CodeRevoked extends Error {
  /** Discriminant for matching. */
  readonly _tag = "CodeRevoked" as const
  /** The code. */
  readonly code: string
  /** When it was revoked, in ms since the epoch. */
  readonly revokedAt: number

  constructor(fields: { readonly code: string; readonly revokedAt: number }) {
    super(
      `The code ${fields.code} was revoked at ${new Date(fields.revokedAt).toISOString()}: do not admit it; ` +
        "send the holder to the box office."
    )
    this.name = "CodeRevoked"
    this.code = fields.code
    this.revokedAt = fields.revokedAt
  }
}

/**
 * Too many codes that do not exist were tried from one door or client: guessing is slowed down.
 * Retrying after `retryAfterMs` helps.
 *
 * @category errors
 * @since 0.1.0
 */
export class RateLimited extends Error {
  /** Discriminant for matching. */
  readonly _tag = "RateLimited" as const
  /** The door or client that is limited. */
  readonly client: string
  /** Milliseconds until it may try again. */
  readonly retryAfterMs: number

  constructor(fields: { readonly client: string; readonly retryAfterMs: number }) {
    super(
      `Too many unknown codes were tried from ${fields.client}: wait ${Math.ceil(fields.retryAfterMs / 1000)} s ` +
        "before the next attempt (valid codes at other doors are not affected)."
    )
    this.name = "RateLimited"
    this.client = fields.client
    this.retryAfterMs = fields.retryAfterMs
  }

  /** Waiting and retrying can succeed. */
  get isRetryable(): boolean {
    return true
  }
}

/**
 * Input to the ledger that breaks its schema (e.g. an offline upload from a door with a missing field).
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidLedgerInput extends Error {
  /** Discriminant for matching. */
  readonly _tag = "InvalidLedgerInput" as const
  /** The operation that got it (`"issue"`, `"redeem"`, `"sync"`). */
  readonly operation: string
  /** What is wrong, naming the field and the rule. */
  readonly issue: string

  constructor(fields: { readonly operation: string; readonly issue: string }) {
    super(`Invalid input to ${fields.operation}: ${fields.issue}. Fix the request; nothing was written.`)
    this.name = "InvalidLedgerInput"
    this.operation = fields.operation
    this.issue = fields.issue
  }
}

/**
 * The ledger's store (PostgreSQL, Redis) failed or could not be reached. Nothing is known to have been
 * written; retrying the same request (same redemption id) is safe.
 *
 * @category errors
 * @since 0.1.0
 */
export class LedgerUnavailable extends Error {
  /** Discriminant for matching. */
  readonly _tag = "LedgerUnavailable" as const
  /** The store that failed (`"postgres"`, `"redis"`). */
  readonly store: string
  /** The underlying error. */
  override readonly cause: unknown

  constructor(fields: { readonly store: string; readonly cause: unknown }) {
    super(
      `The ${fields.store} ledger store failed (${fields.cause instanceof Error ? fields.cause.message : String(fields.cause)}): ` +
        "retry with the same redemption id; if it persists, check the database connection."
    )
    this.name = "LedgerUnavailable"
    this.store = fields.store
    this.cause = fields.cause
  }

  /** Retrying with the same redemption id is safe and may succeed. */
  get isRetryable(): boolean {
    return true
  }
}

/**
 * A call on a promise ledger (`createLedger` from `@microdrop/codes/promise`) after its `dispose()`:
 * the store's connections are closed. Make a new ledger; dispose it only when the app shuts down.
 *
 * @category errors
 * @since 0.1.0
 */
export class LedgerDisposed extends Error {
  /** Discriminant for matching. */
  readonly _tag = "LedgerDisposed" as const
  /** The method that was called (`"redeem"`, `"status"` …). */
  readonly operation: string

  constructor(fields: { readonly operation: string }) {
    super(
      `The ledger was disposed before ${fields.operation}: make a new one with createLedger, and dispose it ` +
        "only when the app shuts down."
    )
    this.name = "LedgerDisposed"
    this.operation = fields.operation
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
