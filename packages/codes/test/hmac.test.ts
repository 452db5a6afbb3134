// RFC 4231 HMAC-SHA256 test vectors, run through the truncated-HMAC function signShort and
// verifyShort use (not only through Node's createHmac).
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ALPHABET } from "../src/index.ts"
import { bitsToChars, keyObjectOf, macInput, truncatedHmac } from "../src/internal/hmac.ts"

const hex = (s: string) => Uint8Array.from(Buffer.from(s, "hex"))
const text = (s: string) => new TextEncoder().encode(s)
const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex")

const vectors: ReadonlyArray<readonly [string, Uint8Array, Uint8Array, string, number]> = [
  [
    "1",
    new Uint8Array(20).fill(0x0b),
    text("Hi There"),
    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    256
  ],
  [
    "2",
    text("Jefe"),
    text("what do ya want for nothing?"),
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    256
  ],
  [
    "3",
    new Uint8Array(20).fill(0xaa),
    new Uint8Array(50).fill(0xdd),
    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
    256
  ],
  [
    "4",
    hex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
    new Uint8Array(50).fill(0xcd),
    "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
    256
  ],
  [
    "5 (truncated to 128 bits)",
    new Uint8Array(20).fill(0x0c),
    text("Test With Truncation"),
    "a3b6167473100ee06e0c796c2955552b",
    128
  ],
  [
    "6",
    new Uint8Array(131).fill(0xaa),
    text("Test Using Larger Than Block-Size Key - Hash Key First"),
    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
    256
  ],
  [
    "7",
    new Uint8Array(131).fill(0xaa),
    text(
      "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."
    ),
    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
    256
  ]
]

describe("truncatedHmac (RFC 4231 HMAC-SHA256 vectors)", () => {
  for (const [name, key, data, expected, bits] of vectors) {
    it(`matches test case ${name}`, () => {
      expect(toHex(truncatedHmac(key, data, bits))).toBe(expected)
    })
  }

  it("matches test case 1 through a cached key object, as signShort calls it", () => {
    const key = { id: 3, secret: new Uint8Array(20).fill(0x0b) }
    expect(toHex(truncatedHmac(keyObjectOf(key), text("Hi There"), 256))).toBe(vectors[0]?.[3])
    expect(keyObjectOf(key)).toBe(keyObjectOf(key))
  })

  it("keeps only the first bits of a truncated tag, zeroing the rest of the last byte", () => {
    // Test case 1 starts b0 34 4c: 20 bits are b0 34 4 → last byte 0x40.
    expect(toHex(truncatedHmac(new Uint8Array(20).fill(0x0b), text("Hi There"), 20))).toBe("b03440")
  })
})

describe("bitsToChars", () => {
  it("reads 5 bits per character, most significant first", () => {
    // b0 34 = 1011 0000 0011 0100 → 10110 00000 11010 0 → P 0 T
    expect(bitsToChars(hex("b034"), 3)).toBe("P0T")
    expect(bitsToChars(hex("ffffffffff"), 8)).toBe("ZZZZZZZZ")
  })
})

describe("properties", () => {
  it("macInput(t, body) is injective: a different tag length or body is a different message", () => {
    const body = fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 30 })
    const tag = fc.integer({ min: 7, max: 51 })
    fc.assert(
      fc.property(tag, body, tag, body, (t1, b1, t2, b2) => {
        expect(macInput(t1, b1) === macInput(t2, b2)).toBe(t1 === t2 && b1 === b2)
      }),
      { numRuns: 2000 }
    )
    // the pairs most likely to meet: one digit moved between the tag length and the body
    expect(macInput(7, "1ABC")).not.toBe(macInput(71, "ABC"))
  })
})
