/**
 * Barcode symbols: data checked and encoded by bwip-js into module geometry (bars or a dark-module
 * matrix), with each symbology's quiet zones and minimum module width.
 *
 * @since 0.1.0
 */
import bwipjs from "bwip-js"
import { InvalidBarcodeData } from "./errors.js"

/**
 * The symbologies this package prints.
 *
 * @category models
 * @since 0.1.0
 */
export type Symbology = "code128" | "gs1-128" | "ean13" | "upca" | "qr" | "datamatrix"

/**
 * Every symbology, in a stable order.
 *
 * @category constants
 * @since 0.1.0
 */
export const SYMBOLOGIES: ReadonlyArray<Symbology> = [
  "code128",
  "gs1-128",
  "ean13",
  "upca",
  "qr",
  "datamatrix"
]

/**
 * A barcode to print: a symbology and its data.
 *
 * @category models
 * @since 0.1.0
 */
export interface BarcodeSpec {
  /** The symbology. */
  readonly symbology: Symbology
  /**
   * The data: any printable ASCII for Code 128; bracketed GS1 element strings for GS1-128
   * (`(01)09501101530003(10)ABC123`); 12 or 13 digits for EAN-13; 11 or 12 digits for UPC-A (the check
   * digit is computed, or verified when given); any text for QR and DataMatrix (UTF-8).
   */
  readonly data: string
}

/**
 * Per-symbology print rules: minimum module width X (mm) and quiet zones in modules.
 *
 * @category constants
 * @since 0.1.0
 */
export const SYMBOLOGY_RULES: Readonly<
  Record<
    Symbology,
    {
      /** Smallest module width (mm) this package prints. */
      readonly minModuleMm: number
      /** Largest module width (mm) used when there is room to spare. */
      readonly maxModuleMm: number
      /** Quiet zone left / right (linear) or on every side (2D), in modules. */
      readonly quiet: { readonly left: number; readonly right: number }
      /** Linear (bars) or matrix (2D). */
      readonly kind: "linear" | "matrix"
    }
  >
> = {
  code128: { minModuleMm: 0.19, maxModuleMm: 0.5, quiet: { left: 10, right: 10 }, kind: "linear" },
  "gs1-128": { minModuleMm: 0.25, maxModuleMm: 0.6, quiet: { left: 10, right: 10 }, kind: "linear" },
  ean13: { minModuleMm: 0.264, maxModuleMm: 0.5, quiet: { left: 11, right: 7 }, kind: "linear" },
  upca: { minModuleMm: 0.264, maxModuleMm: 0.5, quiet: { left: 9, right: 9 }, kind: "linear" },
  qr: { minModuleMm: 0.25, maxModuleMm: 1.5, quiet: { left: 4, right: 4 }, kind: "matrix" },
  datamatrix: { minModuleMm: 0.25, maxModuleMm: 1.5, quiet: { left: 1, right: 1 }, kind: "matrix" }
}

/**
 * An encoded symbol in module units (no quiet zone, which `SYMBOLOGY_RULES` gives).
 *
 * @category models
 * @since 0.1.0
 */
export type BarcodeSymbol =
  | {
      /** Bars. */
      readonly kind: "linear"
      /** The symbology. */
      readonly symbology: Symbology
      /** The data as encoded (with its check digit for EAN-13 / UPC-A). */
      readonly data: string
      /** Width in modules. */
      readonly width: number
      /** Each bar as [left edge, width] in modules. */
      readonly bars: ReadonlyArray<readonly [number, number]>
    }
  | {
      /** A square or rectangular grid of modules. */
      readonly kind: "matrix"
      /** The symbology. */
      readonly symbology: Symbology
      /** The data as given. */
      readonly data: string
      /** Columns. */
      readonly width: number
      /** Rows. */
      readonly height: number
      /** Row-major dark modules (1 dark), top row first. */
      readonly modules: ReadonlyArray<number>
    }

/** What bwip-js `raw` returns, read field by field. */
export type RawResult = ReadonlyArray<Record<string, unknown>>

const BCID: Readonly<Record<Symbology, string>> = {
  code128: "code128",
  "gs1-128": "gs1-128",
  ean13: "ean13",
  upca: "upca",
  qr: "qrcode",
  datamatrix: "datamatrix"
}

/**
 * The GS1 mod-10 check digit of a digit string (EAN-13, UPC-A, GTIN-14 …): weights 3, 1, 3 … from the
 * right.
 *
 * @param digits - The digits without their check digit.
 * @returns The check digit (0-9).
 * @throws InvalidBarcodeData when the text is not all digits.
 * @example
 * ```ts
 * import { gs1CheckDigit } from "@microdrop/labels"
 * gs1CheckDigit("590123412345") // => 7
 * ```
 * @since 0.1.0
 */
export const gs1CheckDigit = (digits: string): number => {
  if (!/^\d+$/.test(digits))
    throw new InvalidBarcodeData({ symbology: "gs1", rule: "must be digits only", value: digits })
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(digits.length - 1 - i) - 48
    sum += i % 2 === 0 ? d * 3 : d
  }
  return (10 - (sum % 10)) % 10
}

const retail = (symbology: "ean13" | "upca", data: string): string => {
  const n = symbology === "ean13" ? 12 : 11
  if (!/^\d+$/.test(data) || (data.length !== n && data.length !== n + 1))
    throw new InvalidBarcodeData({
      symbology,
      rule: `must be ${n} digits (the check digit is added) or ${n + 1} digits with a valid check digit`,
      value: data
    })
  const expected = gs1CheckDigit(data.slice(0, n))
  if (data.length === n + 1 && Number(data[n]) !== expected)
    throw new InvalidBarcodeData({ symbology, rule: `check digit must be ${expected}`, value: data })
  return data.slice(0, n) + String(expected)
}

/** Bytes of the UTF-8 encoding as a binary string (one char per byte), which BWIPP encodes as bytes. */
const utf8Binary = (text: string): string => {
  let out = ""
  for (const b of new TextEncoder().encode(text)) out += String.fromCharCode(b)
  return out
}

/** The data as bwip-js must receive it, after the checks BWIPP does not word helpfully. */
const prepare = (spec: BarcodeSpec): string => {
  const { symbology, data } = spec
  if (typeof data !== "string" || data.length === 0)
    throw new InvalidBarcodeData({ symbology, rule: "must be non-empty text", value: String(data) })
  switch (symbology) {
    case "ean13":
    case "upca":
      return retail(symbology, data)
    case "code128":
      if (!/^[\x20-\x7e]+$/.test(data))
        throw new InvalidBarcodeData({
          symbology,
          rule: "must be printable ASCII (use QR for other text)",
          value: data
        })
      return data
    case "gs1-128":
      if (!data.startsWith("("))
        throw new InvalidBarcodeData({
          symbology,
          rule: "must be bracketed GS1 element strings such as (01)09501101530003(10)ABC123",
          value: data
        })
      return data
    case "qr":
    case "datamatrix":
      return utf8Binary(data)
  }
}

/**
 * Checks and encodes barcode data into module geometry (bwip-js `raw`, no rasterising).
 *
 * @param spec - The symbology and data.
 * @returns The symbol in modules; EAN-13 / UPC-A data comes back with its check digit.
 * @throws InvalidBarcodeData naming the symbology and the rule (BWIPP's own reason when it refuses).
 * @example
 * ```ts
 * import { encodeBarcode } from "@microdrop/labels"
 * const s = encodeBarcode({ symbology: "ean13", data: "590123412345" })
 * s.data // => "5901234123457"
 * s.width // => 95
 * ```
 * @since 0.1.0
 */
export const encodeBarcode = (spec: BarcodeSpec): BarcodeSymbol => {
  const text = prepare(spec)
  let raw: RawResult
  try {
    raw = bwipjs.raw(BCID[spec.symbology], text, {}) as RawResult
  } catch (e) {
    const reason = String((e as Error).message ?? e).replace(/^bwipp\.\w+#\d+:\s*/, "")
    throw new InvalidBarcodeData({ symbology: spec.symbology, rule: reason, value: spec.data })
  }
  return fromRaw(spec, text, raw)
}

/** Builds the symbol from bwip-js `raw` output (also used with results computed in a worker). */
export const fromRaw = (spec: BarcodeSpec, text: string, raw: RawResult): BarcodeSymbol => {
  const first = raw[0] as Record<string, unknown>
  const data = spec.symbology === "ean13" || spec.symbology === "upca" ? text : spec.data
  if (Array.isArray(first["sbs"])) {
    const sbs = first["sbs"] as ReadonlyArray<number>
    const bars: Array<readonly [number, number]> = []
    let x = 0
    sbs.forEach((w, i) => {
      if (i % 2 === 0) bars.push([x, w])
      x += w
    })
    return { kind: "linear", symbology: spec.symbology, data, width: x, bars }
  }
  const width = first["pixx"] as number
  const height = first["pixy"] as number
  return {
    kind: "matrix",
    symbology: spec.symbology,
    data,
    width,
    height,
    modules: first["pixs"] as number[]
  }
}

/** The bwip-js call an encoding needs (for the worker pool): bcid and prepared text. */
export const rawRequest = (spec: BarcodeSpec): readonly [string, string] => [
  BCID[spec.symbology],
  prepare(spec)
]
