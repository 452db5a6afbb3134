import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { parseBatchReply } from "../src/LedgerRedis.ts"

describe("parseBatchReply", () => {
  it("reads one record per attempt, with doors that hold the separator, and errors per attempt", () => {
    const door = "gate|7\nnorth"
    const reply = `Redeemed|2|5|1700|0|Exhausted|0|3|1600|${door.length}|${door}!|9|WRONGTYPENotFound|0|0|0|0|`
    const out = parseBatchReply(reply, 4)
    expect(out[0]).toEqual({ _tag: "Redeemed", use: 2, maxUses: 5, at: 1700, replayed: false })
    expect(out[1]).toEqual({ _tag: "Exhausted", maxUses: 3, lastUse: { at: 1600, doorId: door } })
    expect(out[2]).toBeInstanceOf(Error)
    expect(String(out[2])).toContain("WRONGTYPE")
    expect(out[3]).toEqual({ _tag: "NotFound" })
  })

  it("counts a door's length in UTF-8 bytes, as the script's # does, for any Unicode", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", minLength: 1, maxLength: 20 }), (raw) => {
        const door = Buffer.from(raw, "utf8").toString("utf8") // well-formed, as stored
        const bytes = Buffer.byteLength(door, "utf8")
        const reply = `Exhausted|0|1|1600|${bytes}|${door}Redeemed|1|1|5|${bytes}|${door}`
        expect(parseBatchReply(reply, 2)).toEqual([
          { _tag: "Exhausted", maxUses: 1, lastUse: { at: 1600, doorId: door } },
          { _tag: "Redeemed", use: 1, maxUses: 1, at: 5, replayed: false }
        ])
      })
    )
    expect(parseBatchReply("Exhausted|0|1|1600|9|Tür-Süd", 1)).toEqual([
      { _tag: "Exhausted", maxUses: 1, lastUse: { at: 1600, doorId: "Tür-Süd" } }
    ])
  })

  it("refuses a reply with fewer or more records than attempts, so no attempt is answered wrongly", () => {
    expect(() => parseBatchReply("Redeemed|1|1|5|0|", 2)).toThrow()
    expect(() => parseBatchReply("Redeemed|1|1|5|0|Duplicate|0|0|0|0|", 1)).toThrow()
    expect(() => parseBatchReply(["Redeemed"], 1)).toThrow()
  })
})
