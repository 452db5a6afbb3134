import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { DropState, fingerprint } from "../src/internal/engine.ts"
import { checkWindow, sumLines } from "../src/rules.ts"
import { testDrop } from "../src/testing.ts"

describe("sumLines", () => {
  it("sums quantities per SKU in first-seen order", () => {
    expect(
      sumLines([
        { sku: "B", quantity: 1 },
        { sku: "A", quantity: 2 },
        { sku: "B", quantity: 3 }
      ])
    ).toEqual([
      { sku: "B", quantity: 4 },
      { sku: "A", quantity: 2 }
    ])
  })
  it("keeps the total (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ sku: fc.constantFrom("A", "B", "C"), quantity: fc.integer({ min: 1, max: 9 }) }),
          { minLength: 1 }
        ),
        (lines) => {
          const total = (ls: ReadonlyArray<{ quantity: number }>) => ls.reduce((n, l) => n + l.quantity, 0)
          const summed = sumLines(lines)
          expect(total(summed)).toBe(total(lines))
          expect(new Set(summed.map((l) => l.sku)).size).toBe(summed.length)
        }
      )
    )
  })
})

describe("checkWindow", () => {
  const drop = testDrop({
    windows: [
      { name: "VIP", opensAt: 100, closesAt: 200, passes: ["vip"] },
      { name: "General", opensAt: 200, closesAt: 300 }
    ]
  })
  it("is open at opensAt and closed at closesAt", () => {
    expect(checkWindow(drop, ["vip"], 100)).toBeUndefined()
    expect(checkWindow(drop, [], 299)).toBeUndefined()
    expect(checkWindow(drop, [], 300)).toMatchObject({ _tag: "WindowNotOpen", passRequired: false })
  })
  it("tells a fan without a pass when general sale opens", () => {
    expect(checkWindow(drop, [], 150)).toMatchObject({ passRequired: true, nextOpensAt: 200 })
    expect(checkWindow(drop, [], 50)).toMatchObject({ passRequired: false, nextOpensAt: 200 })
    expect(checkWindow(drop, ["vip"], 50)).toMatchObject({ nextOpensAt: 100 })
  })
})

describe("fingerprint", () => {
  it("ignores the key and pass order but not the lines", () => {
    const base = { dropId: "d", customerId: "c", lines: [{ sku: "T", quantity: 1 }], idempotencyKey: "k1" }
    expect(fingerprint("hold", base)).toBe(fingerprint("hold", { ...base, idempotencyKey: "k2" }))
    expect(fingerprint("hold", { ...base, passes: ["a", "b"] })).toBe(
      fingerprint("hold", { ...base, passes: ["b", "a"] })
    )
    expect(fingerprint("hold", base)).not.toBe(
      fingerprint("hold", { ...base, lines: [{ sku: "T", quantity: 2 }] })
    )
    const a = { dropId: "d", holdId: "h", idempotencyKey: "k" }
    expect(fingerprint("confirm", a)).not.toBe(fingerprint("release", a))
  })
})

describe("DropState expiry index", () => {
  it("expires holds in time order whatever order they were placed in (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 1000 }),
        (times, cut) => {
          const drop = testDrop({ items: [{ sku: "TAPE", stock: 1000 }] })
          const state = new DropState(drop, false)
          for (const [i, t] of times.entries()) {
            const h = {
              id: `h${i}`,
              dropId: drop.id,
              customerId: "c",
              lines: [{ sku: "TAPE", quantity: 1 }],
              status: "held" as const,
              createdAt: 0,
              expiresAt: t
            }
            state.holds.set(h.id, h)
            ;(state.items.get("TAPE") as { held: number }).held++
            state.scheduleExpiry(h)
          }
          const expired = state.expireDue(cut)
          expect(expired.length).toBe(times.filter((t) => t <= cut).length)
          expect(state.availability()[0]?.held).toBe(times.filter((t) => t > cut).length)
          expect(state.expireDue(cut)).toEqual([])
        }
      )
    )
  })
})
