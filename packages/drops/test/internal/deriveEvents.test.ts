import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { deriveEvents, type OpKind, type ResultFact } from "../../src/internal/deriveEvents.ts"

const placed = (id: string, customerId: string): ResultFact => ({
  ok: true,
  replayed: false,
  hold: { id, customerId }
})
const tags = (events: ReadonlyArray<{ readonly _tag: string }>) => events.map((e) => e._tag)

describe("deriveEvents", () => {
  it("gives a fresh hold its event, then the stock of every SKU, with SoldOut at zero", () => {
    const events = deriveEvents("d1", 5, [{ _tag: "hold" }], {
      results: [placed("H1", "ann")],
      availability: [
        { sku: "TAPE", available: 0 },
        { sku: "ZINE", available: 4 }
      ],
      expired: []
    })
    expect(events).toEqual([
      { _tag: "HoldPlaced", dropId: "d1", at: 5, holdId: "H1", customerId: "ann" },
      { _tag: "StockChanged", dropId: "d1", at: 5, sku: "TAPE", available: 0 },
      { _tag: "SoldOut", dropId: "d1", at: 5, sku: "TAPE" },
      { _tag: "StockChanged", dropId: "d1", at: 5, sku: "ZINE", available: 4 }
    ])
  })

  it("puts lapsed holds first and a waiting-list promotion last", () => {
    const events = deriveEvents("d1", 9, [{ _tag: "hold", promoted: true }], {
      results: [placed("H2", "bob")],
      availability: [{ sku: "TAPE", available: 1 }],
      expired: [{ id: "H1", customerId: "ann" }]
    })
    expect(tags(events)).toEqual(["HoldExpired", "HoldPlaced", "StockChanged", "WaitingListPromoted"])
    expect(events[3]).toEqual({
      _tag: "WaitingListPromoted",
      dropId: "d1",
      at: 9,
      customerId: "bob",
      holdId: "H2"
    })
  })

  it("names confirms and releases by their operation", () => {
    const events = deriveEvents("d1", 1, [{ _tag: "confirm" }, { _tag: "release" }], {
      results: [placed("H1", "ann"), placed("H2", "bob")],
      availability: [{ sku: "TAPE", available: 3 }],
      expired: []
    })
    expect(tags(events)).toEqual(["HoldConfirmed", "HoldReleased", "StockChanged"])
  })

  it("gives nothing for refusals and replays when no hold lapsed", () => {
    expect(
      deriveEvents("d1", 1, [{ _tag: "hold" }, { _tag: "confirm" }], {
        results: [{ ok: false }, { ok: true, replayed: true, hold: { id: "H1", customerId: "ann" } }],
        availability: [{ sku: "TAPE", available: 0 }],
        expired: []
      })
    ).toEqual([])
  })

  describe("properties", () => {
    const kind = fc.constantFrom<OpKind>(
      { _tag: "hold" },
      { _tag: "hold", promoted: true },
      { _tag: "confirm" },
      { _tag: "release" }
    )
    const result = fc.oneof(
      fc.constant<ResultFact>({ ok: false }),
      fc
        .record({ replayed: fc.boolean(), id: fc.stringMatching(/^H[0-9]{1,4}$/) })
        .map((r): ResultFact => ({ ok: true, replayed: r.replayed, hold: { id: r.id, customerId: "c" } }))
    )
    it("hold events = fresh results + expired holds; stock events iff something changed", () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(kind, result), { maxLength: 8 }),
          fc.nat({ max: 3 }),
          fc.nat({ max: 5 }),
          (pairs, lapsed, available) => {
            const expired = Array.from({ length: lapsed }, (_, i) => ({ id: `X${i}`, customerId: "x" }))
            const events = deriveEvents(
              "d",
              7,
              pairs.map(([k]) => k),
              {
                results: pairs.map(([, r]) => r),
                availability: [{ sku: "TAPE", available }],
                expired
              }
            )
            const fresh = pairs.filter(([, r]) => r.ok && !r.replayed)
            const holdEvents = events.filter((e) => e._tag.startsWith("Hold"))
            expect(holdEvents).toHaveLength(fresh.length + lapsed)
            const changed = fresh.length + lapsed > 0
            expect(events.filter((e) => e._tag === "StockChanged")).toHaveLength(changed ? 1 : 0)
            expect(events.filter((e) => e._tag === "SoldOut")).toHaveLength(
              changed && available === 0 ? 1 : 0
            )
            expect(events.filter((e) => e._tag === "WaitingListPromoted")).toHaveLength(
              fresh.filter(([k]) => k.promoted === true).length
            )
            expect(events.every((e) => e.dropId === "d" && e.at === 7)).toBe(true)
          }
        )
      )
    })
  })
})
