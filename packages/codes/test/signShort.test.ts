import { describe, expect, it } from "vitest"
import { signShort } from "../src/index.ts"

const key = { id: 1, secret: new Uint8Array(32).fill(7) }

describe("signShort", () => {
  it("prints key id, payload, tag and check character in groups of four", () => {
    const code = signShort(Uint8Array.of(0, 42), key)
    expect(code).toBe("100N-0HGZ-6B9B-94")
    // 1 key + 4 payload + 8 tag + 1 check
    expect(code.replaceAll("-", "")).toHaveLength(14)
  })

  it("is deterministic: the same payload and key give the same code", () => {
    expect(signShort(Uint8Array.of(1, 2, 3), key)).toBe(signShort(Uint8Array.of(1, 2, 3), key))
    expect(signShort(Uint8Array.of(1, 2, 3), key)).not.toBe(
      signShort(Uint8Array.of(1, 2, 3), { ...key, id: 2 })
    )
  })

  it("makes the tag as long as asked, 5 bits per character", () => {
    const short = signShort(Uint8Array.of(9, 9), key, { tagLength: 7, groupSize: 0 })
    const long = signShort(Uint8Array.of(9, 9), key, { tagLength: 12, groupSize: 0 })
    expect(long.length - short.length).toBe(5)
  })

  it("throws InvalidCodeOptions for a tag below the safe minimum, a bad payload or a bad key", () => {
    const bad = [
      [() => signShort(Uint8Array.of(1), key, { tagLength: 6 }), "tagLength"],
      [() => signShort(new Uint8Array(0), key), "payload"],
      [() => signShort(new Uint8Array(17), key), "payload"],
      [() => signShort(Uint8Array.of(1), { id: 32, secret: key.secret }), "key.id"],
      [() => signShort(Uint8Array.of(1), { id: 2, secret: new Uint8Array(15) }), "key.secret"]
    ] as const
    for (const [call, option] of bad) {
      expect(call).toThrowError(expect.objectContaining({ _tag: "InvalidCodeOptions", option }))
    }
    expect(() => signShort(Uint8Array.of(1), key, { tagLength: 6 })).toThrowError(
      'Invalid option "tagLength": must be a whole number from 7 (35 bits) to 51 characters, got 6.'
    )
  })
})
