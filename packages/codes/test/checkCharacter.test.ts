import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ALPHABET, checkCharacter, verifyCheck, withCheck } from "../src/index.ts"

/** Every body of exactly `n` alphabet characters. */
function* allBodies(n: number): Generator<string> {
  if (n === 0) {
    yield ""
    return
  }
  for (const rest of allBodies(n - 1)) for (const c of ALPHABET) yield rest + c
}

/** Every code that differs from `code` in exactly one character. */
function* substitutions(code: string): Generator<string> {
  for (let i = 0; i < code.length; i++) {
    for (const c of ALPHABET) if (c !== code[i]) yield code.slice(0, i) + c + code.slice(i + 1)
  }
}

/** Every code made by swapping two different neighbouring characters of `code`. */
function* transpositions(code: string): Generator<string> {
  for (let i = 0; i + 1 < code.length; i++) {
    if (code[i] !== code[i + 1]) yield code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2)
  }
}

/** The check holds for `code`, read without normalizing twice (fast path for the exhaustive loop). */
const passes = (code: string) => verifyCheck(code).ok

describe("withCheck / verifyCheck", () => {
  it("appends one alphabet character", () => {
    expect(withCheck("ABCDEFGH")).toBe("ABCDEFGHZ")
    expect(checkCharacter("")).toBe("0")
  })

  it("accepts the code as a person types it", () => {
    expect(verifyCheck("abcd-efgh-z")).toEqual({ ok: true, value: "ABCDEFGH" })
  })

  it("rejects a swap of two neighbours with InvalidCheckCharacter", () => {
    const r = verifyCheck("ABCD-EFHG-Z")
    expect(r.ok || r.error).toMatchObject({ _tag: "InvalidCheckCharacter", code: "ABCDEFHGZ" })
    expect(r.ok || r.error.message).toMatch(/mistyped or two neighbouring characters are swapped/)
  })

  it("rejects a code too short to hold a check character", () => {
    for (const code of ["", "A", " - "]) {
      const r = verifyCheck(code)
      expect(r.ok || r.error._tag).toBe("InvalidLength")
    }
  })

  it("rejects characters outside the alphabet before checking", () => {
    const r = verifyCheck("ABUZ")
    expect(r.ok || r.error).toMatchObject({ _tag: "InvalidCharacter", index: 2 })
  })

  it("throws InvalidCodeOptions for a body that is not canonical", () => {
    for (const body of ["abc", "A-B", "ABI", "ABU"]) {
      expect(() => withCheck(body)).toThrowError(
        expect.objectContaining({ _tag: "InvalidCodeOptions", option: "body" })
      )
    }
  })
})

describe("exhaustive for short bodies", () => {
  // 32 + 32^2 + 32^3 = 33,824 bodies; ~4.3 million altered codes in all.
  for (const n of [1, 2, 3]) {
    it(`catches every single substitution and every adjacent transposition for all bodies of length ${n}`, () => {
      let checked = 0
      for (const body of allBodies(n)) {
        const code = withCheck(body)
        expect(passes(code)).toBe(true)
        for (const wrong of substitutions(code)) {
          if (passes(wrong)) throw new Error(`substitution not caught: ${code} -> ${wrong}`)
          checked++
        }
        for (const wrong of transpositions(code)) {
          if (passes(wrong)) throw new Error(`transposition not caught: ${code} -> ${wrong}`)
          checked++
        }
      }
      expect(checked).toBeGreaterThan(32 ** n * (n + 1) * 31)
      // ~4.3 million checks at n = 3: about a minute alone, several on a loaded shared machine
    }, 600_000)
  }
})

describe("properties", () => {
  const body = fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 4, maxLength: 64 })

  it("verifyCheck(withCheck(b)) = ok(b)", () => {
    fc.assert(
      fc.property(body, (b) => {
        expect(verifyCheck(withCheck(b))).toEqual({ ok: true, value: b })
      })
    )
  })

  it("any single substitution in withCheck(b) fails verifyCheck", () => {
    fc.assert(
      fc.property(body, fc.nat(), fc.integer({ min: 1, max: 31 }), (b, at, shift) => {
        const code = withCheck(b)
        const i = at % code.length
        const replaced = ALPHABET[(ALPHABET.indexOf(code[i] as string) + shift) % 32] as string
        const wrong = code.slice(0, i) + replaced + code.slice(i + 1)
        expect(verifyCheck(wrong).ok).toBe(false)
      })
    )
  })

  it("any swap of two different neighbours in withCheck(b) fails verifyCheck", () => {
    fc.assert(
      fc.property(body, fc.nat(), (b, at) => {
        const code = withCheck(b)
        const i = at % (code.length - 1)
        fc.pre(code[i] !== code[i + 1])
        const wrong = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2)
        expect(verifyCheck(wrong).ok).toBe(false)
      })
    )
  })
})
