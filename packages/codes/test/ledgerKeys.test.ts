// Keys built from several parts must be injective: two different lists of parts never share a key,
// whatever separators or Unicode the parts hold (else one door's scan would replay another's).
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { lengthPrefixed, redemptionKey, redisKeys } from "../src/internal/ledgerKeys.ts"

const part = fc.oneof(
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.constantFrom("", ":", "1:", "U:V", "V:W", "2:ab", "Tür", "北门", "🚪")
)
/** A pair of parts, and a second pair made by moving text across the boundary (the collision to find). */
const pairs = fc.oneof(
  fc.tuple(fc.tuple(part, part), fc.tuple(part, part)),
  fc.tuple(part, part, fc.nat()).map(([a, b, n]) => {
    const whole = a + b
    const at = n % (whole.length + 1)
    return [
      [a, b],
      [whole.slice(0, at), whole.slice(at)]
    ] as const
  })
)
const same = (a: readonly [string, string], b: readonly [string, string]) => a[0] === b[0] && a[1] === b[1]

describe("ledger keys", () => {
  it("keeps (U:V, W) and (U, V:W) apart", () => {
    const keys = redisKeys("p")
    expect(keys.unknown("U:V", "W")).not.toBe(keys.unknown("U", "V:W"))
    expect(redemptionKey("U:V", "W")).not.toBe(redemptionKey("U", "V:W"))
  })

  describe("properties", () => {
    it("lengthPrefixed(a) = lengthPrefixed(b) ⇔ a = b, for lists of any length", () => {
      fc.assert(
        fc.property(fc.array(part, { maxLength: 4 }), fc.array(part, { maxLength: 4 }), (a, b) => {
          const equal = a.length === b.length && a.every((x, i) => x === b[i])
          expect(lengthPrefixed(a) === lengthPrefixed(b)).toBe(equal)
        }),
        { numRuns: 2000 }
      )
    })

    it("unknown(code, nonce) and redemptionKey(code, id) are injective", () => {
      const keys = redisKeys("microdrop:codes")
      fc.assert(
        fc.property(pairs, ([a, b]) => {
          expect(keys.unknown(a[0], a[1]) === keys.unknown(b[0], b[1])).toBe(same(a, b))
          expect(redemptionKey(a[0], a[1]) === redemptionKey(b[0], b[1])).toBe(same(a, b))
        }),
        { numRuns: 2000 }
      )
    })

    it("code, fail and unknown keys of one prefix never meet, and each is injective in its part", () => {
      const keys = redisKeys("p")
      fc.assert(
        fc.property(part, part, part, (x, y, z) => {
          expect(keys.code(x) === keys.code(y)).toBe(x === y)
          expect(keys.fail(x) === keys.fail(y)).toBe(x === y)
          expect(keys.code(x)).not.toBe(keys.fail(y))
          expect(keys.code(x)).not.toBe(keys.unknown(y, z))
          expect(keys.fail(x)).not.toBe(keys.unknown(y, z))
        }),
        { numRuns: 1000 }
      )
    })
  })
})
