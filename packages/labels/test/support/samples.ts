// Barcode samples for every symbology and what a decoder reports for each.
import type { BarcodeSpec } from "../../src/Barcode.js"

export const SAMPLES: ReadonlyArray<BarcodeSpec> = [
  { symbology: "code128", data: "EV26-D1-TAPE-BK-V" },
  { symbology: "gs1-128", data: "(01)09501101530003(10)ABC123" },
  { symbology: "ean13", data: "5901234123457" },
  { symbology: "upca", data: "036000291452" },
  { symbology: "qr", data: "https://example.org/t/EV26-0001" },
  { symbology: "datamatrix", data: "EV26-D1-ZINE-V" }
]

export const FORMAT: Record<string, string> = {
  code128: "Code128",
  "gs1-128": "Code128",
  ean13: "EAN13",
  // A UPC-A symbol is an EAN-13 symbol whose first digit is 0: ZXing reports it as EAN-13 "0" + data.
  upca: "EAN13",
  qr: "QRCode",
  datamatrix: "DataMatrix"
}

export const expectedText = (spec: BarcodeSpec): string =>
  spec.symbology === "upca" ? `0${spec.data}` : spec.data

/** Samples short enough for a 2 × 1 in label at 203 dpi (Code 128 modules snap to 2 dots = 0.25 mm). */
export const SHORT_SAMPLES: ReadonlyArray<BarcodeSpec> = [
  { symbology: "code128", data: "TAPE-01" },
  { symbology: "gs1-128", data: "(01)09501101530003" },
  { symbology: "ean13", data: "5901234123457" },
  { symbology: "upca", data: "036000291452" },
  { symbology: "qr", data: "https://example.org/t/EV26-0001" },
  { symbology: "datamatrix", data: "EV26-D1-ZINE-V" }
]
