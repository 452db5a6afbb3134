/**
 * Batch SKUs for every product (and variant) of a `@microdrop/pricing` catalog.
 *
 * @since 0.1.0
 */
import type { Catalog, Product } from "@microdrop/pricing"
import { DuplicateSku, InvalidSku } from "./errors.js"
import { buildSku, SKU_CHARSET, SKU_LIMITS } from "./Sku.js"

/**
 * One SKU of a catalog batch.
 *
 * @category models
 * @since 0.1.0
 */
export interface CatalogSku {
  /** The catalog product. */
  readonly product: Product
  /** The variant code, when the product has variants. */
  readonly variant?: string
  /** The built SKU (`EVENT-DROP-PRODUCT[-VARIANT]-C`). */
  readonly sku: string
}

/**
 * Options of `catalogSkus`.
 *
 * @category models
 * @since 0.1.0
 */
export interface CatalogSkusOptions {
  /** The event part of every SKU. */
  readonly event: string
  /** The drop part of every SKU. */
  readonly drop: string
  /** Variant codes per catalog SKU (e.g. `{ TAPE: ["BK", "RED"] }`); products not listed get none. */
  readonly variants?: Readonly<Record<string, ReadonlyArray<string>>>
  /** The product part from a catalog product (default: its catalog SKU made safe, see `safeSkuPart`). */
  readonly productCode?: (product: Product) => string
}

const LOOK_ALIKES: Readonly<Record<string, string>> = { I: "1", L: "1", O: "0", S: "5", Z: "2", U: "V" }

/**
 * Makes free text safe for a SKU part: upper-cased, look-alikes mapped to the character they resemble
 * (I/L → 1, O → 0, S → 5, Z → 2, U → V), other characters dropped, cut to `max` characters.
 *
 * @param text - Any text, e.g. a catalog SKU "tape-black".
 * @param max - The part's maximum length (default 8, the product limit).
 * @returns The safe part (may be empty when nothing usable remains).
 * @example
 * ```ts
 * import { safeSkuPart } from "@microdrop/labels"
 * safeSkuPart("zine-issue-1") // => "21NE155V"
 * ```
 * @since 0.1.0
 */
export const safeSkuPart = (text: string, max: number = SKU_LIMITS.product.max): string =>
  [...text.toUpperCase()]
    .map((ch) => LOOK_ALIKES[ch] ?? ch)
    .filter((ch) => SKU_CHARSET.includes(ch))
    .join("")
    .slice(0, max)

/**
 * Builds a SKU for every product of a catalog, one per variant when variants are given, in catalog
 * order. Product codes default to the catalog SKU made safe (`safeSkuPart`).
 *
 * @param catalog - A decoded `@microdrop/pricing` catalog.
 * @param options - Event and drop parts, variants per catalog SKU, and an optional product code function.
 * @returns One entry per product × variant.
 * @throws InvalidSku when a part breaks a rule; DuplicateSku when two entries would share a SKU.
 * @example
 * ```ts
 * import { decodeCatalog } from "@microdrop/pricing"
 * import { catalogSkus } from "@microdrop/labels"
 * const c = decodeCatalog({ currency: "EUR", products: [{ kind: "merch", sku: "TAPE", name: "Tape", price: 900, taxClass: "std" }],
 *   tax: { mode: "inclusive", rounding: "line", classes: { std: [] } } })
 * if (c.ok) catalogSkus(c.value, { event: "EV26", drop: "D1", variants: { TAPE: ["BK"] } }).map((s) => s.sku)
 * // => ["EV26-D1-TAPE-BK-V"]
 * ```
 * @since 0.1.0
 */
export const catalogSkus = (catalog: Catalog, options: CatalogSkusOptions): ReadonlyArray<CatalogSku> => {
  const out: CatalogSku[] = []
  const seen = new Map<string, string>()
  for (const product of catalog.products) {
    const code = options.productCode ? options.productCode(product) : safeSkuPart(product.sku)
    if (code === "")
      throw new InvalidSku({
        part: "product",
        rule: "has no SKU-safe characters: pass a productCode function",
        value: product.sku
      })
    const variants = options.variants?.[product.sku]
    for (const variant of variants && variants.length > 0 ? variants : [undefined]) {
      const sku = buildSku({ event: options.event, drop: options.drop, product: code, variant })
      const name = variant === undefined ? product.sku : `${product.sku} / ${variant}`
      const first = seen.get(sku)
      if (first !== undefined) throw new DuplicateSku({ sku, first, second: name })
      seen.set(sku, name)
      out.push(variant === undefined ? { product, sku } : { product, variant, sku })
    }
  }
  return out
}
