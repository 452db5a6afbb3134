import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ALPHABET, generateCode, normalize, verifyCheck } from "../src/index.ts"
import { seeded } from "./seeded.ts"

describe("generateCode", () => {
  it("prints the random body and its check character in groups of four", () => {
    const code = generateCode({ length: 8 })
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$/)
    expect(verifyCheck(code).ok).toBe(true)
  })

  it("prints the prefix as its own group and covers it with the check character", () => {
    const code = generateCode({ length: 8, prefix: "MD" })
    expect(code).toMatch(/^MD-\w{4}-\w{4}-\w$/)
    expect(verifyCheck(code).ok).toBe(true)
    expect(verifyCheck(`MB${code.slice(2)}`).ok).toBe(false)
  })

  it("leaves out the check character and the grouping on request", () => {
    const code = generateCode({ length: 10, check: false, groupSize: 0 })
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/)
  })

  it("is deterministic for an injected random source", () => {
    expect(generateCode({ length: 12, random: seeded(7) })).toBe(
      generateCode({ length: 12, random: seeded(7) })
    )
    expect(generateCode({ length: 12, random: seeded(7) })).not.toBe(
      generateCode({ length: 12, random: seeded(8) })
    )
  })

  it("maps each random byte to one character by its low five bits", () => {
    const bytes = Uint8Array.of(0, 31, 32, 255)
    expect(generateCode({ length: 4, check: false, random: () => bytes })).toBe("0Z0Z")
  })

  it("draws every character of the alphabet about equally often", () => {
    const counts = new Map<string, number>()
    for (let i = 0; i < 2000; i++) {
      for (const c of generateCode({ length: 16, check: false, groupSize: 0 }))
        counts.set(c, (counts.get(c) ?? 0) + 1)
    }
    expect(counts.size).toBe(32)
    // 32,000 draws, 1,000 expected per character; 6 standard deviations is ±~185.
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(200)
  })

  it("throws InvalidCodeOptions naming the option for a bad length, prefix or random source", () => {
    const bad = [
      [{ length: 0 }, "length"],
      [{ length: 65 }, "length"],
      [{ length: 2.5 }, "length"],
      [{ length: 8, prefix: "md" }, "prefix"],
      [{ length: 8, prefix: "MU" }, "prefix"],
      [{ length: 8, random: () => new Uint8Array(2) }, "random"]
    ] as const
    for (const [options, option] of bad) {
      expect(() => generateCode(options)).toThrowError(
        expect.objectContaining({ _tag: "InvalidCodeOptions", option })
      )
    }
    expect(() => generateCode({ length: 0 })).toThrowError(
      'Invalid option "length": must be a whole number from 1 to 64, got 0.'
    )
  })
})

describe("properties", () => {
  it("every generated code normalizes to prefix + length + 1 characters and passes its check", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 4 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer(),
        (length, prefix, groupSize, seed) => {
          const code = generateCode({ length, prefix, groupSize, random: seeded(seed) })
          const canonical = normalize(code)
          expect(canonical.ok && canonical.value.length).toBe(prefix.length + length + 1)
          expect(canonical.ok && canonical.value.startsWith(prefix)).toBe(true)
          expect(verifyCheck(code).ok).toBe(true)
        }
      )
    )
  })
})
