import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  formatTokenPublicKey,
  generateTokenKeyPair,
  parseTokenPublicKey,
  signToken,
  verifyToken
} from "../src/index.ts"

const pair = generateTokenKeyPair(1, new Uint8Array(32))
const rule = (text: string): string => {
  const r = parseTokenPublicKey(text)
  if (r.ok) throw new Error(`expected ${text} to be refused`)
  expect(r.error._tag).toBe("InvalidKeyText")
  return r.error.rule
}

describe("formatTokenPublicKey / parseTokenPublicKey", () => {
  it("writes the id and the 32 raw bytes as base64url (RFC 8032 test 1's key from the zero seed)", () => {
    expect(formatTokenPublicKey(pair.publicKey)).toBe("1:O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik")
  })

  it("round-trips every id and key, and the parsed key verifies tokens signed by its private half", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (id, seed) => {
          const { privateKey, publicKey } = generateTokenKeyPair(id, seed)
          const text = formatTokenPublicKey(publicKey)
          const parsed = parseTokenPublicKey(text)
          expect(parsed).toEqual({ ok: true, value: { type: "public", id, key: publicKey.key } })
          if (!parsed.ok) return
          const token = signToken({ id: "T1", event: "E", kind: "ga", nbf: 0, exp: 10 }, privateKey)
          expect(verifyToken(token, [parsed.value], { now: 0 }).ok).toBe(true)
        }
      ),
      { numRuns: 50 }
    )
  })

  it("accepts 64 hex digits and surrounding white space", () => {
    const hex = Buffer.from(pair.publicKey.key).toString("hex")
    expect(parseTokenPublicKey(` 1:${hex.toUpperCase()}\n`)).toEqual({
      ok: true,
      value: { type: "public", id: 1, key: pair.publicKey.key }
    })
  })

  it("formats a KeyObject public key the same as its raw bytes", async () => {
    const { createPublicKey } = await import("node:crypto")
    const der = Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), pair.publicKey.key])
    const keyObject = createPublicKey({ key: der, format: "der", type: "spki" })
    expect(formatTokenPublicKey({ id: 1, key: keyObject })).toBe(formatTokenPublicKey(pair.publicKey))
  })

  it("refuses text that is not a key, naming the rule", () => {
    const body = formatTokenPublicKey(pair.publicKey).slice(2)
    expect(rule("")).toContain("key id, a colon")
    expect(rule(body)).toContain("key id, a colon")
    expect(rule(`1 ${body}`)).toContain("key id, a colon")
    expect(rule(`1:${body}=`)).toContain("key id, a colon")
    expect(rule(`256:${body}`)).toContain("above 255")
    expect(rule(`1:${body.slice(0, 42)}`)).toContain("42 characters")
    expect(rule(`1:${"ab".repeat(33)}`)).toContain("66 characters")
    // the last character of 32 bytes in base64url carries 2 spare bits that must be zero
    expect(rule(`1:${body.slice(0, 42)}${body.endsWith("k") ? "l" : "k"}`)).toContain("not canonical")
  })

  it("refuses an id outside 0-255 when formatting (a bug in the caller)", () => {
    expect(() => formatTokenPublicKey({ id: 300, key: pair.publicKey.key })).toThrow(/0.*255/)
  })
})
