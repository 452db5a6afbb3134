import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { decode, encode } from "../src/index.ts"

const bytes = (s: string) => new TextEncoder().encode(s)

describe("encode", () => {
  it("encodes known vectors most significant bits first", () => {
    expect(encode(new Uint8Array())).toBe("")
    expect(encode(bytes("hi"))).toBe("D1MG")
    expect(encode(Uint8Array.of(0))).toBe("00")
    expect(encode(Uint8Array.of(0xff))).toBe("ZW")
    expect(encode(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff))).toBe("ZZZZZZZZ")
    // "foobar" in Crockford Base32 (same bits as RFC 4648 base32 "MZXW6YTBOI", other alphabet)
    expect(encode(bytes("foobar"))).toBe("CSQPYRK1E8")
  })
})

describe("decode", () => {
  it("decodes what encode produced", () => {
    expect(decode("D1MG")).toEqual({ ok: true, value: bytes("hi") })
  })

  it("reads lowercase, I/L as 1, O as 0 and ignores dashes and spaces", () => {
    expect(decode("d1mg")).toEqual({ ok: true, value: bytes("hi") })
    expect(decode("DIMG")).toEqual({ ok: true, value: bytes("hi") })
    expect(decode("d-l m g")).toEqual({ ok: true, value: bytes("hi") })
    expect(decode("oo")).toEqual({ ok: true, value: Uint8Array.of(0) })
  })

  it("rejects U with its position and character", () => {
    const r = decode("D1MU")
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error._tag).toBe("InvalidCharacter")
    expect(r.error).toMatchObject({ index: 3, character: "U" })
    expect(r.error.message).toMatch(/position 4/)
    expect(r.error.message).toMatch(/U is left out/)
  })

  it("reports the position in the text as given, separators included", () => {
    const r = decode("AB-C*")
    expect(r.ok || r.error).toMatchObject({ _tag: "InvalidCharacter", index: 4, character: "*" })
  })

  it("rejects a length that no byte string encodes to", () => {
    for (const text of ["A", "ABC", "ABCDEF", "ABCDEFGHJ"]) {
      const r = decode(text)
      expect(r.ok || r.error._tag).toBe("InvalidLength")
    }
  })

  it("rejects stray padding bits in the last character", () => {
    const r = decode("D1MH") // H = 17 sets a padding bit after the 16 data bits
    expect(r.ok || r.error).toMatchObject({ _tag: "NonCanonicalEncoding", index: 3 })
  })
})

describe("properties", () => {
  it("decode ∘ encode = identity", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        expect(decode(encode(b))).toEqual({ ok: true, value: b })
      })
    )
  })

  it("encode ∘ decode = identity on canonical text", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const text = encode(b)
        const r = decode(text)
        expect(r.ok && encode(r.value)).toBe(text)
      })
    )
  })

  it("length of encode(b) = ceil(8·|b| / 5)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        expect(encode(b).length).toBe(Math.ceil((b.length * 8) / 5))
      })
    )
  })
})
