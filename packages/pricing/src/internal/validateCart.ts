/** Checks a cart against the catalog before pricing: known SKUs, sale windows, capacity, add-ons, codes. */
import type { QuoteContext } from "../Cart.js"
import {
  AddonWithoutTicket,
  NotOnSale,
  type QuoteError,
  SoldOut,
  UnknownDiscountCode,
  UnknownProduct
} from "../errors.js"
import { type CompiledCatalog, type CompiledProduct, normalizeCode } from "./compileCatalog.js"

const iso = (ms: number): string => new Date(ms).toISOString()

/** Merges lines of the same SKU, keeping the order of first appearance. */
export const mergeLines = (
  lines: ReadonlyArray<{ readonly sku: string; readonly quantity: number }>
): ReadonlyArray<{ readonly sku: string; readonly quantity: number }> => {
  const merged = new Map<string, number>()
  for (const l of lines) merged.set(l.sku, (merged.get(l.sku) ?? 0) + l.quantity)
  return [...merged].map(([sku, quantity]) => ({ sku, quantity }))
}

/** Marks of the products seen in the current cart (`seen[index] === epoch`), reused across quotes. */
let epoch = 0

/**
 * Validates the cart's lines as given (before merging: the same demand, and the same first error, as the
 * merged lines). Returns "duplicates" for a valid cart with repeated SKUs, which the caller merges.
 */
export const validateCart = (
  c: CompiledCatalog,
  lines: ReadonlyArray<{ readonly sku: string; readonly quantity: number }>,
  codes: ReadonlyArray<string>,
  context: QuoteContext,
  now: number,
  /** Filled with each line's compiled product, so pricing does not look them up again. */
  cps: CompiledProduct[]
): QuoteError | "duplicates" | undefined => {
  // A wrapping counter marks products seen in this cart without allocating (synchronous, not re-entered).
  // After a wrap, another catalog's stale mark can only report duplicates that are not there, and
  // merging a cart without duplicates gives the same lines: a wasted merge, never a wrong quote.
  epoch = epoch === 0x7fffffff ? 1 : epoch + 1
  if (epoch === 1) c.seen.fill(0)
  let duplicates = false
  // Units asked for per product (by catalog index), counting the components of bundles.
  const demand: number[] = new Array(c.list.length).fill(0)
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as { readonly sku: string; readonly quantity: number }
    const cp = c.products.get(l.sku)
    if (cp === undefined) return new UnknownProduct({ sku: l.sku })
    cps[i] = cp
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
    if (units > remaining) return new SoldOut({ sku: p.sku, requested: units, remaining })
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
  return duplicates ? "duplicates" : undefined
}
