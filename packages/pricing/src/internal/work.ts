/** Mutable working records of a quote in progress (bigint minor units), and a bigint sum. */
import type { Money } from "../Money.ts"
import type { PriceSegment } from "../QuoteModel.ts"
import type { CompiledClass, CompiledProduct } from "./compileCatalog.ts"

export interface WorkUnit {
  readonly sku: string
  readonly quantity: number
  readonly cls: CompiledClass
  amount: bigint
  readonly taxes: bigint[]
}

export interface WorkLine {
  readonly cp: CompiledProduct
  readonly sku: string
  readonly quantity: number
  readonly segments: PriceSegment[]
  readonly subtotal: bigint
  remaining: bigint
  /** Discount shares in their public shape (Money made once, when the share is known). */
  readonly discounts: Array<{ readonly id: string; readonly amount: Money }>
  units: WorkUnit[]
}

export const sumOf = (xs: ReadonlyArray<bigint>): bigint => {
  let s = 0n
  for (let i = 0; i < xs.length; i++) s += xs[i] as bigint
  return s
}

/** The smaller of two bigints (Math.min does not take bigints). */
export const smaller = (a: bigint, b: bigint): bigint => {
  if (b < a) return b
  return a
}
