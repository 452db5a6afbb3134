import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  generateTokenKeyPair,
  openRevocationList,
  signRevocationList,
  signToken,
  type TokenClaims,
  verifyToken
} from "../src/index.ts"
import { typicalClaims } from "./fixtures/claims.ts"

const seed = (n: number) => new Uint8Array(32).fill(n)
const { privateKey, publicKey } = generateTokenKeyPair(1, seed(1))
const other = generateTokenKeyPair(2, seed(2))
const claims: TokenClaims = typicalClaims
const during = 1_800_000_100_000
const token = signToken(claims, privateKey)

describe("verifyToken", () => {
  it("returns the key id and typed claims of a genuine token inside its window", () => {
    expect(verifyToken(token, [other.publicKey, publicKey], { now: during })).toEqual({
      ok: true,
      value: { keyId: 1, claims }
    })
  })

  it("carries the optional holder", () => {
    const withHolder = signToken({ ...claims, holder: "Order 1234 · Zoë" }, privateKey)
    const r = verifyToken(withHolder, publicKey, { now: during })
    expect(r.ok && r.value.claims.holder).toBe("Order 1234 · Zoë")
  })

  it("fails with TokenNotYetValid before nbf and TokenExpired from exp on, forgiving the leeway", () => {
    const early = verifyToken(token, publicKey, { now: (claims.nbf - 1) * 1000 })
    expect(early.ok || early.error).toMatchObject({
      _tag: "TokenNotYetValid",
      notBefore: claims.nbf,
      now: claims.nbf - 1
    })
    expect(early.ok || early.error.message).toMatch(/valid from 2027-01-15T08:00:00.000Z/)
    expect(verifyToken(token, publicKey, { now: (claims.nbf - 1) * 1000, leeway: 5 }).ok).toBe(true)
    const late = verifyToken(token, publicKey, { now: claims.exp * 1000 })
    expect(late.ok || late.error).toMatchObject({ _tag: "TokenExpired", expiresAt: claims.exp })
    expect(late.ok || late.error.message).toMatch(/expired at/)
    expect(verifyToken(token, publicKey, { now: claims.exp * 1000 - 1 }).ok).toBe(true)
  })

  it("fails with UnknownKey when the door does not hold the signing key", () => {
    const r = verifyToken(token, [other.publicKey], { now: during })
    expect(r.ok || r.error).toMatchObject({ _tag: "UnknownKey", keyId: 1, known: [2] })
  })

  it("fails with InvalidSignature for a token signed by another key under the same id", () => {
    const forged = signToken(claims, { type: "private", id: 1, key: other.privateKey.key })
    const r = verifyToken(forged, publicKey, { now: during })
    expect(r.ok || r.error).toMatchObject({ _tag: "InvalidSignature", subject: "token", keyId: 1 })
  })

  it("fails with MalformedToken for text that is not a token", () => {
    for (const text of [
      "",
      "hello",
      `${token}=`,
      `${token.slice(0, -1)}*`,
      token.slice(0, 100),
      `A${token}`
    ]) {
      const r = verifyToken(text, publicKey, { now: during })
      expect(r.ok || r.error._tag, text).toBe("MalformedToken")
    }
    const r = verifyToken("x".repeat(120), publicKey, { now: during })
    expect(r.ok || r.error.message).toMatch(/^This is not a valid token: /)
  })

  it("fails with TokenRevoked when the door's revocation list names the token", () => {
    const list = openRevocationList(
      signRevocationList({ version: 2, issuedAt: 1_800_000_000, tokenIds: ["T0000042"] }, privateKey),
      [publicKey]
    )
    if (!list.ok) throw list.error
    const r = verifyToken(token, publicKey, { now: during, revocations: list.value })
    expect(r.ok || r.error).toMatchObject({ _tag: "TokenRevoked", tokenId: "T0000042", listVersion: 2 })
    expect(r.ok || r.error.message).toMatch(/send the holder to the box office/)
  })
})

/** Any well-formed Unicode of 1 to `max` UTF-8 bytes (ASCII, any code point, and whole graphemes). */
const text = (max: number) =>
  fc
    .oneof(
      fc.string({ minLength: 1, maxLength: max }),
      fc.string({ unit: "binary", minLength: 1, maxLength: max }),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 })
    )
    .filter((s) => Buffer.byteLength(s) <= max && Buffer.from(s, "utf8").toString("utf8") === s)
const arbitraryClaims: fc.Arbitrary<TokenClaims> = fc
  .record({
    id: text(64),
    event: text(64),
    kind: text(32),
    nbf: fc.integer({ min: 0, max: 0xffff_fffe }),
    span: fc.integer({ min: 1, max: 1_000_000 }),
    holder: fc.option(text(64), { nil: undefined })
  })
  .map(({ span, holder, ...c }) => ({
    ...c,
    exp: Math.min(c.nbf + span, 0xffff_ffff),
    ...(holder === undefined ? {} : { holder })
  }))

describe("key kinds", () => {
  it("refuses to sign with the public key (InvalidCodeOptions naming privateKey.type)", () => {
    expect(() => signToken(claims, publicKey as never)).toThrowError(
      expect.objectContaining({ _tag: "InvalidCodeOptions", option: "privateKey.type" })
    )
    expect(() =>
      signRevocationList({ version: 1, issuedAt: 0, tokenIds: [] }, publicKey as never)
    ).toThrowError(expect.objectContaining({ _tag: "InvalidCodeOptions", option: "privateKey.type" }))
  })

  it("refuses a private key among a door's keys (InvalidCodeOptions naming publicKeys.type)", () => {
    expect(() => verifyToken(token, [publicKey, privateKey as never], { now: during })).toThrowError(
      expect.objectContaining({ _tag: "InvalidCodeOptions", option: "publicKeys.type" })
    )
  })

  it("still verifies valid tokens after the public key was used to sign (no poisoned cache)", () => {
    expect(() => signToken(claims, publicKey as never)).toThrow()
    expect(verifyToken(token, [publicKey], { now: during }).ok).toBe(true)
    // the same entry object relabelled as a private key (a JS caller) does not change it either
    expect(() => signToken(claims, { ...publicKey, type: "private" })).not.toThrow()
    expect(verifyToken(token, [publicKey], { now: during }).ok).toBe(true)
  })
})

describe("properties", () => {
  it("no sequence of misused or failed calls changes what verifyToken answers for valid tokens", () => {
    const misuse: ReadonlyArray<() => unknown> = [
      () => signToken(claims, publicKey as never),
      () => signToken(claims, { ...publicKey, type: "private" }),
      () => verifyToken(token, [privateKey as never], { now: during }),
      () => verifyToken(token, [publicKey], { now: Number.NaN }),
      () => verifyToken(token, [{ id: 1, key: new Uint8Array(31) }], { now: during }),
      () => signRevocationList({ version: 1, issuedAt: 0, tokenIds: [] }, publicKey as never),
      () => openRevocationList("x", [privateKey as never]),
      () => generateTokenKeyPair(1, new Uint8Array(3))
    ]
    const otherToken = signToken({ ...claims, id: "T2" }, other.privateKey)
    fc.assert(
      fc.property(fc.array(fc.nat({ max: misuse.length - 1 }), { maxLength: 12 }), (steps) => {
        for (const i of steps) {
          try {
            misuse[i]?.()
          } catch {
            // refused: what matters is what comes after
          }
        }
        expect(verifyToken(token, [publicKey, other.publicKey], { now: during }).ok).toBe(true)
        expect(verifyToken(otherToken, [publicKey, other.publicKey], { now: during }).ok).toBe(true)
        expect(signToken(claims, privateKey)).toBe(token)
      }),
      { numRuns: 100 }
    )
  })

  it("verifyToken(signToken(c, k), K) = ok(c) for arbitrary claims inside their window", () => {
    fc.assert(
      fc.property(arbitraryClaims, (c) => {
        const r = verifyToken(signToken(c, privateKey), [publicKey], { now: c.nbf * 1000 })
        expect(r).toEqual({ ok: true, value: { keyId: 1, claims: c } })
      })
    )
  })

  it("any one-bit flip of a token's bytes is rejected", () => {
    fc.assert(
      fc.property(arbitraryClaims, fc.nat(), (c, at) => {
        const bytes = Buffer.from(signToken(c, privateKey), "base64url")
        const bit = at % (bytes.length * 8)
        bytes[bit >> 3] = (bytes[bit >> 3] as number) ^ (1 << (bit & 7))
        const r = verifyToken(bytes.toString("base64url"), [publicKey, other.publicKey], {
          now: c.nbf * 1000
        })
        expect(r.ok).toBe(false)
      }),
      { numRuns: 300 }
    )
  })

  it("every one-bit flip of the typical token is rejected (exhaustive, 792 flips)", () => {
    const bytes = Buffer.from(token, "base64url")
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const flipped = Buffer.from(bytes)
      flipped[bit >> 3] = (flipped[bit >> 3] as number) ^ (1 << (bit & 7))
      const r = verifyToken(flipped.toString("base64url"), [publicKey, other.publicKey], { now: during })
      if (r.ok) throw new Error(`bit ${bit} flipped and still accepted`)
    }
  })

  it("any one-character change of a token's text is rejected", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 63 }), (at, shift) => {
        const i = at % token.length
        const changed =
          token.slice(0, i) +
          alphabet[(alphabet.indexOf(token[i] as string) + shift) % 64] +
          token.slice(i + 1)
        expect(verifyToken(changed, publicKey, { now: during }).ok).toBe(false)
      }),
      { numRuns: 500 }
    )
  })
})
