import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { commitSeed, drawRaffle, type Entry, offerInOrder, rankEntries, verifyDraw } from "../src/raffle.ts"

const entriesArb = fc
  .uniqueArray(
    fc.record({ customerId: fc.stringMatching(/^[a-z0-9]{1,8}$/), quantity: fc.integer({ min: 1, max: 4 }) }),
    {
      selector: (e) => e.customerId,
      maxLength: 40
    }
  )
  .map((es) => es as Array<Entry>)
const seedArb = fc.stringMatching(/^[0-9a-f]{32}$/)

describe("commitSeed", () => {
  it("is the SHA-256 of the seed in hex", () => {
    expect(commitSeed("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  })
})

describe("offerInOrder (the group rule)", () => {
  it("serves whole groups in order and skips a group that does not fit", () => {
    const out = offerInOrder(
      [
        { customerId: "a", quantity: 2 },
        { customerId: "b", quantity: 3 },
        { customerId: "c", quantity: 1 }
      ],
      3
    )
    expect(out.served.map((e) => e.customerId)).toEqual(["a", "c"])
    expect(out.waiting.map((e) => e.customerId)).toEqual(["b"])
  })
})

describe("drawRaffle", () => {
  it("does not depend on the order entries arrived in, and never gives out more than the stock", () => {
    fc.assert(
      fc.property(seedArb, entriesArb, fc.integer({ min: 0, max: 30 }), (seed, entries, stock) => {
        const a = drawRaffle(seed, entries, stock)
        const b = drawRaffle(seed, [...entries].reverse(), stock)
        expect(b).toEqual(a)
        expect(a.winners.reduce((n, w) => n + w.quantity, 0)).toBeLessThanOrEqual(stock)
        expect(a.winners.length + a.waitingList.length).toBe(entries.length)
        // no entry on the waiting list would still have fitted
        const left = stock - a.winners.reduce((n, w) => n + w.quantity, 0)
        for (const w of a.waitingList) expect(w.quantity).toBeGreaterThan(left)
      })
    )
  })

  it("refuses two entries for one customer", () => {
    expect(() =>
      rankEntries("s", [
        { customerId: "a", quantity: 1 },
        { customerId: "a", quantity: 2 }
      ])
    ).toThrow("two raffle entries")
  })

  it("depends on the seed", () => {
    const entries = Array.from({ length: 20 }, (_, i) => ({ customerId: `c${i}`, quantity: 1 }))
    expect(drawRaffle("seed-1", entries, 5).winners).not.toEqual(drawRaffle("seed-2", entries, 5).winners)
  })
})

describe("verifyDraw", () => {
  it("accepts an honest draw and rejects a wrong seed or tampered winners (property)", () => {
    fc.assert(
      fc.property(seedArb, entriesArb, fc.integer({ min: 1, max: 30 }), (seed, entries, stock) => {
        const commitment = commitSeed(seed)
        const { winners, waitingList } = drawRaffle(seed, entries, stock)
        expect(verifyDraw(commitment, seed, entries, winners, stock)).toEqual({ ok: true })
        expect(verifyDraw(commitment, `${seed}x`, entries, winners, stock)).toEqual({
          ok: false,
          reason: "seed does not match commitment"
        })
        const swapped = waitingList[0]
        if (winners.length > 0 && swapped !== undefined) {
          const tampered = [...winners.slice(0, -1), swapped]
          expect(verifyDraw(commitment, seed, entries, tampered, stock)).toMatchObject({ ok: false })
        }
        // a valid draw for another stock is not a valid draw for this one
        const other = drawRaffle(seed, entries, stock + 5).winners
        if (JSON.stringify(other) !== JSON.stringify(winners))
          expect(verifyDraw(commitment, seed, entries, other, stock)).toMatchObject({ ok: false })
      })
    )
  })
})
