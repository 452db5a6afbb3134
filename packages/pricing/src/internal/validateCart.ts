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
export const mergeLines = (cart: {
  readonly lines: ReadonlyArray<{ readonly sku: string; readonly quantity: number }>
}): Array<{ sku: string; quantity: number }> => {
  const merged = new Map<string, number>()
  for (const l of cart.lines) merged.set(l.sku, (merged.get(l.sku) ?? 0) + l.quantity)
  return [...merged].map(([sku, quantity]) => ({ sku, quantity }))
}

export const validateCart = (
  c: CompiledCatalog,
  lines: ReadonlyArray<{ sku: string; quantity: number }>,
  codes: ReadonlyArray<string>,
  context: QuoteContext,
  now: number
): QuoteError | undefined => {
  // Units asked for per SKU, counting the components of bundles.
  const demand = new Map<string, number>()
  for (const l of lines) {
    const cp = c.products.get(l.sku)
    if (cp === undefined) return new UnknownProduct({ sku: l.sku })
    if (now < cp.saleFrom || now >= cp.saleUntil)
      return new NotOnSale({
        sku: l.sku,
        at: iso(now),
        from: cp.product.sale?.from,
        until: cp.product.sale?.until
      })
    demand.set(l.sku, (demand.get(l.sku) ?? 0) + l.quantity)
    for (const comp of cp.components) {
      const sku = comp.product.product.sku
      demand.set(sku, (demand.get(sku) ?? 0) + l.quantity * comp.quantity)
    }
  }
  for (const [sku, requested] of demand) {
    const capacity = c.products.get(sku)?.product.capacity
    if (capacity === undefined) continue
    const remaining = Math.max(0, capacity - (context.sold?.[sku] ?? 0))
    if (requested > remaining) return new SoldOut({ sku, requested, remaining })
  }
  let tickets = 0
  for (const [sku, units] of demand) if (c.products.get(sku)?.product.kind === "ticket") tickets += units
  for (const [sku, units] of demand) {
    const p = (c.products.get(sku) as CompiledProduct).product
    if (p.kind !== "addon") continue
    const maxPerTicket = p.maxPerTicket ?? 1
    if (units > tickets * maxPerTicket)
      return new AddonWithoutTicket({ sku, addons: units, tickets, maxPerTicket })
  }
  for (const code of codes) if (!c.codes.has(normalizeCode(code))) return new UnknownDiscountCode({ code })
  return undefined
}
