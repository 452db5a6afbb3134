// Every key and fingerprint built from parts is injective: different parts, different text. The
// parts come from the whole family a caller may send (any printable ASCII id, including the
// characters the old encodings used as separators), not from one example.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { HoldAction, HoldRequest } from "../src/Hold.ts"
import { fingerprint } from "../src/internal/engine.ts"
import { compositeKey, REDIS_PARTS, redisKey } from "../src/internal/keys.ts"

// ids built mostly from separators and quotes, so collisions are likely if an encoding allows them
const id = fc.stringMatching(/^[ab,|*"\\[\]{}:!~]{1,6}$/)
const sku = fc.stringMatching(/^[AB:.,*_-]{1,3}$/).filter((s) => /^[A-Za-z0-9._:-]+$/.test(s))
const line = fc.record({ sku, quantity: fc.integer({ min: 1, max: 12 }) })
const holdRequest: fc.Arbitrary<HoldRequest> = fc.record(
  {
    dropId: id,
    customerId: id,
    lines: fc.array(line, { minLength: 1, maxLength: 3 }),
    passes: fc.array(id, { maxLength: 3 }),
    idempotencyKey: id
  },
  { requiredKeys: ["dropId", "customerId", "lines", "idempotencyKey"] }
)
const holdAction: fc.Arbitrary<HoldAction> = fc.record({ dropId: id, holdId: id, idempotencyKey: id })

/** What makes two hold requests the same request: everything but the key, passes as a set. */
const holdMeaning = (r: HoldRequest) =>
  JSON.stringify([
    r.dropId,
    r.customerId,
    r.lines.map((l) => [l.sku, l.quantity]),
    [...new Set(r.passes ?? [])].sort()
  ])

describe("fingerprint", () => {
  it('tells apart the issue\'s example: passes ["a,b"] and ["b", "a"]', () => {
    const base: HoldRequest = {
      dropId: "d",
      customerId: "c",
      lines: [{ sku: "T", quantity: 1 }],
      idempotencyKey: "k"
    }
    expect(fingerprint("hold", { ...base, passes: ["a,b"] })).not.toBe(
      fingerprint("hold", { ...base, passes: ["b", "a"] })
    )
  })

  /**
   * A second request built to collide with `a` under a joining encoding: the same joined text cut
   * at other places (passes re-split at their commas or joined into one, a `|` moved between the
   * customer id and a pass), or an unrelated request.
   */
  const neighbour = (a: HoldRequest): fc.Arbitrary<HoldRequest> => {
    const joined = [...(a.passes ?? [])].sort().join(",")
    const moved = a.customerId.split("|")
    return fc.oneof(
      fc.constant({ ...a, passes: joined.split(",") }),
      fc.constant({ ...a, passes: [joined] }),
      fc.constant({ ...a, passes: [...joined.split(","), ...joined.split(",")].reverse() }),
      fc.constant(
        moved.length > 1
          ? { ...a, customerId: moved[0] as string, passes: [moved.slice(1).join("|"), ...(a.passes ?? [])] }
          : a
      ),
      holdRequest
    )
  }

  it("is injective on hold requests: equal fingerprints exactly when the requests mean the same (property)", () => {
    fc.assert(
      fc.property(
        holdRequest.chain((a) => fc.tuple(fc.constant(a), neighbour(a))),
        ([a, b]) => {
          expect(fingerprint("hold", a) === fingerprint("hold", b)).toBe(holdMeaning(a) === holdMeaning(b))
        }
      ),
      { numRuns: 2000 }
    )
  })

  it("is injective on confirms and releases, and never equal across operations (property)", () => {
    // the second action re-cuts `dropId|holdId` at another "|" half of the time
    const pair = holdAction.chain((a) => {
      const whole = `${a.dropId}|${a.holdId}`.split("|")
      const recut = fc.integer({ min: 1, max: Math.max(1, whole.length - 1) }).map((cut) => ({
        ...a,
        dropId: whole.slice(0, cut).join("|"),
        holdId: whole.slice(cut).join("|") || a.holdId
      }))
      return fc.tuple(fc.constant(a), fc.oneof(recut, holdAction))
    })
    fc.assert(
      fc.property(pair, fc.constantFrom("confirm", "release" as const), ([a, b], op) => {
        const same = a.dropId === b.dropId && a.holdId === b.holdId
        expect(fingerprint(op, a) === fingerprint(op, b)).toBe(same)
        expect(fingerprint("confirm", a)).not.toBe(fingerprint("release", b))
      }),
      { numRuns: 2000 }
    )
  })

  it("never makes a hold's fingerprint equal a confirm's (property)", () => {
    fc.assert(
      fc.property(holdRequest, holdAction, (h, a) => {
        expect(fingerprint("hold", h)).not.toBe(fingerprint("confirm", a))
        expect(fingerprint("hold", h).startsWith("hold|")).toBe(true)
      })
    )
  })

  it("does not depend on the idempotency key or on the order and repetition of passes", () => {
    fc.assert(
      fc.property(holdRequest, id, (r, key) => {
        const passes = r.passes ?? []
        expect(
          fingerprint("hold", { ...r, idempotencyKey: key, passes: [...passes, ...passes].reverse() })
        ).toBe(fingerprint("hold", { ...r, passes }))
      })
    )
  })
})

describe("compositeKey", () => {
  it("is injective over lists of any strings, including the same text cut at other places (property)", () => {
    const parts = fc.array(fc.string({ unit: "binary", maxLength: 5 }), { maxLength: 4 })
    // the same concatenated text, cut at other places: what a plain join cannot tell apart
    const recut = (a: ReadonlyArray<string>) =>
      fc.array(fc.nat(), { maxLength: 4 }).map((cuts) => {
        const text = a.join("")
        const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y)
        return [0, ...at].map((from, k) => text.slice(from, at[k] ?? text.length))
      })
    fc.assert(
      fc.property(
        parts.chain((a) => fc.tuple(fc.constant(a), fc.oneof(recut(a), parts))),
        ([a, b]) => {
          expect(compositeKey(...a) === compositeKey(...b)).toBe(JSON.stringify(a) === JSON.stringify(b))
        }
      ),
      { numRuns: 500 }
    )
  })
})

describe("redisKey", () => {
  it("is injective in (drop id, part) for one prefix, and keeps every key of a drop in one hash tag (property)", () => {
    const dropId = fc.stringMatching(/^[a{}:!~]{1,6}$/)
    const part = fc.constantFrom(...REDIS_PARTS)
    fc.assert(
      fc.property(fc.string({ maxLength: 4 }), dropId, part, dropId, part, (prefix, d1, p1, d2, p2) => {
        const k1 = redisKey(prefix, d1, p1)
        expect(k1 === redisKey(prefix, d2, p2)).toBe(d1 === d2 && p1 === p2)
      }),
      { numRuns: 2000 }
    )
  })
})
