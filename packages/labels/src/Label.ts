/**
 * What one label shows: a title, a price, a SKU, a barcode and an optional logo.
 *
 * @since 0.1.0
 */
import type { Money } from "@microdrop/pricing"
import { Schema } from "effect"
import { SYMBOLOGIES, type Symbology } from "./Barcode.js"

const MoneyValue = Schema.declare(
  (u: unknown): u is Money => {
    if (typeof u !== "object" || u === null) return false
    const m = u as { amount?: unknown; currency?: { code?: unknown; exponent?: unknown } }
    return (
      typeof m.amount === "bigint" &&
      typeof m.currency?.code === "string" &&
      Number.isInteger(m.currency.exponent)
    )
  },
  { expected: "a Money value from @microdrop/pricing (money(amount, currency))" }
)

const Bytes = Schema.declare((u: unknown): u is Uint8Array => u instanceof Uint8Array, {
  expected: "the bytes of a PNG or JPEG image (Uint8Array)"
})

const Text = Schema.String.check(Schema.isMaxLength(500, { message: "must be at most 500 characters" }))

/**
 * The Schema of one label.
 *
 * @category schemas
 * @since 0.1.0
 */
export const LabelSchema = Schema.Struct({
  /** First line, e.g. the product name. */
  title: Schema.optionalKey(Text),
  /** The price, formatted with `@microdrop/pricing`'s `formatMoney` in the render locale. */
  price: Schema.optionalKey(MoneyValue),
  /** The SKU line (left out when the barcode already prints the same text under its bars). */
  sku: Schema.optionalKey(Text),
  /** Further text lines. */
  lines: Schema.optionalKey(
    Schema.Array(Text).check(Schema.isMaxLength(4, { message: "must have at most 4 lines" }))
  ),
  /** The barcode. */
  barcode: Schema.optionalKey(
    Schema.Struct({
      symbology: Schema.Literals(SYMBOLOGIES as [Symbology, ...Array<Symbology>]),
      data: Schema.String.check(Schema.isMinLength(1, { message: "must not be empty" }))
    })
  ),
  /** A logo (PNG or JPEG bytes), scaled into a corner of the text area. */
  logo: Schema.optionalKey(Bytes)
})

/**
 * One label's content.
 *
 * @category models
 * @since 0.1.0
 */
export type Label = typeof LabelSchema.Type
