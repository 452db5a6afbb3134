/**
 * The catalog Schema: products, price rules, discounts, fees and taxes of one event, in one currency.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { InvalidInput } from "./errors.ts"
import { Count, CurrencyCode, Id, Instant, MinorUnits, Percent, Sku } from "./internal/fields.ts"
import { decodeWith } from "./internal/schemaIssues.ts"
import type { Result } from "./Result.ts"

/**
 * The currency of an item's amounts, if the file names one: it must be the catalog's (checked by
 * `crossCheck`), so a JPY price in a EUR catalog is refused instead of being read as EUR cents.
 */
const ItemCurrency = { currency: Schema.optionalKey(CurrencyCode) }

const SaleWindow = Schema.Struct({
  /** Sales open at this instant (inclusive). */
  from: Schema.optionalKey(Instant),
  /** Sales close at this instant (exclusive). */
  until: Schema.optionalKey(Instant)
})

const productFields = {
  /** Unique SKU. */
  sku: Sku,
  /** Name shown to buyers. */
  name: Schema.NonEmptyString,
  /** List price per unit in minor units (tax included or not, as `tax.mode` says). */
  price: MinorUnits,
  /** Currency of `price`, if written: must be the catalog's currency. */
  ...ItemCurrency,
  /** Key of `tax.classes`. */
  taxClass: Schema.NonEmptyString,
  /** Units that can ever be sold (omit for unlimited). */
  capacity: Schema.optionalKey(Count(0)),
  /** When the product is on sale (a drop window); omit for always. */
  sale: Schema.optionalKey(SaleWindow)
}

/** Catalog products, tagged by `kind`. */
const Product = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("ticket"), ...productFields }),
  Schema.Struct({
    kind: Schema.Literal("addon"),
    ...productFields,
    /** Add-ons allowed per ticket in the same cart (default 1). */
    maxPerTicket: Schema.optionalKey(Count(1))
  }),
  Schema.Struct({ kind: Schema.Literal("pass"), ...productFields }),
  Schema.Struct({ kind: Schema.Literal("merch"), ...productFields }),
  Schema.Struct({
    kind: Schema.Literal("bundle"),
    ...productFields,
    /** The SKUs sold together; the bundle price is allocated to them by list price × quantity. */
    components: Schema.NonEmptyArray(Schema.Struct({ sku: Sku, quantity: Count(1) }))
  }),
  Schema.Struct({
    kind: Schema.Literal("subscription"),
    ...productFields,
    /** Billing period. */
    interval: Schema.Literals(["month", "year"])
  })
])

const PriceRule = Schema.Union([
  Schema.Struct({
    kind: Schema.Literal("early-bird"),
    id: Id,
    skus: Schema.NonEmptyArray(Sku),
    from: Schema.optionalKey(Instant),
    until: Instant,
    price: MinorUnits,
    ...ItemCurrency
  }),
  Schema.Struct({
    kind: Schema.Literal("first-n"),
    id: Id,
    sku: Sku,
    /** Ascending `upTo`: units number 0 … upTo−1 (counting units already sold) cost `price`. */
    tiers: Schema.NonEmptyArray(Schema.Struct({ upTo: Count(1), price: MinorUnits })),
    ...ItemCurrency
  }),
  Schema.Struct({
    kind: Schema.Literal("member"),
    id: Id,
    skus: Schema.NonEmptyArray(Sku),
    price: MinorUnits,
    ...ItemCurrency
  })
])

const discountFields = {
  id: Id,
  name: Schema.NonEmptyString,
  /** SKUs it applies to (default: every line). */
  skus: Schema.optionalKey(Schema.Array(Sku)),
  /** Only when the buyer enters this code (case-insensitive). */
  code: Schema.optionalKey(Schema.NonEmptyString),
  /** Stacks with other discounts (default false: only the best non-stackable discount applies). */
  stackable: Schema.optionalKey(Schema.Boolean)
}

const Discount = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("percent"), ...discountFields, percent: Percent }),
  Schema.Struct({ kind: Schema.Literal("fixed"), ...discountFields, amount: MinorUnits, ...ItemCurrency })
])

const Fee = Schema.Union([
  Schema.Struct({
    kind: Schema.Literal("per-item"),
    id: Id,
    name: Schema.NonEmptyString,
    amount: MinorUnits,
    ...ItemCurrency,
    skus: Schema.optionalKey(Schema.Array(Sku)),
    /** Tax class of the fee (default: not taxed); its amount follows `tax.mode` like a price. */
    taxClass: Schema.optionalKey(Schema.NonEmptyString)
  }),
  Schema.Struct({
    kind: Schema.Literal("per-order"),
    id: Id,
    name: Schema.NonEmptyString,
    amount: MinorUnits,
    ...ItemCurrency,
    /** Tax class of the fee (default: not taxed); its amount follows `tax.mode` like a price. */
    taxClass: Schema.optionalKey(Schema.NonEmptyString)
  }),
  Schema.Struct({
    kind: Schema.Literal("payment"),
    id: Id,
    name: Schema.NonEmptyString,
    percent: Percent,
    fixed: MinorUnits,
    ...ItemCurrency,
    /** The promoter pays it (not added to the buyer's total). */
    absorbed: Schema.optionalKey(Schema.Boolean)
  })
])

const TaxRate = Schema.Struct({ id: Id, name: Schema.NonEmptyString, rate: Percent })

const Tax = Schema.Struct({
  /** "inclusive": prices contain tax (EU VAT); "exclusive": tax is added on top (US sales tax). */
  mode: Schema.Literals(["inclusive", "exclusive"]),
  /** "line": round each line's tax; "total": round each rate's total once, then share it over lines. */
  rounding: Schema.Literals(["line", "total"]),
  /** Rounding of tax amounts (default "half-even"). */
  roundingMode: Schema.optionalKey(
    Schema.Literals(["half-even", "half-up", "half-down", "down", "up", "floor", "ceil"])
  ),
  /** Tax class → the rates it pays (several rates apply to the same base, e.g. state + city). */
  classes: Schema.Record(Schema.String, Schema.Array(TaxRate))
})

type Issue = { readonly path: ReadonlyArray<PropertyKey>; readonly issue: string }

const CatalogFields = Schema.Struct({
  currency: CurrencyCode,
  products: Schema.Array(Product),
  priceRules: Schema.optionalKey(Schema.Array(PriceRule)),
  discounts: Schema.optionalKey(Schema.Array(Discount)),
  fees: Schema.optionalKey(Schema.Array(Fee)),
  tax: Tax
})

/** Cross-field rules: references resolve, identifiers are unique, tiers ascend, windows are ordered. */
const crossCheck = (c: typeof CatalogFields.Type): ReadonlyArray<Issue> => {
  const issues: Issue[] = []
  const sameCurrency = (list: ReadonlyArray<object> | undefined, field: string) =>
    list?.forEach((item, i) => {
      const currency = "currency" in item ? item.currency : undefined
      if (currency !== undefined && currency !== c.currency)
        issues.push({
          path: [field, i, "currency"],
          issue: `is ${String(currency)} but the catalog's currency is ${c.currency}: every amount of a catalog is in its currency`
        })
    })
  sameCurrency(c.products, "products")
  sameCurrency(c.priceRules, "priceRules")
  sameCurrency(c.discounts, "discounts")
  sameCurrency(c.fees, "fees")
  const skus = new Map<string, (typeof c.products)[number]>()
  c.products.forEach((p, i) => {
    if (skus.has(p.sku)) issues.push({ path: ["products", i, "sku"], issue: `duplicate SKU "${p.sku}"` })
    skus.set(p.sku, p)
    if (c.tax.classes[p.taxClass] === undefined)
      issues.push({
        path: ["products", i, "taxClass"],
        issue: `unknown tax class "${p.taxClass}" (not in tax.classes)`
      })
    if (
      p.sale?.from !== undefined &&
      p.sale.until !== undefined &&
      Date.parse(p.sale.from) >= Date.parse(p.sale.until)
    )
      issues.push({ path: ["products", i, "sale"], issue: "from must be before until" })
  })
  c.products.forEach((p, i) => {
    if (p.kind !== "bundle") return
    p.components.forEach((comp, j) => {
      const target = skus.get(comp.sku)
      if (target === undefined)
        issues.push({ path: ["products", i, "components", j, "sku"], issue: `unknown SKU "${comp.sku}"` })
      else if (target.kind === "bundle")
        issues.push({
          path: ["products", i, "components", j, "sku"],
          issue: "a bundle cannot contain a bundle"
        })
    })
  })
  const ids = new Set<string>()
  const uniqueId = (path: ReadonlyArray<PropertyKey>, id: string) => {
    if (ids.has(id))
      issues.push({ path, issue: `duplicate id "${id}" (rules, discounts, fees and rates share ids)` })
    ids.add(id)
  }
  const knownSku = (path: ReadonlyArray<PropertyKey>, sku: string) => {
    if (!skus.has(sku)) issues.push({ path, issue: `unknown SKU "${sku}"` })
  }
  ;(c.priceRules ?? []).forEach((r, i) => {
    uniqueId(["priceRules", i, "id"], r.id)
    if (r.kind === "first-n") {
      knownSku(["priceRules", i, "sku"], r.sku)
      r.tiers.forEach((t, j) => {
        const prev = j === 0 ? 0 : (r.tiers[j - 1]?.upTo ?? 0)
        if (t.upTo <= prev)
          issues.push({
            path: ["priceRules", i, "tiers", j, "upTo"],
            issue: "tiers must have strictly ascending upTo"
          })
      })
    } else
      r.skus.forEach((s, j) => {
        knownSku(["priceRules", i, "skus", j], s)
      })
    if (r.kind === "early-bird" && r.from !== undefined && Date.parse(r.from) >= Date.parse(r.until))
      issues.push({ path: ["priceRules", i, "from"], issue: "from must be before until" })
  })
  const codes = new Set<string>()
  ;(c.discounts ?? []).forEach((d, i) => {
    uniqueId(["discounts", i, "id"], d.id)
    d.skus?.forEach((s, j) => {
      knownSku(["discounts", i, "skus", j], s)
    })
    if (d.code !== undefined) {
      const code = d.code.trim().toUpperCase()
      if (codes.has(code))
        issues.push({ path: ["discounts", i, "code"], issue: `duplicate code "${d.code}"` })
      codes.add(code)
    }
  })
  ;(c.fees ?? []).forEach((f, i) => {
    uniqueId(["fees", i, "id"], f.id)
    if (f.kind !== "payment" && f.taxClass !== undefined && c.tax.classes[f.taxClass] === undefined)
      issues.push({
        path: ["fees", i, "taxClass"],
        issue: `unknown tax class "${f.taxClass}" (not in tax.classes)`
      })
    if (f.kind === "per-item")
      f.skus?.forEach((s, j) => {
        knownSku(["fees", i, "skus", j], s)
      })
  })
  for (const [name, rates] of Object.entries(c.tax.classes))
    rates.forEach((r, j) => {
      uniqueId(["tax", "classes", name, j, "id"], r.id)
    })
  return issues
}

/**
 * The catalog Schema. Decode untrusted catalogs with `decodeCatalog`; the decoded `Catalog` has bigint
 * prices and exact percentage text.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CatalogSchema = CatalogFields.check(Schema.makeFilter(crossCheck))

/**
 * A decoded catalog: currency, products, price rules, discounts, fees and taxes.
 *
 * @category models
 * @since 0.1.0
 */
export type Catalog = typeof CatalogSchema.Type

/**
 * A catalog as written in a JSON file (prices as integers or digit strings).
 *
 * @category models
 * @since 0.1.0
 */
export type CatalogInput = typeof CatalogSchema.Encoded

/**
 * One catalog product (a union tagged by `kind`).
 *
 * @category models
 * @since 0.1.0
 */
export type Product = Catalog["products"][number]

/**
 * Decodes a catalog (e.g. a parsed JSON file) and checks its cross references.
 *
 * @param input - Anything; typically `JSON.parse(file)`.
 * @returns `{ ok: true, value: Catalog }`, or `{ ok: false, error: InvalidInput }` whose issues name
 * each field and rule (e.g. `products.2.price: must be a non-negative integer number of minor units`).
 * @example
 * ```ts
 * import { decodeCatalog } from "@microdrop/pricing"
 * const r = decodeCatalog({ currency: "EUR", products: [], tax: { mode: "inclusive", rounding: "line", classes: {} } })
 * r.ok // => true
 * ```
 * @since 0.1.0
 */
export const decodeCatalog: (input: unknown) => Result<Catalog, InvalidInput> = decodeWith(
  Schema.decodeUnknownResult(CatalogSchema),
  "catalog"
)
