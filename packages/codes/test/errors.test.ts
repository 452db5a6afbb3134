import { describe, expect, it } from "vitest"
import {
  CodeAlreadyIssued,
  CodeAlreadyRedeemed,
  CodeExpired,
  CodeNotFound,
  CodeRevoked,
  Expired,
  InvalidCharacter,
  InvalidCheckCharacter,
  InvalidCodeOptions,
  InvalidLedgerInput,
  InvalidLength,
  InvalidPrefix,
  InvalidSignature,
  LedgerDisposed,
  LedgerUnavailable,
  MalformedToken,
  NonCanonicalEncoding,
  NotYetValid,
  RateLimited,
  Revoked,
  StaleRevocationList,
  UnknownKey
} from "../src/index.ts"

describe("errors", () => {
  it("each error carries its tag, its name, its fields and a message a person can act on", () => {
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
        new NotYetValid({ notBefore: 86_400, now: 0 }),
        "NotYetValid",
        "This token is valid from 1970-01-02T00:00:00.000Z (it is now 1970-01-01T00:00:00.000Z): it is for a later session, or this device's clock is behind."
      ],
      [
        new Expired({ expiresAt: 0, now: 60 }),
        "Expired",
        "This token expired at 1970-01-01T00:00:00.000Z (it is now 1970-01-01T00:01:00.000Z): it was for an earlier session, or this device's clock is ahead."
      ],
      [
        new Revoked({ tokenId: "T1", listVersion: 4 }),
        "Revoked",
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
        new InvalidLedgerInput({ operation: "sync", issue: "at is missing" }),
        "InvalidLedgerInput",
        "Invalid input to sync: at is missing. Fix the request; nothing was written."
      ],
      [
        new LedgerUnavailable({ store: "redis", cause: new Error("ECONNREFUSED") }),
        "LedgerUnavailable",
        "The redis ledger store failed (ECONNREFUSED): retry with the same redemption id; if it persists, check the database connection."
      ],
      [
        new LedgerDisposed({ operation: "redeem" }),
        "LedgerDisposed",
        "The ledger was disposed before redeem: make a new one with createLedger, and dispose it only when the app shuts down."
      ]
    ] as const
    expect(new RateLimited({ client: "g", retryAfterMs: 1 }).isRetryable).toBe(true)
    expect(new LedgerUnavailable({ store: "postgres", cause: "x" }).isRetryable).toBe(true)
    for (const [error, tag, message] of cases) {
      expect(error._tag).toBe(tag)
      expect(error.name).toBe(tag)
      expect(error.message).toBe(message)
      expect(error).toBeInstanceOf(Error)
    }
  })
})
