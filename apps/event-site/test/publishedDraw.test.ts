// The published draw's check, for families of raffles: an honest publication verifies; a changed
// winner, a dropped or changed entry, another seed or another commitment does not. And the
// browser's SHA-256 shim hashes exactly as node:crypto does (the drop page verifies with it).
import { createHash } from "node:crypto"
import { commitSeed, drawRaffle } from "@microdrop/drops"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { PublishedDraw } from "../src/db/tables.ts"
import { createHash as browserHash } from "../src/features/drop/sha256.browser.ts"
import { checkPublishedDraw, entriesDigest } from "../src/services/publishedDraw.ts"

const sku = fc.constantFrom("TAPE", "PRINT", "TEST-PRESSING")
const raffle = fc
  .record({
    seed: fc.string({ minLength: 1, maxLength: 40 }),
    customers: fc.uniqueArray(fc.stringMatching(/^e-[0-9a-f]{4}$/), { minLength: 1, maxLength: 12 }),
    stock: fc.record({ TAPE: fc.nat(4), PRINT: fc.nat(4), "TEST-PRESSING": fc.nat(4) })
  })
  .chain((r) =>
    fc.record({
      seed: fc.constant(r.seed),
      stock: fc.constant(r.stock),
      entries: fc.tuple(
        ...r.customers.map((customerId) =>
          fc
            .uniqueArray(fc.record({ sku, quantity: fc.integer({ min: 1, max: 3 }) }), {
              minLength: 1,
              maxLength: 2,
              selector: (l) => l.sku
            })
            .map((lines) => ({ customerId, lines }))
        )
      )
    })
  )

/** Publishes a raffle as the site does. */
const publish = (r: {
  seed: string
  stock: Record<string, number>
  entries: ReadonlyArray<PublishedDraw["entries"][number]>
}): PublishedDraw => {
  const outcome = drawRaffle(r.seed, r.entries, r.stock)
  return {
    dropId: "raffle",
    commitment: commitSeed(r.seed),
    seed: r.seed,
    entriesDigest: entriesDigest(r.entries),
    entries: r.entries,
    winners: outcome.winners,
    waitingList: outcome.waitingList,
    stock: r.stock
  }
}

describe("checkPublishedDraw", () => {
  it("accepts every honest publication", () => {
    fc.assert(
      fc.property(raffle, (r) => {
        const draw = publish(r)
        expect(checkPublishedDraw(draw, draw.commitment)).toEqual({ ok: true })
      })
    )
  })

  it("refuses a publication whose winners were changed", () => {
    fc.assert(
      fc.property(raffle, fc.nat(), (r, pick) => {
        const draw = publish(r)
        fc.pre(draw.waitingList.length > 0)
        // Swap one waiting entry in for the first winner (or add it when nobody won).
        const swapped = draw.waitingList[pick % draw.waitingList.length]
        if (swapped === undefined) return
        const winners = draw.winners.length === 0 ? [swapped] : [swapped, ...draw.winners.slice(1)]
        expect(checkPublishedDraw({ ...draw, winners }, draw.commitment)).toEqual({
          ok: false,
          reason: "winners differ from the draw"
        })
      })
    )
  })

  it("refuses a publication whose entries were changed, or another seed or commitment", () => {
    fc.assert(
      fc.property(raffle, fc.string({ minLength: 1 }), (r, other) => {
        const draw = publish(r)
        const dropped = { ...draw, entries: draw.entries.slice(1) }
        expect(checkPublishedDraw(dropped, draw.commitment)).toMatchObject({ ok: false })
        const more = {
          ...draw,
          entries: [...draw.entries].map((e, i) =>
            i === 0 ? { ...e, lines: e.lines.map((l) => ({ ...l, quantity: l.quantity + 1 })) } : e
          )
        }
        expect(checkPublishedDraw(more, draw.commitment)).toEqual({
          ok: false,
          reason: "the entries do not match their published digest"
        })
        fc.pre(other !== r.seed)
        expect(checkPublishedDraw({ ...draw, seed: other }, draw.commitment)).toEqual({
          ok: false,
          reason: "seed does not match commitment"
        })
        expect(checkPublishedDraw(draw, commitSeed(other))).toMatchObject({ ok: false })
      })
    )
  })

  it("gives different digests to different entry lists (no join ambiguity)", () => {
    const a = [{ customerId: "e-1", lines: [{ sku: "A,B", quantity: 1 }] }]
    const b = [
      { customerId: "e-1", lines: [{ sku: "A", quantity: 1 }] },
      { customerId: "B", lines: [{ sku: "A", quantity: 1 }] }
    ]
    expect(entriesDigest(a)).not.toBe(entriesDigest(b))
  })
})

describe("the browser's SHA-256", () => {
  it("hashes any text exactly as node:crypto does", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme" }), { maxLength: 4 }), (parts) => {
        const node = createHash("sha256")
        const browser = browserHash("sha256")
        for (const p of parts) {
          node.update(p)
          browser.update(p)
        }
        expect(browser.digest("hex")).toBe(node.digest("hex"))
      })
    )
  })
})
