import {
  generateTokenKeyPair,
  openRevocationList,
  parseTokenPublicKey,
  signRevocationList,
  signToken
} from "@microdrop/codes"
import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { codesPassVerifier, passFromClaims } from "../src/PassVerifier.ts"

const { privateKey, publicKey } = generateTokenKeyPair(3)
const kinds = { remote: { tracks: ["mix"], seats: 1 }, vip: { tracks: ["binaural", "mix"] } }
const verifier = codesPassVerifier({ publicKeys: [publicKey], passKinds: kinds })
const claims = { id: "T1", event: "main", kind: "vip", nbf: 1_700_000_000, exp: 2_000_000_000 }
const NOW = 1_800_000_000_000
const sign = (c: Partial<typeof claims> = {}, key = privateKey) => signToken({ ...claims, ...c }, key)

const outcome = (token: string, v = verifier, now = NOW) => {
  const r = v.verify(token, now)
  return Result.isSuccess(r)
    ? "ok"
    : r.failure._tag === "InvalidPass"
      ? `${r.failure.reason} ${r.failure.status}`
      : r.failure._tag === "InvalidRelayConfig"
        ? r.failure.message
        : `${r.failure._tag} ${r.failure.status}`
}

describe("codesPassVerifier", () => {
  it("maps a valid token onto the relay's pass: token id, event as room, kind's tracks and seats", () => {
    const vip = verifier.verify(sign(), NOW)
    expect(Result.isSuccess(vip) && vip.success).toEqual({
      pass: "T1",
      room: "main",
      kind: "vip",
      tracks: ["binaural", "mix"],
      seats: undefined
    })
    const remote = verifier.verify(sign({ kind: "remote", id: "T2" }), NOW)
    expect(Result.isSuccess(remote) && [remote.success.tracks, remote.success.seats]).toEqual([["mix"], 1])
  })

  it("turns each of codes' token errors into a distinct 401 reason", () => {
    const other = generateTokenKeyPair(3).privateKey
    expect(outcome(sign({}, other))).toBe("bad-signature 401")
    expect(outcome(sign({}, generateTokenKeyPair(9).privateKey))).toBe("unknown-key 401")
    expect(outcome(sign({ exp: 1_750_000_000 }))).toBe("expired 401")
    expect(outcome(sign({ nbf: 1_900_000_000 }))).toBe("not-yet-valid 401")
    expect(outcome("")).toBe("malformed 401")
    expect(outcome("a.b.c")).toBe("malformed 401")
  })

  it("refuses a revoked pass when given a revocation list", () => {
    const list = openRevocationList(
      signRevocationList({ version: 1, issuedAt: 1_700_000_000, tokenIds: ["T1"] }, privateKey),
      [publicKey]
    )
    if (!list.ok) throw list.error
    const withList = codesPassVerifier({
      publicKeys: [publicKey],
      passKinds: kinds,
      revocations: () => list.value
    })
    expect(outcome(sign(), withList)).toBe("revoked 401")
    expect(outcome(sign({ id: "T2" }), withList)).toBe("ok")
  })

  it("answers 403 to a valid pass of a kind the relay does not serve", () => {
    const r = verifier.verify(sign({ kind: "ga" }), NOW)
    expect(Result.isFailure(r) && [r.failure._tag, r.failure.message]).toEqual([
      "Forbidden",
      expect.stringContaining("passes of kind 'ga' do not open this relay (it serves remote, vip)")
    ])
    // A kind named like an Object.prototype member is not served either.
    expect(Result.isFailure(passFromClaims({ ...claims, kind: "toString" }, kinds))).toBe(true)
  })

  describe("properties", () => {
    it("any change to a token's text makes it invalid or leaves its claims unchanged", () => {
      const token = sign()
      fc.assert(
        fc.property(fc.nat(token.length - 1), fc.constantFrom(..."ABCDEFabcdef0123456789-_"), (i, ch) => {
          fc.pre(token[i] !== ch)
          const mutated = token.slice(0, i) + ch + token.slice(i + 1)
          // base64url's last character can carry unused bits; a change there may decode to the same bytes.
          fc.pre(
            Buffer.from(mutated, "base64url").toString("hex") !==
              Buffer.from(token, "base64url").toString("hex")
          )
          expect(outcome(mutated)).not.toBe("ok")
        })
      )
    })
  })
})

describe("key text from @microdrop/codes (parseTokenPublicKey) feeds the verifier", () => {
  const raw = Buffer.from(publicKey.key)
  it("reads '<id>:<base64url>' and '<id>:<hex>' and the key verifies tokens", () => {
    for (const text of [`3:${raw.toString("base64url")}`, ` 3:${raw.toString("hex")}\n`]) {
      const k = parseTokenPublicKey(text)
      expect(k.ok && k.value.id).toBe(3)
      const v = codesPassVerifier({ publicKeys: k.ok ? [k.value] : [], passKinds: kinds })
      expect(outcome(sign(), v)).toBe("ok")
    }
  })

  it("rejects other text, a wrong length and an id over 255", () => {
    expect(parseTokenPublicKey("not a key").ok).toBe(false)
    expect(parseTokenPublicKey(raw.toString("base64url")).ok).toBe(false)
    expect(parseTokenPublicKey(`3:${raw.subarray(1).toString("base64url")}`).ok).toBe(false)
    expect(parseTokenPublicKey(`256:${raw.toString("base64url")}`).ok).toBe(false)
  })
})
