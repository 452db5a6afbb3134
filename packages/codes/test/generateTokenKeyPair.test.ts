import { describe, expect, it } from "vitest"
import { generateTokenKeyPair, signToken, verifyToken } from "../src/index.ts"

describe("generateTokenKeyPair", () => {
  it("gives a 32-byte seed and a 32-byte public key that verify each other", () => {
    const { privateKey, publicKey } = generateTokenKeyPair(7)
    expect(privateKey.key).toHaveLength(32)
    expect(publicKey.key).toHaveLength(32)
    expect(publicKey.id).toBe(7)
    const token = signToken({ id: "T1", event: "E", kind: "ga", nbf: 0, exp: 10 }, privateKey)
    expect(verifyToken(token, publicKey, { now: 0 }).ok).toBe(true)
  })

  it("draws a fresh key each time, and restores the same key from a seed", () => {
    expect(generateTokenKeyPair(1).publicKey.key).not.toEqual(generateTokenKeyPair(1).publicKey.key)
    const seed = new Uint8Array(32).fill(5)
    expect(generateTokenKeyPair(1, seed)).toEqual(generateTokenKeyPair(1, seed))
  })

  it("throws InvalidCodeOptions for an id outside 0-255 or a short seed", () => {
    expect(() => generateTokenKeyPair(256)).toThrowError(
      expect.objectContaining({ _tag: "InvalidCodeOptions", option: "id" })
    )
    expect(() => generateTokenKeyPair(1, new Uint8Array(16))).toThrowError(/32 bytes/)
  })
})
