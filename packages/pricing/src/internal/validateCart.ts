/** Checks a cart against the catalog before pricing: known SKUs, sale windows, capacity, add-ons, codes. */
import type { QuoteContext } from "../Cart.ts"
import {
  AddonWithoutTicket,
  NotOnSale,
  ProductSoldOut,
  type QuoteError,
  UnknownDiscountCode,
  UnknownProduct
} from "../errors.ts"
import { type CompiledCatalog, type CompiledProduct, normalizeCode } from "./compileCatalog.ts"
import { nextEpoch } from "./scratch.ts"

const iso = (ms: number): string => new Date(ms).toISOString()

type Line = { readonly sku: string; readonly quantity: number }

/** Merges lines of the same SKU, keeping the order of first appearance. */
const mergeLines = (lines: ReadonlyArray<Line>): ReadonlyArray<Line> => {
  const merged = new Map<string, number>()
  for (const l of lines) merged.set(l.sku, (merged.get(l.sku) ?? 0) + l.quantity)
  return [...merged].map(([sku, quantity]) => ({ sku, quantity }))
}

/** A valid cart's lines, repeated SKUs merged, and each line's compiled product. */
export interface ValidLines {
  readonly lines: ReadonlyArray<Line>
  readonly products: ReadonlyArray<CompiledProduct>
}

/**
 * Validates the cart's lines as given (before merging: the same demand, and the same first error, as the
 * merged lines), and returns them merged with their compiled products, or the first error.
 */
export const validateCart = (
  c: CompiledCatalog,
  lines: ReadonlyArray<Line>,
  codes: ReadonlyArray<string>,
  context: QuoteContext,
  now: number
): ValidLines | QuoteError => {
  // A fresh mark per cart finds repeated SKUs without allocating (see nextEpoch for the wrap).
  const epoch = nextEpoch()
  if (epoch === 1) c.seen.fill(0)
  let duplicates = false
  const products: CompiledProduct[] = new Array(lines.length)
  // Units asked for per product (by catalog index), counting the components of bundles.
  const demand: number[] = new Array(c.list.length).fill(0)
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as Line
    const cp = c.products.get(l.sku)
    if (cp === undefined) return new UnknownProduct({ sku: l.sku })
    products[i] = cp
    if (c.seen[cp.index] === epoch) duplicates = true
    else c.seen[cp.index] = epoch
    if (now < cp.saleFrom || now >= cp.saleUntil)
      return new NotOnSale({
        sku: l.sku,
        at: iso(now),
        from: cp.product.sale?.from,
        until: cp.product.sale?.until
      })
    demand[cp.index] = (demand[cp.index] as number) + l.quantity
    for (const comp of cp.components)
      demand[comp.product.index] = (demand[comp.product.index] as number) + l.quantity * comp.quantity
  }
  let tickets = 0
  for (let i = 0; i < demand.length; i++) {
    const units = demand[i] as number
    if (units === 0) continue
    const p = (c.list[i] as CompiledProduct).product
    if (p.kind === "ticket") tickets += units
    if (p.capacity === undefined) continue
    const remaining = Math.max(0, p.capacity - (context.sold?.[p.sku] ?? 0))
    if (units > remaining) return new ProductSoldOut({ sku: p.sku, requested: units, remaining })
  }
  for (let i = 0; i < demand.length; i++) {
    const units = demand[i] as number
    const p = (c.list[i] as CompiledProduct).product
    if (units === 0 || p.kind !== "addon") continue
    const maxPerTicket = p.maxPerTicket ?? 1
    if (units > tickets * maxPerTicket)
      return new AddonWithoutTicket({ sku: p.sku, addons: units, tickets, maxPerTicket })
  }
  for (const code of codes) if (!c.codes.has(normalizeCode(code))) return new UnknownDiscountCode({ code })
  if (!duplicates) return { lines, products }
  const merged = mergeLines(lines)
  return { lines: merged, products: merged.map((l) => c.products.get(l.sku) as CompiledProduct) }
}
