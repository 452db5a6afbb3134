import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  commitSeed,
  drawRaffle,
  type Entry,
  entryFits,
  offerInOrder,
  rankEntries,
  type Stock,
  stockOf,
  verifyDraw
} from "../src/raffle.ts"

const SKUS = ["TAPE", "PRINT", "SHIRT-M"] as const

const linesArb = fc.uniqueArray(
  fc.record({ sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: 4 }) }),
  { selector: (l) => l.sku, minLength: 1, maxLength: SKUS.length }
)
const entriesArb: fc.Arbitrary<Array<Entry>> = fc.uniqueArray(
  fc.record({ customerId: fc.stringMatching(/^[a-z0-9]{1,8}$/), lines: linesArb }),
  { selector: (e) => e.customerId, maxLength: 40 }
)
const stockArb: fc.Arbitrary<Stock> = fc.record({
  TAPE: fc.integer({ min: 0, max: 15 }),
  PRINT: fc.integer({ min: 0, max: 15 }),
  "SHIRT-M": fc.integer({ min: 0, max: 15 })
})
const seedArb = fc.stringMatching(/^[0-9a-f]{32}$/)

const unitsOf = (entries: ReadonlyArray<Entry>, sku: string): number =>
  entries.flatMap((e) => e.lines).reduce((n, l) => (l.sku === sku ? n + l.quantity : n), 0)

const tape = (customerId: string, quantity: number): Entry => ({
  customerId,
  lines: [{ sku: "TAPE", quantity }]
})

describe("commitSeed", () => {
  it("is the SHA-256 of the seed in hex", () => {
    expect(commitSeed("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  })
})

describe("stockOf", () => {
  it("maps each item's SKU to its stock", () => {
    expect(
      stockOf([
        { sku: "TAPE", stock: 3 },
        { sku: "PRINT", stock: 0 }
      ])
    ).toEqual({ TAPE: 3, PRINT: 0 })
  })

  it("keeps a SKU named __proto__ as data", () => {
    const stock = stockOf([{ sku: "__proto__", stock: 2 }])
    expect(Object.entries(stock)).toEqual([["__proto__", 2]])
    expect(entryFits({ lines: [{ sku: "__proto__", quantity: 2 }] }, stock)).toBe(true)
    expect(entryFits({ lines: [{ sku: "__proto__", quantity: 3 }] }, stock)).toBe(false)
  })
})

describe("entryFits", () => {
  it("needs every line to fit in its own SKU; a missing SKU has no units", () => {
    const mixed = {
      lines: [
        { sku: "TAPE", quantity: 1 },
        { sku: "PRINT", quantity: 2 }
      ]
    }
    expect(entryFits(mixed, { TAPE: 1, PRINT: 2 })).toBe(true)
    expect(entryFits(mixed, { TAPE: 5, PRINT: 1 })).toBe(false)
    expect(entryFits(mixed, { TAPE: 0, PRINT: 9 })).toBe(false)
    expect(entryFits(mixed, { TAPE: 9 })).toBe(false)
  })
})

describe("offerInOrder (the group rule)", () => {
  it("serves whole groups in order and skips a group that does not fit", () => {
    const out = offerInOrder([tape("a", 2), tape("b", 3), tape("c", 1)], { TAPE: 3 })
    expect(out.served.map((e) => e.customerId)).toEqual(["a", "c"])
    expect(out.waiting.map((e) => e.customerId)).toEqual(["b"])
  })

  it("serves an entry for SKU B while SKU A is sold out, and a mixed group only whole", () => {
    const out = offerInOrder(
      [
        tape("a", 1),
        {
          customerId: "mix",
          lines: [
            { sku: "TAPE", quantity: 1 },
            { sku: "PRINT", quantity: 1 }
          ]
        },
        { customerId: "b", lines: [{ sku: "PRINT", quantity: 2 }] }
      ],
      { TAPE: 0, PRINT: 2 }
    )
    expect(out.served.map((e) => e.customerId)).toEqual(["b"])
    expect(out.waiting.map((e) => e.customerId)).toEqual(["a", "mix"])
  })

  it("takes all lines of a served mixed group from their SKUs", () => {
    const mix: Entry = {
      customerId: "mix",
      lines: [
        { sku: "TAPE", quantity: 2 },
        { sku: "PRINT", quantity: 1 }
      ]
    }
    const out = offerInOrder(
      [mix, tape("a", 1), { customerId: "p", lines: [{ sku: "PRINT", quantity: 1 }] }],
      {
        TAPE: 3,
        PRINT: 1
      }
    )
    expect(out.served.map((e) => e.customerId)).toEqual(["mix", "a"])
    expect(out.waiting.map((e) => e.customerId)).toEqual(["p"])
  })
})

describe("drawRaffle", () => {
  it("refuses two entries for one customer", () => {
    expect(() => rankEntries("s", [tape("a", 1), tape("a", 2)])).toThrow(
      "must have one entry per customer: customer a has two"
    )
  })

  it("depends on the seed", () => {
    const entries = Array.from({ length: 20 }, (_, i) => tape(`c${i}`, 1))
    expect(drawRaffle("seed-1", entries, { TAPE: 5 }).winners).not.toEqual(
      drawRaffle("seed-2", entries, { TAPE: 5 }).winners
    )
  })

  it("draws each SKU from its own stock", () => {
    const entries = [
      tape("t1", 1),
      tape("t2", 1),
      { customerId: "p1", lines: [{ sku: "PRINT", quantity: 1 }] }
    ]
    const draw = drawRaffle("s", entries, { TAPE: 1, PRINT: 1 })
    expect(unitsOf(draw.winners, "TAPE")).toBe(1)
    expect(draw.winners.map((w) => w.customerId)).toContain("p1")
    expect(draw.waitingList).toHaveLength(1)
  })

  describe("properties", () => {
    it("per SKU, winners' units ≤ that SKU's stock: Σ winners[sku] ≤ stock[sku]", () => {
      fc.assert(
        fc.property(seedArb, entriesArb, stockArb, (seed, entries, stock) => {
          const { winners } = drawRaffle(seed, entries, stock)
          for (const sku of SKUS) expect(unitsOf(winners, sku)).toBeLessThanOrEqual(stock[sku] ?? 0)
        })
      )
    })

    it("every entry is exactly once in winners ∪ waitingList, and both keep the ranking's order", () => {
      fc.assert(
        fc.property(seedArb, entriesArb, stockArb, (seed, entries, stock) => {
          const { ranking, winners, waitingList } = drawRaffle(seed, entries, stock)
          const ids = [...winners, ...waitingList].map((e) => e.customerId)
          expect(new Set(ids).size).toBe(ids.length)
          expect([...ids].sort()).toEqual(entries.map((e) => e.customerId).sort())
          const rank = new Map(ranking.map((e, i) => [e.customerId, i]))
          for (const list of [winners, waitingList]) {
            const ranks = list.map((e) => rank.get(e.customerId) as number)
            expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
          }
        })
      )
    })

    it("is deterministic and independent of entry order: draw(s, shuffle(E)) = draw(s, E)", () => {
      fc.assert(
        fc.property(
          seedArb,
          entriesArb.chain((es) =>
            fc.tuple(fc.constant(es), fc.shuffledSubarray(es, { minLength: es.length, maxLength: es.length }))
          ),
          stockArb,
          (seed, [entries, shuffled], stock) => {
            const a = drawRaffle(seed, entries, stock)
            expect(drawRaffle(seed, entries, stock)).toEqual(a)
            expect(drawRaffle(seed, shuffled, stock)).toEqual(a)
          }
        )
      )
    })

    it("every waiting-list entry did not fit when its turn came (replayed in rank order)", () => {
      fc.assert(
        fc.property(seedArb, entriesArb, stockArb, (seed, entries, stock) => {
          const { ranking, winners } = drawRaffle(seed, entries, stock)
          const won = new Set(winners.map((w) => w.customerId))
          const left: Record<string, number> = { ...stock }
          for (const e of ranking) {
            const fitsNow = e.lines.every((l) => l.quantity <= (left[l.sku] ?? 0))
            expect(won.has(e.customerId)).toBe(fitsNow)
            if (fitsNow) for (const l of e.lines) left[l.sku] = (left[l.sku] ?? 0) - l.quantity
          }
        })
      )
    })
  })
})

describe("verifyDraw", () => {
  it("rejects a seed that does not match the commitment", () => {
    const entries = [tape("a", 1)]
    const { winners } = drawRaffle("s", entries, { TAPE: 1 })
    expect(verifyDraw(commitSeed("s"), "t", entries, winners, { TAPE: 1 })).toEqual({
      ok: false,
      reason: "seed does not match commitment"
    })
  })

  describe("properties", () => {
    it("accepts the real outcome and rejects a swapped winner, an extra unit or the wrong stock", () => {
      fc.assert(
        fc.property(
          seedArb,
          entriesArb,
          stockArb,
          fc.constantFrom(...SKUS),
          fc.integer({ min: 1, max: 5 }),
          (seed, entries, stock, sku, delta) => {
            const commitment = commitSeed(seed)
            const { winners, waitingList } = drawRaffle(seed, entries, stock)
            expect(verifyDraw(commitment, seed, entries, winners, stock)).toEqual({ ok: true })
            expect(verifyDraw(commitment.toUpperCase(), seed, entries, winners, stock)).toEqual({ ok: true })
            // a waiting entry swapped in for the last winner
            const swapped = waitingList[0]
            if (winners.length > 0 && swapped !== undefined)
              expect(
                verifyDraw(commitment, seed, entries, [...winners.slice(0, -1), swapped], stock)
              ).toEqual({
                ok: false,
                reason: "winners differ from the draw"
              })
            // one extra unit on a winner's line
            const first = winners[0]
            if (first !== undefined) {
              const [line, ...rest] = first.lines
              const greedy: Entry = {
                ...first,
                lines: [{ sku: line?.sku ?? sku, quantity: (line?.quantity ?? 0) + 1 }, ...rest]
              }
              expect(
                verifyDraw(commitment, seed, entries, [greedy, ...winners.slice(1)], stock)
              ).toMatchObject({
                ok: false
              })
            }
            // another stock for one SKU: rejected exactly when it changes the draw
            const other = { ...stock, [sku]: (stock[sku] ?? 0) + delta }
            const otherWinners = drawRaffle(seed, entries, other).winners
            const changes = JSON.stringify(otherWinners) !== JSON.stringify(winners)
            expect(verifyDraw(commitment, seed, entries, winners, other).ok).toBe(!changes)
            if (changes) expect(verifyDraw(commitment, seed, entries, otherWinners, stock).ok).toBe(false)
          }
        )
      )
    })
  })
})
