import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { DropEvent } from "../../src/DropEvent.ts"
import { decodeEventMessage, encodeEventMessages, instanceIdOf } from "../../src/internal/wire.ts"

const utf8 = new TextEncoder()
const placed = (i: number): DropEvent => ({
  _tag: "HoldPlaced",
  dropId: "drop-1",
  at: 1_700_000_000_000 + i,
  holdId: `hold-${i}-${"x".repeat(40)}`,
  customerId: `customer-${i}`
})
const counter = () => {
  let n = 0
  return () => ++n
}

describe("encodeEventMessages", () => {
  it("splits a large batch into NOTIFY payloads under 8000 bytes that decode back in order", () => {
    const events = Array.from({ length: 500 }, (_, i) => placed(i))
    const messages = encodeEventMessages("instance-a", events, 7900, counter())
    expect(messages.length).toBeGreaterThan(5)
    for (const m of messages) expect(utf8.encode(m).length).toBeLessThanOrEqual(7900)
    const decoded = messages.map((m) => decodeEventMessage(m))
    expect(decoded.every((d) => d?.i === "instance-a")).toBe(true)
    expect(decoded.flatMap((d) => d?.e ?? [])).toEqual(events)
  })

  it("numbers the messages, so two payloads of one transaction are never equal", () => {
    const messages = encodeEventMessages("a", [placed(1), placed(1)], 300, counter())
    expect(messages).toHaveLength(2)
    expect(messages[0]).not.toBe(messages[1])
  })

  it("gives no message for no events", () => {
    expect(encodeEventMessages("a", [], 7900, counter())).toEqual([])
  })

  it("rejects a payload that is not an event message", () => {
    expect(decodeEventMessage("hello")).toBeUndefined()
    expect(decodeEventMessage(JSON.stringify({ i: "a", s: 1, e: [{ _tag: "Nope" }] }))).toBeUndefined()
  })

  describe("properties", () => {
    it("decode(encode(events)) = events, every message within the limit", () => {
      fc.assert(
        fc.property(
          fc.array(fc.nat({ max: 10_000 }), { maxLength: 120 }),
          fc.integer({ min: 400, max: 8000 }),
          (ids, max) => {
            const events = ids.map(placed)
            const messages = encodeEventMessages("inst", events, max, counter())
            for (const m of messages) expect(utf8.encode(m).length).toBeLessThanOrEqual(max)
            expect(messages.flatMap((m) => decodeEventMessage(m)?.e ?? [])).toEqual(events)
          }
        )
      )
    })
  })
})

describe("instanceIdOf", () => {
  it("keeps a given id, and gives one options object one random id", () => {
    expect(instanceIdOf({ instanceId: "mine" })).toBe("mine")
    const options = {}
    expect(instanceIdOf(options)).toBe(instanceIdOf(options))
    expect(instanceIdOf(options)).not.toBe(instanceIdOf({}))
  })
})
