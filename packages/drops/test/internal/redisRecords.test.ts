// The Redis records' TypeScript codecs: what the Lua scripts write (a hold `<status> <createdAt>
// <lines> <customerId>`, an entry `<lines> <token>`, a key record `<fp>\n<status>\n<holdId>`) reads
// back as the hold or entry it stands for, for any ids and SKUs the store accepts.
import { Effect } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Hold } from "../../src/Hold.ts"
import {
  decodeEntryRecord,
  decodeResult,
  encodeLines,
  isHoldKeyRecord,
  keyRecordHoldId,
  parseHold
} from "../../src/internal/redisRecords.ts"
import { testDrop } from "../../src/testing.ts"

// ids, keys and SKUs as the store accepts them: no whitespace, SKUs without `*` or `,`, any Unicode
const word = fc.string({ minLength: 1, maxLength: 12, unit: "grapheme" }).filter((s) => !/\s/.test(s))
const sku = word.filter((s) => !s.includes("*") && !s.includes(","))
const lines = fc.uniqueArray(fc.record({ sku, quantity: fc.integer({ min: 1, max: 1_000_000 }) }), {
  minLength: 1,
  maxLength: 4,
  selector: (l) => l.sku
})
// entries are checked with the StoredEntry schema: ids of letters, digits and . _ : -
const id = fc.stringMatching(/^[A-Za-z0-9._:-]{1,12}$/)
const idLines = fc.uniqueArray(fc.record({ sku: id, quantity: fc.integer({ min: 1, max: 1_000_000 }) }), {
  minLength: 1,
  maxLength: 4,
  selector: (l) => l.sku
})
const status = fc.constantFrom<Hold["status"]>("held", "confirmed", "released", "expired")
const drop = testDrop({ id: "drop-records" })

/** A hold record as apply.lua writes it. */
const luaHoldRecord = (h: Pick<Hold, "status" | "createdAt" | "lines" | "customerId">): string =>
  `${h.status} ${h.createdAt} ${encodeLines(h.lines)} ${h.customerId}`

describe("Redis record codecs", () => {
  it("a hold record reads back as the hold, expiresAt from the drop's holdMs", () => {
    fc.assert(
      fc.property(word, word, status, fc.nat(), lines, (id, customerId, st, createdAt, ls) => {
        const hold = parseHold(id, drop, luaHoldRecord({ status: st, createdAt, lines: ls, customerId }), 0)
        expect(hold).toEqual({
          id,
          dropId: drop.id,
          customerId,
          lines: ls,
          status: st,
          createdAt,
          expiresAt: createdAt + drop.holdMs
        })
      })
    )
  })

  it("a replay result `r<status> <id> <record>` answers the hold with the key's status", () => {
    fc.assert(
      fc.property(word, word, status, status, fc.nat(), lines, (id, customerId, keySt, st, createdAt, ls) => {
        const record = luaHoldRecord({ status: st, createdAt, lines: ls, customerId })
        const result = decodeResult(drop, `r${keySt} ${id} ${record}`, undefined)
        expect(result).toMatchObject({ ok: true, replayed: true, hold: { id, status: keySt, customerId } })
      })
    )
  })

  it("an entry record reads back as the entry; a record without lines' `*` is refused, not a crash", async () => {
    await fc.assert(
      fc.asyncProperty(id, id, idLines, async (customerId, token, ls) => {
        const entry = await Effect.runPromise(decodeEntryRecord(customerId, `${encodeLines(ls)} ${token}`))
        expect(entry).toEqual({ customerId, lines: ls, token })
      })
    )
    const bad = await Effect.runPromise(Effect.flip(decodeEntryRecord("c1", "TAPE2 token")))
    expect(bad._tag).toBe("SchemaError")
  })

  it("a key record names its hold id and whether a hold wrote it", () => {
    fc.assert(
      fc.property(word, word, status, (fp, id, st) => {
        expect(keyRecordHoldId(`hold|${fp}\n${st}\n${id}`)).toBe(id)
        expect(isHoldKeyRecord(`hold|${fp}\n${st}\n${id}`)).toBe(true)
        expect(isHoldKeyRecord(`confirm|${fp}\n${st}\n${id}`)).toBe(false)
      })
    )
  })
})
