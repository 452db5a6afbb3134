import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { generateCode, parseCode } from "../src/index.ts"
import { seeded } from "./seeded.ts"

const shape = { length: 8, prefix: "MD" }

describe("parseCode", () => {
  it("reads a code as typed and returns its canonical form and random body", () => {
    expect(parseCode("md-abcd-efgh-j", { length: 8, prefix: "MD", check: false })).toMatchObject({
      ok: false,
      error: { _tag: "InvalidLength" }
    })
    const code = generateCode({ ...shape, random: seeded(3) })
    const r = parseCode(` ${code.toLowerCase().replaceAll("-", " ")} `, shape)
    expect(r).toEqual({
      ok: true,
      value: { code: code.replaceAll("-", ""), body: code.replaceAll("-", "").slice(2, 10) }
    })
  })

  it("names the first problem: character, then prefix, then length, then check character", () => {
    const code = generateCode({ ...shape, random: seeded(4) }).replaceAll("-", "")
    const cases = [
      [`${code}?`, "InvalidCharacter"],
      [`XX${code.slice(2)}`, "InvalidPrefix"],
      [code.slice(0, -1), "InvalidLength"],
      [`${code}0`, "InvalidLength"],
      [code.slice(0, 3) + (code[3] === "0" ? "1" : "0") + code.slice(4), "InvalidCheckCharacter"]
    ] as const
    for (const [input, tag] of cases) {
      const r = parseCode(input, shape)
      expect(r.ok || r.error._tag, input).toBe(tag)
    }
  })

  it("explains a wrong prefix and a wrong length in words", () => {
    const prefix = parseCode("XX-ABCD", shape)
    expect(prefix.ok || prefix.error.message).toBe(
      "The code XXABCD does not start with MD: it belongs to another batch or event, or its first characters were mistyped."
    )
    const length = parseCode("MD-ABCD", shape)
    expect(length.ok || length.error.message).toBe(
      "The code has 6 characters but must have exactly 11 characters: check that nothing was left out or typed twice."
    )
  })

  it("throws InvalidCodeOptions for an invalid shape", () => {
    expect(() => parseCode("ABC", { length: 0 })).toThrowError(expect.objectContaining({ option: "length" }))
  })
})

describe("properties", () => {
  it("parseCode(generateCode(o), o) succeeds with the code's canonical form", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.boolean(), fc.integer(), (length, check, seed) => {
        const options = { length, prefix: "EV1", check, random: seeded(seed) }
        const code = generateCode(options)
        const r = parseCode(code, options)
        expect(r.ok && r.value.code).toBe(code.replaceAll("-", ""))
        expect(r.ok && r.value.body.length).toBe(length)
      })
    )
  })
})
