import { describe, expect, it } from "vitest"
import { generateTokenKeyPair, signToken, type TokenClaims } from "../src/index.ts"
import { typicalClaims } from "./fixtures/claims.ts"

const { privateKey } = generateTokenKeyPair(1, new Uint8Array(32).fill(1))
const claims: TokenClaims = typicalClaims
const token = signToken(claims, privateKey)

describe("signToken", () => {
  it("makes a typical token 99 bytes, 132 base64url characters (a version 6-L QR code)", () => {
    expect(Buffer.from(token, "base64url")).toHaveLength(99)
    expect(token).toHaveLength(132)
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/)
  })

  it("is deterministic (Ed25519 signatures are)", () => {
    expect(signToken(claims, privateKey)).toBe(token)
  })

  it("throws InvalidCodeOptions naming the claim that breaks the schema", () => {
    expect(() => signToken({ ...claims, exp: claims.nbf }, privateKey)).toThrowError(
      expect.objectContaining({ _tag: "InvalidCodeOptions", option: "claims" })
    )
    expect(() => signToken({ ...claims, exp: claims.nbf }, privateKey)).toThrowError(/exp must be after nbf/)
    expect(() => signToken({ ...claims, kind: "" }, privateKey)).toThrowError(/kind/)
    expect(() => signToken({ ...claims, nbf: -1 }, privateKey)).toThrowError(/nbf/)
  })
})

it("throws InvalidCodeOptions for a raw private key that is not 32 bytes", () => {
  expect(() => signToken(claims, { type: "private", id: 2, key: new Uint8Array(31) })).toThrowError(
    expect.objectContaining({ _tag: "InvalidCodeOptions", option: "privateKey.key" })
  )
})
