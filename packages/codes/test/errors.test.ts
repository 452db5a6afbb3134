import { Effect } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as codes from "../src/index.ts"
import {
  CodeAlreadyIssued,
  CodeAlreadyRedeemed,
  CodeExpired,
  CodeNotFound,
  CodeRevoked,
  InvalidCharacter,
  InvalidCheckCharacter,
  InvalidCodeOptions,
  InvalidKeyText,
  InvalidLedgerInput,
  InvalidLength,
  InvalidPrefix,
  InvalidSignature,
  LedgerDisposed,
  type LedgerStoreOperation,
  LedgerUnavailable,
  MalformedToken,
  NonCanonicalEncoding,
  RateLimited,
  StaleRevocationList,
  TokenExpired,
  TokenNotYetValid,
  TokenRevoked,
  UnknownKey
} from "../src/index.ts"

/** Every error of the package, one instance each, with its tag and its whole message. */
const cases = [
  [
    new InvalidCharacter({ index: 2, character: "U" }),
    "InvalidCharacter",
    "Character 'U' at position 3 is not a code character (U is left out of the alphabet on purpose): use 0-9 and A-Z except I, L, O, U. Ask the person to re-read that character."
  ],
  [
    new InvalidLength({ length: 1, expected: "exactly 9 characters" }),
    "InvalidLength",
    "The code has 1 character but must have exactly 9 characters: check that nothing was left out or typed twice."
  ],
  [
    new NonCanonicalEncoding({ index: 3 }),
    "NonCanonicalEncoding",
    "The last character (position 4) has padding bits set, so this is not a Base32 string produced by an encoder; check the last character."
  ],
  [
    new InvalidCheckCharacter({ code: "ABCDZ" }),
    "InvalidCheckCharacter",
    "The code ABCDZ fails its check character: a character is mistyped or two neighbouring characters are swapped. Ask the person to read it again."
  ],
  [
    new InvalidPrefix({ expected: "MD", code: "XXAB" }),
    "InvalidPrefix",
    "The code XXAB does not start with MD: it belongs to another batch or event, or its first characters were mistyped."
  ],
  [
    new InvalidCodeOptions({ option: "length", rule: "must be positive" }),
    "InvalidCodeOptions",
    'Invalid option "length": must be positive.'
  ],
  [
    new InvalidKeyText({ rule: "key id 300 is above 255" }),
    "InvalidKeyText",
    "This is not a token public key: key id 300 is above 255. Copy the key again as printed by formatTokenPublicKey ('<key id 0-255>:<32 bytes as base64url or 64 hex digits>')."
  ],
  [
    new UnknownKey({ keyId: 3, known: [] }),
    "UnknownKey",
    "The code was signed with key 3, which this device does not have (it has no keys): load the current keys, or the code belongs to another event."
  ],
  [
    new InvalidSignature({ subject: "token", keyId: 1 }),
    "InvalidSignature",
    "The token's signature does not match its content (key 1): it was altered or forged. Do not admit it; ask for another proof of purchase."
  ],
  [
    new MalformedToken({ reason: "it is not base64url text" }),
    "MalformedToken",
    "This is not a valid token: it is not base64url text. Scan it again; if it keeps failing, it was not issued by us."
  ],
  [
    new TokenNotYetValid({ notBefore: 86_400, now: 0 }),
    "TokenNotYetValid",
    "This token is valid from 1970-01-02T00:00:00.000Z (it is now 1970-01-01T00:00:00.000Z): it is for a later session, or this device's clock is behind."
  ],
  [
    new TokenExpired({ expiresAt: 0, now: 60 }),
    "TokenExpired",
    "This token expired at 1970-01-01T00:00:00.000Z (it is now 1970-01-01T00:01:00.000Z): it was for an earlier session, or this device's clock is ahead."
  ],
  [
    new TokenRevoked({ tokenId: "T1", listVersion: 4 }),
    "TokenRevoked",
    "Token T1 was revoked (revocation list version 4): do not admit it; send the holder to the box office."
  ],
  [
    new StaleRevocationList({ version: 2, minVersion: 3 }),
    "StaleRevocationList",
    "Revocation list version 2 is older than version 3, which this device already has: keep the newer list and download again."
  ],
  [
    new CodeNotFound({ code: "T9" }),
    "CodeNotFound",
    "The code T9 was never issued: check it was typed right and belongs to this event."
  ],
  [
    new CodeAlreadyIssued({ code: "T9" }),
    "CodeAlreadyIssued",
    "The code T9 is already issued: generate a new code, or use status() to read the existing one."
  ],
  [
    new CodeAlreadyRedeemed({ code: "T9", maxUses: 1, lastUse: { at: 0, doorId: "north" } }),
    "CodeAlreadyRedeemed",
    "The code T9 has been used 1 time already (last at door north, 1970-01-01T00:00:00.000Z): do not admit again; check the history if the holder disputes it."
  ],
  [
    new CodeExpired({ code: "T9", expiresAt: 0 }),
    "CodeExpired",
    "The code T9 expired at 1970-01-01T00:00:00.000Z: it cannot be redeemed any more."
  ],
  [
    new CodeRevoked({ code: "T9", revokedAt: 0 }),
    "CodeRevoked",
    "The code T9 was revoked at 1970-01-01T00:00:00.000Z: do not admit it; send the holder to the box office."
  ],
  [
    new RateLimited({ client: "gate", retryAfterMs: 1500 }),
    "RateLimited",
    "Too many unknown codes were tried from gate: wait 2 s before the next attempt (valid codes at other doors are not affected)."
  ],
  [
    new InvalidLedgerInput({
      operation: "sync",
      issues: [
        { path: "scans.0.at", rule: "is required" },
        { path: "scans.1.code", rule: "Expected string, got 7" }
      ]
    }),
    "InvalidLedgerInput",
    "Invalid input to sync: scans.0.at: is required; scans.1.code: Expected string, got 7. Fix the request; nothing was written."
  ],
  [
    new LedgerUnavailable({ store: "redis", operation: "redeem", cause: new Error("ECONNREFUSED") }),
    "LedgerUnavailable",
    "The redis ledger store failed during redeem (ECONNREFUSED): retry with the same redemption id (it never takes a second use); if it persists, check the connection to redis."
  ],
  [
    new LedgerDisposed({ operation: "redeem" }),
    "LedgerDisposed",
    "The ledger was disposed before redeem: make a new one with createLedger, and dispose it only when the app shuts down."
  ]
] as const

/** Every error class the package exports (a class whose instances are tagged errors). */
const exportedErrorClasses: ReadonlyArray<readonly [string, new (...args: never) => Error]> = Object.entries(
  codes as Record<string, unknown>
).flatMap(([name, value]) =>
  typeof value === "function" && value.prototype instanceof Error
    ? [[name, value as new (...args: never) => Error] as const]
    : []
)

describe("errors", () => {
  it("each error carries its tag, its name, its fields and a message built from them", () => {
    for (const [error, tag, message] of cases) {
      expect(error._tag).toBe(tag)
      expect(error.name).toBe(tag)
      expect(error.message).toBe(message)
      expect(error).toBeInstanceOf(Error)
      expect(String(error)).toBe(`${tag}: ${message}`)
      expect(error.stack).toContain(message)
    }
  })

  it("the table above covers every exported error class, each with its own tag named like the class", () => {
    const tags = cases.map(([, tag]) => tag)
    expect(new Set(tags).size).toBe(tags.length)
    expect(exportedErrorClasses.map(([name]) => name).sort()).toEqual([...tags].sort())
    const classes = new Map(exportedErrorClasses)
    for (const [error, tag] of cases)
      expect(error).toBeInstanceOf(classes.get(tag) as new (...args: never) => Error)
  })

  it("names a token's expiry, revocation and window TokenExpired, TokenRevoked, TokenNotYetValid; a ledger code's Code…", () => {
    const exported = new Set(Object.keys(codes))
    for (const gone of ["Expired", "Revoked", "NotYetValid"]) expect(exported.has(gone)).toBe(false)
    for (const [, tag] of cases) expect(tag).not.toMatch(/^(Expired|Revoked|NotYetValid)$/)
  })

  it("can be matched with Effect.catchTag, and keeps its fields through the failure channel", () => {
    const caught = Effect.runSync(
      Effect.fail(new TokenExpired({ expiresAt: 10, now: 20 })).pipe(
        Effect.catchTag("TokenExpired", (e) => Effect.succeed(`${e._tag} ${e.expiresAt} ${e.now}`))
      )
    )
    expect(caught).toBe("TokenExpired 10 20")
  })

  it("LedgerUnavailable hands the driver's error to the user as `cause`", () => {
    const driver = new Error("ECONNRESET")
    const e = new LedgerUnavailable({ store: "postgres", operation: "status", cause: driver })
    expect(e.cause).toBe(driver)
    expect(e.message).toContain("(ECONNRESET)")
    const text = new LedgerUnavailable({
      store: "redis",
      operation: "history",
      cause: "no answer within 5 ms"
    })
    expect(text.cause).toBe("no answer within 5 ms")
    expect(text.message).toContain("(no answer within 5 ms)")
  })

  it("LedgerUnavailable's retry advice comes from its operation: every store call is retryable, a bad option is not", () => {
    const expected: Record<LedgerStoreOperation, boolean> = {
      configure: false,
      migrate: true,
      issue: true,
      redeem: true,
      revoke: true,
      status: true,
      history: true
    }
    for (const [operation, retryable] of Object.entries(expected) as Array<[LedgerStoreOperation, boolean]>) {
      const e = new LedgerUnavailable({ store: "postgres", operation, cause: new Error("x") })
      expect(e.isRetryable, operation).toBe(retryable)
      expect(e.message).toContain(`during ${operation} (x)`)
      expect(e.message.includes("retrying cannot help"), operation).toBe(!retryable)
    }
    expect(new LedgerUnavailable({ store: "redis", operation: "redeem", cause: "x" }).message).toContain(
      "the same redemption id"
    )
    expect(new RateLimited({ client: "g", retryAfterMs: 1 }).isRetryable).toBe(true)
  })

  it("a message never throws, whatever the numbers and causes (a time a Date cannot hold is shown as a number)", () => {
    const anyNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(8.64e15 + 1, -1e300, Number.NaN))
    fc.assert(
      fc.property(anyNumber, anyNumber, fc.string(), (a, b, text) => {
        for (const e of [
          new TokenExpired({ expiresAt: a, now: b }),
          new TokenNotYetValid({ notBefore: a, now: b }),
          new CodeExpired({ code: text, expiresAt: a }),
          new CodeRevoked({ code: text, revokedAt: a }),
          new CodeAlreadyRedeemed({ code: text, maxUses: b, lastUse: { at: a, doorId: text } }),
          new RateLimited({ client: text, retryAfterMs: a })
        ]) {
          expect(typeof e.message).toBe("string")
          expect(e.message.length).toBeGreaterThan(0)
        }
      })
    )
    expect(new CodeExpired({ code: "T", expiresAt: 9e15 }).message).toContain(
      "9000000000000000 ms since the epoch"
    )
    expect(new TokenExpired({ expiresAt: 1e13, now: 0 }).message).toContain(
      "10000000000000 s since the epoch"
    )
    const unprintable = new LedgerUnavailable({
      store: "custom",
      operation: "issue",
      cause: Object.create(null)
    })
    expect(unprintable.message).toContain("a value that cannot be shown as text")
  })

  it("each message names the fields it was built from", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{1,12}$/), fc.nat(1_000_000), (code, n) => {
        expect(new CodeNotFound({ code }).message).toContain(code)
        expect(new CodeAlreadyIssued({ code }).message).toContain(code)
        expect(new InvalidCheckCharacter({ code }).message).toContain(code)
        expect(new UnknownKey({ keyId: n, known: [n + 1] }).message).toContain(`key ${n},`)
        expect(new StaleRevocationList({ version: n, minVersion: n + 1 }).message).toContain(`version ${n} `)
        expect(new TokenRevoked({ tokenId: code, listVersion: n }).message).toContain(`Token ${code} `)
        expect(new InvalidLength({ length: n, expected: "x" }).message).toContain(`has ${n} character`)
      })
    )
  })
})
