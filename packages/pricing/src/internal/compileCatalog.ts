/** Precomputes lookups and exact rate fractions of a decoded catalog once, so quoting stays cheap. */
import { Schema } from "effect"
import { type Catalog, CatalogSchema, type Product } from "../Catalog.ts"
import type { Currency } from "../Currency.ts"
import { currency } from "../Currency.ts"
import { InvalidInput } from "../errors.ts"
import type { Money } from "../Money.ts"
import { percent } from "../Ratio.ts"
import type { RoundingMode } from "../Rounding.ts"
import { parseInstant } from "./fields.ts"
import { type Fraction, fraction } from "./fraction.ts"
import { decodeWith } from "./schemaIssues.ts"

export interface CompiledRate {
  /** Position in `CompiledCatalog.rates`. */
  readonly index: number
  readonly id: string
  readonly name: string
  readonly rate: string
  /** Fraction applied to a net amount (exclusive): r. */
  readonly exclusive: Fraction
  /** Fraction applied to a gross amount (inclusive): r / (1 + R), R = Σ rates of the class. */
  readonly inclusive: Fraction
}

export interface CompiledClass {
  readonly name: string
  readonly rates: ReadonlyArray<CompiledRate>
}

export interface CompiledComponent {
  readonly product: CompiledProduct
  readonly quantity: number
  /** Allocation weight: list price × quantity (or quantity when every component is free). */
  weight: bigint
}

export interface ConstantRule {
  readonly id: string
  readonly price: bigint
  /** `price` as Money, made once per catalog and shared by every quote's segments. */
  readonly unitPrice: Money
  readonly from: number
  readonly until: number
  readonly member: boolean
}

export interface TierRule {
  readonly id: string
  readonly tiers: ReadonlyArray<{ readonly upTo: number; readonly price: bigint; readonly unitPrice: Money }>
}

export interface CompiledProduct {
  /** Position in the catalog's products. */
  readonly index: number
  readonly product: Product
  /** The list price as Money, made once per catalog. */
  readonly listPrice: Money
  readonly taxClass: CompiledClass
  readonly saleFrom: number
  readonly saleUntil: number
  readonly constantRules: ConstantRule[]
  readonly tierRules: TierRule[]
  readonly components: CompiledComponent[]
}

export interface CompiledDiscount {
  readonly index: number
  readonly id: string
  readonly name: string
  readonly kind: "percent" | "fixed"
  readonly code: string | undefined
  readonly stackable: boolean
  readonly skus: ReadonlySet<string> | undefined
  /** The percentage as a fraction (0 for fixed discounts). */
  readonly fraction: Fraction
  readonly amount: bigint
}

export interface CompiledFee {
  readonly id: string
  readonly name: string
  readonly kind: "per-item" | "per-order" | "payment"
  /** Per-item or per-order amount, or a payment fee's fixed part. */
  readonly amount: bigint
  /** Per-item fees: the SKUs it counts (undefined: every unit). */
  readonly skus: ReadonlySet<string> | undefined
  /** Payment fees: the percentage of the buyer's total (0 for the others). */
  readonly percent: Fraction
  /** Payment fees the promoter pays. */
  readonly absorbed: boolean
  /** Per-item and per-order fees with a tax class: taxed like a line of that class. */
  readonly cls: CompiledClass | undefined
}

export interface CompiledCatalog {
  readonly catalog: Catalog
  readonly currency: Currency
  readonly products: ReadonlyMap<string, CompiledProduct>
  /** Products in catalog order. */
  readonly list: ReadonlyArray<CompiledProduct>
  readonly discounts: ReadonlyArray<CompiledDiscount>
  readonly codes: ReadonlyMap<string, CompiledDiscount>
  readonly rates: ReadonlyArray<CompiledRate>
  readonly fees: ReadonlyArray<CompiledFee>
  readonly roundingMode: RoundingMode
  /** Zero in the catalog's currency, shared by every quote. */
  readonly zero: Money
  /** Scratch marks per product for `validateCart` (never exposed). */
  readonly seen: Int32Array
}

const cache = new WeakMap<Catalog, CompiledCatalog>()

const time = (iso: string | undefined, fallback: number): number =>
  iso === undefined ? fallback : (parseInstant(iso) as number)

/** Checks a catalog built by hand (or mutated) against the decoded shape: the same rules as `decodeCatalog`. */
const checkDecoded = decodeWith(Schema.decodeUnknownResult(Schema.toType(CatalogSchema)), "catalog")

/** Normalizes a discount code as typed: trimmed, case-insensitive. */
export const normalizeCode = (code: string): string => code.trim().toUpperCase()

/**
 * Compiles a catalog once (cached per catalog object), after checking it has the decoded shape: a
 * catalog typed by hand with a bad date, a negative price or a dangling reference is refused with the
 * `InvalidInput` that `decodeCatalog` would give, never priced.
 */
export const compileCatalog = (catalog: Catalog): CompiledCatalog | InvalidInput => {
  if (typeof catalog !== "object" || catalog === null) {
    const checked = checkDecoded(catalog)
    return checked.ok
      ? new InvalidInput({ target: "catalog", issues: [{ path: "", rule: "Expected object" }] })
      : checked.error
  }
  const cached = cache.get(catalog)
  if (cached !== undefined) return cached
  const checked = checkDecoded(catalog)
  if (!checked.ok) return checked.error
  const cur = currency(catalog.currency)
  const m = (amount: bigint): Money => ({ amount, currency: cur })
  const classes = new Map<string, CompiledClass>()
  const rates: CompiledRate[] = []
  for (const [name, list] of Object.entries(catalog.tax.classes)) {
    const fractions = list.map((r) => percent(r.rate))
    // R = Σ r_j as one fraction N / D over the common denominator 10^k.
    let D = 1n
    for (const f of fractions) if (f.denominator > D) D = f.denominator
    const N = fractions.reduce((s, f) => s + f.numerator * (D / f.denominator), 0n)
    const compiled = list.map((r, j) => {
      const f = fractions[j] as { numerator: bigint; denominator: bigint }
      const rate: CompiledRate = {
        index: rates.length,
        id: r.id,
        name: r.name,
        rate: r.rate,
        exclusive: fraction(f.numerator, f.denominator),
        inclusive: fraction(f.numerator * D, f.denominator * (D + N))
      }
      rates.push(rate)
      return rate
    })
    classes.set(name, { name, rates: compiled })
  }
  const products = new Map<string, CompiledProduct>()
  for (const [index, p] of catalog.products.entries()) {
    const taxClass = classes.get(p.taxClass)
    if (taxClass === undefined)
      throw new InvalidInput({
        target: "catalog",
        issues: [
          {
            path: `products.${index}.taxClass`,
            rule: `unknown tax class "${p.taxClass}" (build catalogs with decodeCatalog, which checks this)`
          }
        ]
      })
    products.set(p.sku, {
      index,
      product: p,
      listPrice: m(p.price),
      taxClass,
      saleFrom: time(p.sale?.from, Number.NEGATIVE_INFINITY),
      saleUntil: time(p.sale?.until, Number.POSITIVE_INFINITY),
      constantRules: [],
      tierRules: [],
      components: []
    })
  }
  for (const p of catalog.products) {
    if (p.kind !== "bundle") continue
    const target = products.get(p.sku) as CompiledProduct
    for (const c of p.components) {
      const product = products.get(c.sku)
      if (product === undefined)
        throw new InvalidInput({
          target: "catalog",
          issues: [
            {
              path: `products.${catalog.products.indexOf(p)}.components`,
              rule: `unknown SKU "${c.sku}" (build catalogs with decodeCatalog, which checks this)`
            }
          ]
        })
      target.components.push({
        product,
        quantity: c.quantity,
        weight: product.product.price * BigInt(c.quantity)
      })
    }
    if (target.components.every((c) => c.weight === 0n))
      for (const c of target.components) c.weight = BigInt(c.quantity)
  }
  for (const r of catalog.priceRules ?? []) {
    if (r.kind === "first-n") {
      products.get(r.sku)?.tierRules.push({
        id: r.id,
        tiers: r.tiers.map((t) => ({ upTo: t.upTo, price: t.price, unitPrice: m(t.price) }))
      })
      continue
    }
    const rule: ConstantRule = {
      id: r.id,
      price: r.price,
      unitPrice: m(r.price),
      from: r.kind === "early-bird" ? time(r.from, Number.NEGATIVE_INFINITY) : Number.NEGATIVE_INFINITY,
      until: r.kind === "early-bird" ? time(r.until, Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY,
      member: r.kind === "member"
    }
    for (const sku of r.skus) products.get(sku)?.constantRules.push(rule)
  }
  const discounts = (catalog.discounts ?? []).map((d, index): CompiledDiscount => {
    const f = d.kind === "percent" ? percent(d.percent) : { numerator: 0n, denominator: 1n }
    return {
      index,
      id: d.id,
      name: d.name,
      kind: d.kind,
      code: d.code === undefined ? undefined : normalizeCode(d.code),
      stackable: d.stackable ?? false,
      skus: d.skus === undefined ? undefined : new Set(d.skus),
      fraction: fraction(f.numerator, f.denominator),
      amount: d.kind === "fixed" ? d.amount : 0n
    }
  })
  const codes = new Map<string, CompiledDiscount>()
  for (const d of discounts) if (d.code !== undefined) codes.set(d.code, d)
  const fees = (catalog.fees ?? []).map((f, index): CompiledFee => {
    const p = f.kind === "payment" ? percent(f.percent) : { numerator: 0n, denominator: 1n }
    const taxClass = f.kind === "payment" ? undefined : f.taxClass
    const cls = taxClass === undefined ? undefined : classes.get(taxClass)
    if (taxClass !== undefined && cls === undefined)
      throw new InvalidInput({
        target: "catalog",
        issues: [
          {
            path: `fees.${index}.taxClass`,
            rule: `unknown tax class "${taxClass}" (build catalogs with decodeCatalog, which checks this)`
          }
        ]
      })
    return {
      cls,
      id: f.id,
      name: f.name,
      kind: f.kind,
      amount: f.kind === "payment" ? f.fixed : f.amount,
      skus: f.kind === "per-item" && f.skus !== undefined ? new Set(f.skus) : undefined,
      percent: fraction(p.numerator, p.denominator),
      absorbed: f.kind === "payment" ? (f.absorbed ?? false) : false
    }
  })
  const compiled: CompiledCatalog = {
    catalog,
    currency: cur,
    products,
    list: [...products.values()],
    discounts,
    codes,
    rates,
    fees,
    roundingMode: catalog.tax.roundingMode ?? "half-even",
    zero: m(0n),
    seen: new Int32Array(products.size)
  }
  cache.set(catalog, compiled)
  return compiled
}
