// The door's in-browser checks agree with @microdrop/codes: a token the package accepts, the door
// accepts with the same id and kind; any altered byte, another key, an expired or revoked token
// the door refuses; a short code typed any way a person would types to the same hash the server
// lists. (Node's WebCrypto runs the same Ed25519 and SHA-256 code path as the browser's API.)
import {
  formatTokenPublicKey,
  generateTokenKeyPair,
  normalize,
  signShort,
  signToken,
  verifyToken
} from "@microdrop/codes"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { canonicalCode, codeHash, importKeys, verifyScannedToken } from "../src/features/door/token.ts"
import { shortCodeHash } from "../src/services/door.ts"

const pair = generateTokenKeyPair(7)
const other = generateTokenKeyPair(7)
const keysPromise = importKeys([formatTokenPublicKey(pair.publicKey)])
const EVENT = "night-tapes"

const claimsArb = fc.record({
  id: fc.string({ minLength: 1, maxLength: 15, unit: "binary" }),
  kind: fc.constantFrom("ga", "vip"),
  nbf: fc.integer({ min: 1_700_000_000, max: 1_800_000_000 }),
  span: fc.integer({ min: 1, max: 1_000_000 }),
  holder: fc.option(fc.string({ minLength: 1, maxLength: 12 }), { nil: undefined })
})

const doorVerify = async (token: string, now: number, revoked: ReadonlyArray<string> = []) =>
  verifyScannedToken(token, {
    keys: await keysPromise,
    event: EVENT,
    kinds: ["ga", "vip"],
    revoked: new Set(revoked),
    now
  })

const flip = (token: string, bit: number): string => {
  const bytes = Buffer.from(token, "base64url")
  const at = bit % (bytes.length * 8)
  bytes[at >> 3] = (bytes[at >> 3] ?? 0) ^ (1 << (at & 7))
  return bytes.toString("base64url")
}

describe("the door's token check", () => {
  it("accepts what the package accepts, with the same claims, and refuses every altered bit", async () => {
    await fc.assert(
      fc.asyncProperty(claimsArb, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), async (c, bit, t) => {
        const claims = {
          id: c.id,
          event: EVENT,
          kind: c.kind,
          nbf: c.nbf,
          exp: c.nbf + c.span,
          ...(c.holder === undefined ? {} : { holder: c.holder })
        }
        const token = signToken(claims, pair.privateKey)
        const now = Math.floor((c.nbf + t * (c.span - 0.001)) * 1000)
        const expected = verifyToken(token, [pair.publicKey], { now })
        expect(expected.ok).toBe(true)
        await expect(doorVerify(token, now)).resolves.toEqual({ ok: true, id: c.id, kind: c.kind })
        const altered = flip(token, bit)
        expect(verifyToken(altered, [pair.publicKey], { now }).ok).toBe(false)
        await expect(doorVerify(altered, now)).resolves.toMatchObject({ ok: false })
      }),
      { numRuns: 150 }
    )
  })

  it("refuses another key's token, an expired or not yet valid one, a revoked one, another event's, and a remote pass", async () => {
    const claims = { id: "T0001", event: EVENT, kind: "vip", nbf: 1_800_000_000, exp: 1_800_010_000 }
    const now = 1_800_000_500_000
    const reason = async (token: string, at = now, revoked: ReadonlyArray<string> = []) => {
      const v = await doorVerify(token, at, revoked)
      return v.ok ? "admitted" : v.reason
    }
    await expect(reason(signToken(claims, other.privateKey))).resolves.toMatch(/signature does not match/)
    await expect(reason(signToken(claims, pair.privateKey), 1_800_010_000_000)).resolves.toMatch(/expired/)
    await expect(reason(signToken(claims, pair.privateKey), 1_799_999_999_999)).resolves.toMatch(
      /not valid yet/
    )
    await expect(reason(signToken(claims, pair.privateKey), now, ["T0001"])).resolves.toMatch(/revoked/)
    await expect(reason(signToken({ ...claims, event: "other" }, pair.privateKey))).resolves.toMatch(
      /another event/
    )
    await expect(reason(signToken({ ...claims, kind: "remote" }, pair.privateKey))).resolves.toMatch(
      /remote pass/
    )
    await expect(reason(signToken(claims, generateTokenKeyPair(8).privateKey))).resolves.toMatch(
      /key this door/
    )
    await expect(reason("not a token")).resolves.toMatch(/not a ticket QR code/)
    await expect(reason(`${signToken(claims, pair.privateKey)}A`)).resolves.toMatch(/not a ticket QR code/)
  })
})

describe("typed short codes", () => {
  const key = { id: 1, secret: new Uint8Array(32).fill(9) }
  const typedArb = fc.record({
    payload: fc.uint8Array({ minLength: 5, maxLength: 5 }),
    lower: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
    separator: fc.constantFrom("", " ", "-", "  ", "_", "\u2013"),
    confuse: fc.boolean()
  })

  it("normalise as the package does, and hash as the server lists them", async () => {
    await fc.assert(
      fc.asyncProperty(typedArb, async ({ payload, lower, separator, confuse }) => {
        const code = signShort(payload, key)
        let typed = code
          .split("-")
          .join(separator)
          .split("")
          .map((ch, i) => (lower[i % lower.length] ? ch.toLowerCase() : ch))
          .join("")
        if (confuse) typed = typed.replaceAll("0", "O").replaceAll("1", "l")
        const expected = normalize(code)
        if (!expected.ok) throw new TypeError("the package did not read its own code")
        expect(normalize(typed)).toEqual(expected)
        const canonical = canonicalCode(typed)
        expect(canonical).toBe(expected.value)
        await expect(codeHash(canonical ?? "")).resolves.toBe(shortCodeHash(expected.value))
      }),
      { numRuns: 200 }
    )
  })

  it("refuses characters codes never use", () => {
    expect(canonicalCode("1U0N-0HGZ")).toBeUndefined()
    expect(canonicalCode("100N+0HGZ")).toBeUndefined()
    expect(canonicalCode("")).toBeUndefined()
  })
})
