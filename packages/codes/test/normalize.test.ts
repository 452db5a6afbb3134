import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ALPHABET, group, normalize } from "../src/index.ts"

describe("normalize", () => {
  it("uppercases, drops separators and reads I/L as 1 and O as 0", () => {
    expect(normalize(" abcd-efgh-jio ")).toEqual({ ok: true, value: "ABCDEFGHJ10" })
    expect(normalize("il1 oO0")).toEqual({ ok: true, value: "111000" })
  })

  it("ignores the dashes and spaces phones put in (en dash, non-breaking space)", () => {
    expect(normalize("AB\u2013CD\u00a0EF")).toEqual({ ok: true, value: "ABCDEF" })
  })

  it("keeps the empty string empty", () => {
    expect(normalize("")).toEqual({ ok: true, value: "" })
    expect(normalize(" - ")).toEqual({ ok: true, value: "" })
  })

  it("rejects U and other characters with their position", () => {
    for (const [input, index, character] of [
      ["ABCU", 3, "U"],
      ["abcu", 3, "u"],
      ["AB*D", 2, "*"],
      ["ÄBC", 0, "Ä"],
      ["AB😀", 2, "😀"]
    ] as const) {
      const r = normalize(input)
      expect(r.ok || r.error).toMatchObject({ _tag: "InvalidCharacter", index, character })
    }
  })

  it("names control characters by code point instead of printing them", () => {
    const r = normalize("AB\u0007")
    expect(r.ok || r.error.message).toMatch(/U\+0007 at position 3/)
  })
})

describe("properties", () => {
  const canonical = fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 40 })

  it("normalize(group(c, n)) = c for canonical c and any group size n", () => {
    fc.assert(
      fc.property(canonical, fc.integer({ min: 0, max: 10 }), (code, size) => {
        expect(normalize(group(code, size))).toEqual({ ok: true, value: code })
      })
    )
  })

  it("normalize(lowercase(c)) = c", () => {
    fc.assert(
      fc.property(canonical, (code) => {
        expect(normalize(code.toLowerCase())).toEqual({ ok: true, value: code })
      })
    )
  })

  it("normalize is idempotent", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(..."0123456789abcdefghijklmnopqrstvwxyz -"), maxLength: 40 }),
        (s) => {
          const once = normalize(s)
          expect(once.ok).toBe(true)
          if (once.ok) expect(normalize(once.value)).toEqual(once)
        }
      )
    )
  })

  // The obvious reading, one character at a time: what every input must normalize to.
  const reference = (input: string): string | number => {
    let out = ""
    for (const [i, ch] of [...input].entries()) {
      const up = ch.toUpperCase()
      if (" \t\n\r-_\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00a0\u202f\u3000".includes(ch)) continue
      if (up === "I" || up === "L") out += "1"
      else if (up === "O") out += "0"
      else if (up.length === 1 && ALPHABET.includes(up)) out += up
      else return i
    }
    return out
  }
  it("agrees with a one-character-at-a-time reference on any mix of case, aliases, separators and foreign characters", () => {
    const unit = fc.constantFrom(
      ..."0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghjkmnpqrstvwxyzIiLlOoUu -_\u2013\u00a0é!"
    )
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 30 }), (s) => {
        const ours = normalize(s)
        const expected = reference(s)
        if (typeof expected === "string") expect(ours).toEqual({ ok: true, value: expected })
        else expect(ours.ok ? -1 : ours.error.index).toBe(expected)
      }),
      { numRuns: 2000 }
    )
  })
})
