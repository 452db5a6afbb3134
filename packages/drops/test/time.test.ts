// Every time the package takes is epoch milliseconds, checked: the rules' `now`, a drop's
// `opensAt`/`closesAt`, its `holdMs`. A bad one (NaN, Infinity, a fraction, a string, a Date …)
// is refused with an error naming it, never guessed: a NaN `now` used to expire every live hold.
import { Exit, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Drop, MAX_INSTANT } from "../src/Drop.ts"
import { HoldAlreadyExpired, InvalidTime, WindowNotOpen } from "../src/errors.ts"
import type { HoldRequest } from "../src/Hold.ts"
import { DropState, fingerprint, precheckHold } from "../src/internal/engine.ts"
import { makeDropClient } from "../src/promise.ts"
import { checkWindow } from "../src/rules.ts"
import { testDrop } from "../src/testing.ts"

/** Every kind of value that is not epoch milliseconds. */
const badTime: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, 0.5, MAX_INSTANT + 1),
  fc.double({ noInteger: true }),
  fc.integer({ max: -1 }),
  fc.maxSafeNat().map((n) => MAX_INSTANT + 1 + (n % 1e15)),
  fc.date({ noInvalidDate: false }),
  // fast-check 4 makes invalid dates unless told not to; toISOString throws on those
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.string(),
  fc.constantFrom(undefined, null, {}, [], true, 10n)
)
const goodTime = fc.oneof(
  fc.maxSafeNat().map((n) => n % (MAX_INSTANT + 1)),
  fc.nat(),
  fc.constant(MAX_INSTANT)
)

const drop = testDrop()
const request: HoldRequest = {
  dropId: drop.id,
  customerId: "ann",
  lines: [{ sku: "TAPE", quantity: 1 }],
  idempotencyKey: "k1"
}

const thrown = (f: () => unknown): unknown => {
  try {
    f()
  } catch (e) {
    return e
  }
  return undefined
}

describe("the rules' `now`", () => {
  const calls: ReadonlyArray<readonly [string, (now: number) => unknown]> = [
    ["checkWindow", (now) => checkWindow(drop, [], now)],
    ["precheckHold", (now) => precheckHold(drop, request, now)],
    ["DropState.expireDue", (now) => new DropState(drop, false).expireDue(now)],
    ["DropState.hold", (now) => new DropState(drop, false).hold(request, "f", now, () => "H1")],
    [
      "DropState.confirm",
      (now) =>
        new DropState(drop, false).confirm({ dropId: drop.id, holdId: "H1", idempotencyKey: "k" }, "f", now)
    ],
    [
      "DropState.apply",
      (now) => new DropState(drop, false).apply({ _tag: "hold", request, fingerprint: "f" }, now, () => "H1")
    ]
  ]
  for (const [name, call] of calls)
    it(`${name} refuses a non-epoch-millisecond now with InvalidTime naming it (property)`, () => {
      fc.assert(
        fc.property(badTime, (now) => {
          const error = thrown(() => call(now as number))
          expect(error).toBeInstanceOf(InvalidTime)
          expect((error as InvalidTime).option).toBe("now")
          expect((error as InvalidTime).message).toContain("now must be epoch milliseconds")
        })
      )
      fc.assert(
        fc.property(goodTime, (now) => {
          expect(thrown(() => call(now))).toBeUndefined()
        })
      )
    })

  it("a NaN clock cannot expire the live holds (it expired every one of them before)", () => {
    const state = new DropState(drop, false)
    const placed = state.hold(request, fingerprint("hold", request), 1_000, () => "H1")
    expect(placed.ok).toBe(true)
    expect(() => state.expireDue(Number.NaN)).toThrow(InvalidTime)
    expect(state.holds.get("H1")?.status).toBe("held")
    expect(state.availability()[0]).toMatchObject({ held: 1 })
  })

  it("a bad clock cannot open a window for everyone", () => {
    const shut = testDrop({ windows: [{ name: "Later", opensAt: 10_000, closesAt: 20_000 }] })
    for (const now of [Number.NaN, "15000", new Date(15_000)])
      expect(() => checkWindow(shut, [], now as number)).toThrow(InvalidTime)
  })
})

describe("a drop's times", () => {
  const decode = Schema.decodeUnknownExit(Drop)
  const messageOf = (value: unknown): string => {
    const exit = decode(value)
    return Exit.isFailure(exit) ? String(exit.cause) : "accepted"
  }

  it("refuses a bad opensAt or closesAt saying it wants epoch milliseconds, and how to convert (property)", () => {
    fc.assert(
      fc.property(badTime, fc.constantFrom("opensAt", "closesAt"), (value, field) => {
        const window = { name: "W", opensAt: 0, closesAt: 1_000, [field]: value }
        const message = messageOf({ ...testDrop(), windows: [window] })
        expect(message).toContain("Expected epoch milliseconds")
        expect(message).toContain("Date.parse(text)")
        expect(message).toContain(`["windows"][0]["${field}"]`)
      })
    )
  })

  it("accepts any epoch millisecond from 0 to 8.64e15 (property)", () => {
    fc.assert(
      fc.property(goodTime, goodTime, (a, b) => {
        fc.pre(a !== b)
        const window = { name: "W", opensAt: Math.min(a, b), closesAt: Math.max(a, b) }
        expect(messageOf({ ...testDrop(), windows: [window] })).toBe("accepted")
      })
    )
  })

  it("refuses a bad holdMs saying it wants a duration in milliseconds (property)", () => {
    fc.assert(
      fc.property(fc.oneof(badTime, fc.constant(0)), (holdMs) => {
        const message = messageOf({ ...testDrop(), holdMs })
        expect(message).toContain("Expected a duration in milliseconds")
        expect(message).toContain(`["holdMs"]`)
      })
    )
  })

  it("the promise client refuses an ISO string or a Date for opensAt, saying epoch milliseconds", async () => {
    const drops = makeDropClient()
    try {
      for (const opensAt of ["2026-05-01T18:00:00Z", new Date("2026-05-01T18:00:00Z")]) {
        const error = await drops
          .createDrop({ ...testDrop(), windows: [{ name: "W", opensAt, closesAt: Date.now() }] } as never)
          .then(
            () => undefined,
            (e: unknown) => e as Error & { _tag: string }
          )
        expect(error?._tag).toBe("InvalidDropInput")
        expect(error?.message).toContain("Expected epoch milliseconds")
        expect(error?.message).toContain("windows.0.opensAt: ")
      }
    } finally {
      await drops.dispose()
    }
  })

  it("messages never crash on the latest instant a drop may hold", () => {
    const late = new WindowNotOpen({ dropId: "d", at: 0, nextOpensAt: MAX_INSTANT, passRequired: false })
    expect(late.message).toContain("+275760-09-13T00:00:00.000Z")
    const expired = new HoldAlreadyExpired({ dropId: "d", holdId: "h", expiredAt: MAX_INSTANT + 86_400_000 })
    expect(expired.message).toContain(`${MAX_INSTANT + 86_400_000} ms`)
  })

  it("a store given a drop at the edge of time keeps working", async () => {
    const edge = testDrop({ windows: [{ name: "Forever", opensAt: 0, closesAt: MAX_INSTANT }] })
    const drops = makeDropClient()
    try {
      await drops.createDrop(edge)
      const hold = await drops.hold({ ...request, dropId: edge.id })
      expect(hold.status).toBe("held")
    } finally {
      await drops.dispose()
    }
  })
})
