import { generateKeyPairSync } from "node:crypto"
import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ed25519PassVerifier, parseEd25519Key, signPass } from "../src/PassVerifier.ts"

const { publicKey, privateKey } = generateKeyPairSync("ed25519")
const verifier = ed25519PassVerifier(publicKey)
const claims = { pass: "p1", room: "main", tracks: ["mix"], exp: 2_000_000_000 }
const NOW = 1_800_000_000_000

const reason = (token: string, now = NOW) => {
  const r = verifier.verify(token, now)
  return Result.isFailure(r) ? r.failure.reason : "ok"
}

describe("ed25519PassVerifier", () => {
  it("accepts a pass signed by the issuer and returns its claims", () => {
    const r = verifier.verify(signPass(claims, privateKey), NOW)
    expect(Result.isSuccess(r) && r.success).toEqual(claims)
  })

  it("rejects a pass signed by another key", () => {
    const other = generateKeyPairSync("ed25519").privateKey
    expect(reason(signPass(claims, other))).toBe("bad-signature")
  })

  it("rejects an expired pass and a pass before its nbf", () => {
    expect(reason(signPass({ ...claims, exp: 1_700_000_000 }, privateKey))).toBe("expired")
    expect(reason(signPass({ ...claims, nbf: 1_900_000_000 }, privateKey))).toBe("not-yet-valid")
  })

  it("rejects text that is not a token, and signed claims that break the schema", () => {
    expect(reason("")).toBe("malformed")
    expect(reason("a.b.c")).toBe("malformed")
    const bad = signPass({ ...claims, tracks: [] } as never, privateKey)
    expect(reason(bad)).toBe("bad-claims")
  })

  it("reads keys as PEM, base64url and hex", () => {
    const pem = publicKey.export({ format: "pem", type: "spki" }).toString()
    const raw = Buffer.from(String(publicKey.export({ format: "jwk" }).x), "base64url")
    for (const text of [pem, raw.toString("base64url"), raw.toString("hex")]) {
      const k = parseEd25519Key(text, "public")
      expect(k && Result.isSuccess(ed25519PassVerifier(k).verify(signPass(claims, privateKey), NOW))).toBe(
        true
      )
    }
    expect(parseEd25519Key("not a key", "public")).toBeUndefined()
    const seed = Buffer.from(String(privateKey.export({ format: "jwk" }).d), "base64url").toString(
      "base64url"
    )
    const priv = parseEd25519Key(seed, "private")
    expect(priv && reason(signPass(claims, priv))).toBe("ok")
  })

  describe("properties", () => {
    it("any change to a token's text makes it invalid: verify(mutate(t)) fails", () => {
      const token = signPass(claims, privateKey)
      fc.assert(
        fc.property(fc.nat(token.length - 1), fc.constantFrom(..."ABCDEFabcdef0123456789-_."), (i, ch) => {
          fc.pre(token[i] !== ch)
          const mutated = token.slice(0, i) + ch + token.slice(i + 1)
          // base64url's last character can carry unused bits; a change there may decode to the same bytes.
          const sameBytes =
            mutated
              .split(".")
              .map((p) => Buffer.from(p, "base64url").toString("hex"))
              .join(".") ===
            token
              .split(".")
              .map((p) => Buffer.from(p, "base64url").toString("hex"))
              .join(".")
          fc.pre(!sameBytes)
          expect(reason(mutated)).not.toBe("ok")
        })
      )
    })
  })
})
