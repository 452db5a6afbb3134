import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { InvalidSku } from "../src/errors.js"
import { buildSku, parseSku, SKU_CHARSET, SKU_LIMITS, type SkuParts } from "../src/Sku.js"
import { caught } from "./support/caught.js"

describe("buildSku / parseSku", () => {
  it("builds EVENT-DROP-PRODUCT-VARIANT-C and parses it back", () => {
    const sku = buildSku({ event: "EV26", drop: "D1", product: "TAPE", variant: "BK" })
    expect(sku).toMatch(/^EV26-D1-TAPE-BK-[0-9A-Y]$/)
    expect(parseSku(sku)).toEqual({ event: "EV26", drop: "D1", product: "TAPE", variant: "BK" })
  })

  it("omits the variant when there is none", () => {
    const sku = buildSku({ event: "EV26", drop: "D1", product: "CA55" })
    expect(sku.split("-")).toHaveLength(4)
    expect(parseSku(sku)).toEqual({ event: "EV26", drop: "D1", product: "CA55" })
  })

  it("reads typed text: lower case, spaces around, and look-alikes O→0, I/L→1", () => {
    const sku = buildSku({ event: "E10", drop: "D1", product: "P01" })
    expect(parseSku(`  ${sku.toLowerCase().replace("10", "lO").replace("01", "OI")} `)).toEqual({
      event: "E10",
      drop: "D1",
      product: "P01"
    })
  })

  it("names the part and the rule when a part is too long", () => {
    const e = caught(() => buildSku({ event: "TOOLONGX", drop: "D1", product: "TAPE" }))
    expect(e).toBeInstanceOf(InvalidSku)
    expect(e).toMatchObject({ _tag: "InvalidSku", part: "event", value: "TOOLONGX" })
    expect((e as InvalidSku).message).toBe(
      'SKU event "TOOLONGX" is invalid: must have 1 to 6 characters (has 8).'
    )
  })

  it("refuses a look-alike in a part being built", () => {
    expect(
      caught(() => buildSku({ event: "E1", drop: "D1", product: "TAPE", variant: "BUE" }))
    ).toMatchObject({
      part: "variant",
      rule: expect.stringContaining('"U" is not allowed')
    })
  })

  it("refuses a wrong check character and says what it should be", () => {
    const sku = buildSku({ event: "E1", drop: "D1", product: "TAPE" })
    const wrong = SKU_CHARSET[(SKU_CHARSET.indexOf(sku.at(-1) as string) + 1) % 30] as string
    const e = caught(() => parseSku(sku.slice(0, -1) + wrong)) as InvalidSku
    expect(e).toMatchObject({ _tag: "InvalidSku", part: "check", value: wrong })
    expect(e.message).toContain(`check character must be ${sku.at(-1)}`)
  })

  it("refuses text with the wrong number of parts", () => {
    expect(caught(() => parseSku("E1-D1"))).toMatchObject({ part: "sku", value: "E1-D1" })
  })
})

const part = (name: keyof typeof SKU_LIMITS) =>
  fc.string({
    unit: fc.constantFrom(...SKU_CHARSET),
    minLength: SKU_LIMITS[name].min,
    maxLength: SKU_LIMITS[name].max
  })

const partsArb: fc.Arbitrary<SkuParts> = fc.record(
  { event: part("event"), drop: part("drop"), product: part("product"), variant: part("variant") },
  { requiredKeys: ["event", "drop", "product"] }
)

describe("properties", () => {
  it("round-trips: parseSku(buildSku(p)) = p", () => {
    fc.assert(
      fc.property(partsArb, (p) => {
        expect(parseSku(buildSku(p))).toEqual(p)
      })
    )
  })

  it("is injective: buildSku(p) = buildSku(q) ⇒ p = q", () => {
    fc.assert(
      fc.property(partsArb, partsArb, (p, q) => {
        fc.pre(JSON.stringify(p) !== JSON.stringify(q))
        expect(buildSku(p)).not.toBe(buildSku(q))
      })
    )
  })

  it("detects every single substituted character (separators and check included)", () => {
    const alphabet = `${SKU_CHARSET}U-`
    fc.assert(
      fc.property(partsArb, fc.nat(), fc.nat(), (p, at, by) => {
        const sku = buildSku(p)
        const i = at % sku.length
        const ch = alphabet[by % alphabet.length] as string
        fc.pre(ch !== sku[i])
        const typo = sku.slice(0, i) + ch + sku.slice(i + 1)
        expect(() => parseSku(typo)).toThrow(InvalidSku)
      })
    )
  })

  it("detects every swap of two different neighbours", () => {
    fc.assert(
      fc.property(partsArb, fc.nat(), (p, at) => {
        const sku = buildSku(p)
        const i = at % (sku.length - 1)
        fc.pre(sku[i] !== sku[i + 1])
        const swapped = sku.slice(0, i) + sku[i + 1] + sku[i] + sku.slice(i + 2)
        expect(() => parseSku(swapped)).toThrow(InvalidSku)
      })
    )
  })
})
