import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ALPHABET, normalize, signShort, verifyShort, withCheck } from "../src/index.ts"

const key = { id: 1, secret: new Uint8Array(32).fill(7) }
const older = { id: 0, secret: new Uint8Array(32).fill(9) }
const checkOf = (body: string) => withCheck(body).slice(-1)

describe("verifyShort", () => {
  const code = signShort(Uint8Array.of(0, 42), key)

  it("returns the canonical code, key id and payload of a genuine code typed loosely", () => {
    const canonical = code.replaceAll("-", "")
    expect(verifyShort(` ${code.toLowerCase().replaceAll("-", " ")} `, [older, key])).toEqual({
      ok: true,
      value: { code: canonical, keyId: 1, payload: Uint8Array.of(0, 42) }
    })
  })

  it("accepts a single key as well as a list", () => {
    expect(verifyShort(code, key).ok).toBe(true)
  })

  it("keeps codes of an older key verifiable while it is in the list", () => {
    const old = signShort(Uint8Array.of(5, 5), older)
    expect(verifyShort(old, [key, older]).ok).toBe(true)
    const r = verifyShort(old, [key])
    expect(r.ok || r.error).toMatchObject({ _tag: "UnknownKey", keyId: 0, known: [1] })
    expect(r.ok || r.error.message).toBe(
      "The code was signed with key 0, which this device does not have (it has keys 1): load the current keys, or the code belongs to another event."
    )
  })

  it("reports a typo as InvalidCheckCharacter, not as a forgery", () => {
    const i = 6
    const typo = code.slice(0, i) + (code[i] === "0" ? "1" : "0") + code.slice(i + 1)
    const r = verifyShort(typo, [key])
    expect(r.ok || r.error._tag).toBe("InvalidCheckCharacter")
  })

  it("reports a forged tag with a valid check character as InvalidSignature", () => {
    const canonical = code.replaceAll("-", "").slice(0, -1)
    const body = canonical.slice(0, -1) + (canonical.endsWith("0") ? "1" : "0")
    const checked = `${body}${checkOf(body)}`
    const r = verifyShort(checked, [key])
    expect(r.ok || r.error).toMatchObject({ _tag: "InvalidSignature", subject: "short code", keyId: 1 })
    expect(r.ok || r.error.message).toMatch(/altered or forged/)
  })

  it("reports a code signed with another secret under the same key id as InvalidSignature", () => {
    const r = verifyShort(signShort(Uint8Array.of(0, 42), { id: 1, secret: new Uint8Array(32).fill(8) }), [
      key
    ])
    expect(r.ok || r.error._tag).toBe("InvalidSignature")
  })

  it("does not accept a code signed with a shorter tag than the verifier expects", () => {
    const short = signShort(Uint8Array.of(0, 42, 1, 2), key, { tagLength: 7 })
    expect(verifyShort(short, [key], { tagLength: 7 }).ok).toBe(true)
    expect(verifyShort(short, [key]).ok).toBe(false)
  })

  it("rejects bad characters and lengths before anything else", () => {
    expect(verifyShort("1U0N-0HGZ-6B9B-94", [key])).toMatchObject({
      ok: false,
      error: { _tag: "InvalidCharacter", index: 1 }
    })
    expect(verifyShort("100N-0HGZ", [key])).toMatchObject({ ok: false, error: { _tag: "InvalidLength" } })
    expect(verifyShort("", [key])).toMatchObject({ ok: false, error: { _tag: "InvalidLength" } })
  })
})

describe("properties", () => {
  const payload = fc.uint8Array({ minLength: 1, maxLength: 16 })
  const tagLength = fc.integer({ min: 7, max: 16 })

  it("verifyShort(signShort(p, k), [k]) = ok(p) for any payload, key and tag length", () => {
    fc.assert(
      fc.property(
        payload,
        fc.integer({ min: 0, max: 31 }),
        fc.uint8Array({ minLength: 16, maxLength: 64 }),
        tagLength,
        (p, id, secret, t) => {
          const k = { id, secret }
          const r = verifyShort(signShort(p, k, { tagLength: t }), [k], { tagLength: t })
          expect(r.ok && r.value.payload).toEqual(p)
          expect(r.ok && r.value.keyId).toBe(id)
        }
      )
    )
  })

  it("any one-character change to a short code is rejected", () => {
    fc.assert(
      fc.property(payload, tagLength, fc.nat(), fc.integer({ min: 1, max: 31 }), (p, t, at, shift) => {
        const canonical = signShort(p, key, { tagLength: t, groupSize: 0 })
        const i = at % canonical.length
        const replaced = ALPHABET[(ALPHABET.indexOf(canonical[i] as string) + shift) % 32] as string
        const wrong = canonical.slice(0, i) + replaced + canonical.slice(i + 1)
        expect(verifyShort(wrong, [key, older], { tagLength: t }).ok).toBe(false)
      })
    )
  })

  it("a one-character change that keeps the check character valid is rejected as a forgery or unknown key", () => {
    fc.assert(
      fc.property(payload, fc.nat(), fc.integer({ min: 1, max: 31 }), (p, at, shift) => {
        const canonical = signShort(p, key, { groupSize: 0 })
        const body = canonical.slice(0, -1)
        const i = at % body.length
        const replaced = ALPHABET[(ALPHABET.indexOf(body[i] as string) + shift) % 32] as string
        const changed = body.slice(0, i) + replaced + body.slice(i + 1)
        const r = verifyShort(withCheck(changed), [key, older])
        expect(r.ok).toBe(false)
        if (!r.ok)
          expect(["InvalidSignature", "UnknownKey", "InvalidLength", "NonCanonicalEncoding"]).toContain(
            r.error._tag
          )
      })
    )
  })

  it("the canonical code is normalize(signShort(p, k))", () => {
    fc.assert(
      fc.property(payload, (p) => {
        const code = signShort(p, key)
        const r = verifyShort(code, key)
        const n = normalize(code)
        expect(r.ok && n.ok && r.value.code === n.value).toBe(true)
      })
    )
  })
})
