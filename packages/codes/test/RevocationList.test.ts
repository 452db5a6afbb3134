import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { generateTokenKeyPair, openRevocationList, signRevocationList } from "../src/index.ts"

const { privateKey, publicKey } = generateTokenKeyPair(1, new Uint8Array(32).fill(1))
const other = generateTokenKeyPair(2, new Uint8Array(32).fill(2))
const list = { version: 3, issuedAt: 1_800_000_000, tokenIds: ["T7", "T3", "T7"] }

describe("signRevocationList / openRevocationList", () => {
  it("round-trips version, time and the set of ids", () => {
    const r = openRevocationList(signRevocationList(list, privateKey), [other.publicKey, publicKey])
    expect(r).toEqual({
      ok: true,
      value: { version: 3, issuedAt: 1_800_000_000, tokenIds: new Set(["T3", "T7"]) }
    })
  })

  it("costs 78 bytes plus one length byte and the id per revoked token", () => {
    const text = signRevocationList(
      { version: 1, issuedAt: 0, tokenIds: ["T0000001", "T0000002"] },
      privateKey
    )
    expect(Buffer.from(text, "base64url")).toHaveLength(78 + 2 * 9)
  })

  it("refuses a list older than the one the door has with StaleRevocationList", () => {
    const r = openRevocationList(signRevocationList(list, privateKey), publicKey, { minVersion: 4 })
    expect(r.ok || r.error).toMatchObject({ _tag: "StaleRevocationList", version: 3, minVersion: 4 })
    expect(r.ok || r.error.message).toMatch(/keep the newer list/)
  })

  it("fails with UnknownKey, InvalidSignature or MalformedToken as a token would", () => {
    const text = signRevocationList(list, privateKey)
    expect(openRevocationList(text, other.publicKey)).toMatchObject({
      ok: false,
      error: { _tag: "UnknownKey" }
    })
    const forged = signRevocationList(list, { type: "private", id: 1, key: other.privateKey.key })
    expect(openRevocationList(forged, publicKey)).toMatchObject({
      ok: false,
      error: { _tag: "InvalidSignature", subject: "revocation list" }
    })
    expect(openRevocationList("AAAA", publicKey)).toMatchObject({
      ok: false,
      error: { _tag: "MalformedToken" }
    })
  })

  it("throws InvalidCodeOptions for a bad version or id", () => {
    expect(() => signRevocationList({ ...list, version: -1 }, privateKey)).toThrowError(/version/)
    expect(() => signRevocationList({ ...list, tokenIds: [""] }, privateKey)).toThrowError(/tokenIds/)
  })
})

describe("properties", () => {
  it("openRevocationList(signRevocationList(l)) = l for any Unicode token ids of 1 to 64 bytes", () => {
    const id = fc
      .oneof(
        fc.string({ unit: "binary", minLength: 1, maxLength: 16 }),
        fc.constantFrom("Tür-Süd", "北门", "🎫")
      )
      .filter((s) => Buffer.byteLength(s) <= 64 && Buffer.from(s, "utf8").toString("utf8") === s)
    fc.assert(
      fc.property(fc.array(id, { maxLength: 20 }), fc.nat({ max: 0xffff_ffff }), (ids, version) => {
        const r = openRevocationList(
          signRevocationList({ version, issuedAt: 0, tokenIds: ids }, privateKey),
          [publicKey]
        )
        expect(r).toEqual({ ok: true, value: { version, issuedAt: 0, tokenIds: new Set(ids) } })
      }),
      { numRuns: 200 }
    )
  })

  it("refuses a token id that UTF-8 cannot carry (a lone surrogate) instead of revoking another id", () => {
    expect(() =>
      signRevocationList({ version: 1, issuedAt: 0, tokenIds: ["T\uD800"] }, privateKey)
    ).toThrowError(expect.objectContaining({ _tag: "InvalidCodeOptions", option: "tokenIds" }))
  })

  it("any one-bit flip of a revocation list is rejected", () => {
    const bytes = Buffer.from(signRevocationList(list, privateKey), "base64url")
    fc.assert(
      fc.property(fc.nat(), (at) => {
        const bit = at % (bytes.length * 8)
        const flipped = Buffer.from(bytes)
        flipped[bit >> 3] = (flipped[bit >> 3] as number) ^ (1 << (bit & 7))
        expect(openRevocationList(flipped.toString("base64url"), [publicKey, other.publicKey]).ok).toBe(false)
      })
    )
  })
})
