import { execFileSync } from "node:child_process"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type BarcodeSymbol, encodeBarcode, gs1CheckDigit } from "../src/Barcode.js"
import { InvalidBarcodeData } from "../src/errors.js"
import { caught } from "./support/caught.js"
import { zxing } from "./support/raster.js"

/** Modules of a linear symbol as a 0/1 string. */
const bits = (s: BarcodeSymbol): string => {
  if (s.kind !== "linear") throw new Error("linear only")
  const out = Array.from({ length: s.width }, () => "0")
  for (const [x, w] of s.bars) for (let i = x; i < x + w; i++) out[i] = "1"
  return out.join("")
}

/** Debian's zint (an encoder independent of BWIPP) as a 0/1 module string; `--dump` prints hex rows. */
const zint = (barcodeType: number, data: string, gs1 = false): string => {
  const out = execFileSync(
    "zint",
    ["-b", String(barcodeType), ...(gs1 ? ["--gs1", "--gs1parens"] : []), "-d", data, "--dump"],
    {
      encoding: "utf8"
    }
  )
  return out
    .trim()
    .split(/\s+/)
    .map((h) =>
      Number.parseInt(h, 16)
        .toString(2)
        .padStart(h.length * 4, "0")
    )
    .join("")
}

/** Decodes a 0/1 module string drawn at 3 px per module with a 10-module quiet zone. */
const decodeBits = async (b: string): Promise<ReadonlyArray<string>> => {
  const width = (b.length + 20) * 3
  const height = 60
  const data = new Uint8Array(width * height).fill(255)
  for (let r = 0; r < height; r++)
    for (let i = 0; i < b.length; i++)
      if (b[i] === "1") data.fill(0, r * width + (i + 10) * 3, r * width + (i + 11) * 3)
  return (await zxing({ width, height, data })).map((r) => r.text)
}

describe("gs1CheckDigit", () => {
  it("computes the GS1 mod-10 check digit (weights 3, 1 from the right)", () => {
    expect(gs1CheckDigit("590123412345")).toBe(7)
    expect(gs1CheckDigit("03600029145")).toBe(2)
    expect(gs1CheckDigit("0950110153000")).toBe(3)
  })

  it("refuses non-digits with a tagged error", () => {
    expect(caught(() => gs1CheckDigit("12a"))).toMatchObject({
      _tag: "InvalidBarcodeData",
      rule: "must be digits only"
    })
  })
})

describe("encodeBarcode", () => {
  it("adds the EAN-13 and UPC-A check digit, and verifies a given one", () => {
    expect(encodeBarcode({ symbology: "ean13", data: "590123412345" }).data).toBe("5901234123457")
    expect(encodeBarcode({ symbology: "upca", data: "03600029145" }).data).toBe("036000291452")
    const e = caught(() => encodeBarcode({ symbology: "ean13", data: "5901234123458" })) as InvalidBarcodeData
    expect(e).toBeInstanceOf(InvalidBarcodeData)
    expect(e.message).toBe('Cannot encode "5901234123458" as ean13: check digit must be 7.')
  })

  it("refuses GS1-128 data without bracketed AIs, and a bad GTIN checksum in words from BWIPP", () => {
    expect(caught(() => encodeBarcode({ symbology: "gs1-128", data: "0109501101530003" }))).toMatchObject({
      rule: expect.stringContaining("bracketed GS1 element strings")
    })
    expect(caught(() => encodeBarcode({ symbology: "gs1-128", data: "(01)09501101530004" }))).toMatchObject({
      _tag: "InvalidBarcodeData",
      rule: "AI 01: Bad checksum"
    })
  })

  it("refuses non-ASCII Code 128 and empty data", () => {
    expect(caught(() => encodeBarcode({ symbology: "code128", data: "café" }))).toMatchObject({
      symbology: "code128"
    })
    expect(caught(() => encodeBarcode({ symbology: "qr", data: "" }))).toMatchObject({
      rule: "must be non-empty text"
    })
  })

  it("gives 2D symbols as a module matrix", () => {
    const qr = encodeBarcode({ symbology: "qr", data: "hello" })
    expect(qr).toMatchObject({ kind: "matrix", width: 21, height: 21 })
  })
})

describe("agreement with zint, an independent encoder", () => {
  it("encodes the same EAN-13 and UPC-A modules (so the same check digits)", () => {
    expect(bits(encodeBarcode({ symbology: "ean13", data: "590123412345" }))).toBe(
      zint(13, "590123412345").slice(0, 95)
    )
    expect(bits(encodeBarcode({ symbology: "upca", data: "03600029145" }))).toBe(
      zint(34, "03600029145").slice(0, 95)
    )
  })

  it("encodes the same GS1-128 element string modules", () => {
    const data = "(01)09501101530003(10)ABC123"
    const ours = bits(encodeBarcode({ symbology: "gs1-128", data }))
    expect(ours).toBe(zint(16, data, true).slice(0, ours.length))
  })

  it("agrees on random GTIN-13 check digits and GS1 (01)+(10) element strings", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 12, maxLength: 12 }),
        fc.string({ unit: fc.constantFrom(..."ABCDEFGHJK0123456789"), minLength: 1, maxLength: 10 }),
        async (digits, batch) => {
          const ean = encodeBarcode({ symbology: "ean13", data: digits })
          expect(bits(ean)).toBe(zint(13, digits).slice(0, 95))
          const gtin = `0${digits}${gs1CheckDigit(`0${digits}`)}`
          const data = `(01)${gtin}(10)${batch}`
          // Code 128 set switching is an encoder's choice: the two may pick different modules for the
          // same element string, so both symbols are decoded and must give the same GS1 text.
          const ours = bits(encodeBarcode({ symbology: "gs1-128", data }))
          const theirs = zint(16, data, true).replace(/0+$/, "")
          expect(await decodeBits(ours)).toEqual([data])
          expect(await decodeBits(theirs)).toEqual([data])
        }
      ),
      { numRuns: 25 }
    )
  })
})
