// What a person reads when an id or a SKU is refused: the rule in words ("printable ASCII
// characters without spaces"), never the regex behind it, for every id field and any text.
import { Exit, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Drop } from "../src/Drop.ts"
import { EntryRequest } from "../src/Entry.ts"
import { HoldAction, HoldRequest } from "../src/Hold.ts"
import { testDrop } from "../src/testing.ts"

const hold = { dropId: "d", customerId: "c", lines: [{ sku: "T", quantity: 1 }], idempotencyKey: "k" }
const action = { dropId: "d", holdId: "h", idempotencyKey: "k" }
const entry = { dropId: "d", customerId: "c", lines: [{ sku: "T", quantity: 1 }] }

/** Every id field of every request: [name, schema, build a value with that id]. */
const idFields: ReadonlyArray<readonly [string, Schema.Top, (id: string) => unknown]> = [
  ["Drop.id", Drop, (id) => ({ ...testDrop(), id })],
  [
    "Drop.windows.passes",
    Drop,
    (id) => ({ ...testDrop(), windows: [{ name: "W", opensAt: 0, closesAt: 1, passes: [id] }] })
  ],
  ["HoldRequest.dropId", HoldRequest, (id) => ({ ...hold, dropId: id })],
  ["HoldRequest.customerId", HoldRequest, (id) => ({ ...hold, customerId: id })],
  ["HoldRequest.idempotencyKey", HoldRequest, (id) => ({ ...hold, idempotencyKey: id })],
  ["HoldRequest.passes", HoldRequest, (id) => ({ ...hold, passes: ["vip", id] })],
  ["HoldAction.dropId", HoldAction, (id) => ({ ...action, dropId: id })],
  ["HoldAction.holdId", HoldAction, (id) => ({ ...action, holdId: id })],
  ["HoldAction.idempotencyKey", HoldAction, (id) => ({ ...action, idempotencyKey: id })],
  ["EntryRequest.customerId", EntryRequest, (id) => ({ ...entry, customerId: id })],
  ["EntryRequest.passes", EntryRequest, (id) => ({ ...entry, passes: [id] })]
]

const decodeMessage = (schema: Schema.Top, value: unknown): string => {
  const exit = Schema.decodeUnknownExit(schema as Schema.Codec<unknown, unknown>)(value)
  return Exit.isFailure(exit) ? String(exit.cause) : "accepted"
}

// any text: astral characters, combining marks, NUL, lone surrogates, spaces, and plain ids
const anyText = fc.oneof(
  fc.string({ unit: "binary", minLength: 1, maxLength: 20 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 }),
  fc.stringMatching(/^[!-~]{1,20}$/),
  fc.constantFrom("Tür-Süd", "北门", "e\u0301", "\u{1F3B5}", "a\u0000b", "\uD800", "a b", "tab\there")
)

describe("id messages", () => {
  for (const [name, schema, build] of idFields)
    it(`${name}: accepted exactly when printable ASCII without spaces, else refused saying so (property)`, () => {
      fc.assert(
        fc.property(anyText, (id) => {
          const message = decodeMessage(schema, build(id))
          if (/^[!-~]{1,128}$/.test(id)) expect(message).toBe("accepted")
          else {
            expect(message).toContain("Expected printable ASCII characters without spaces")
            expect(message).not.toContain("[!-~]")
            expect(message).not.toContain("RegExp")
          }
        })
      )
    })
})

describe("SKU messages", () => {
  it("say which characters a SKU may have, never the regex (property)", () => {
    fc.assert(
      fc.property(
        anyText.filter((s) => s.length <= 64 && !/^[A-Za-z0-9._:-]+$/.test(s)),
        (sku) => {
          const message = decodeMessage(HoldRequest, { ...hold, lines: [{ sku, quantity: 1 }] })
          expect(message).toContain("Expected only the letters A-Z and a-z, digits and . _ : - (no spaces)")
          expect(message).not.toContain("RegExp")
        }
      )
    )
  })
})
