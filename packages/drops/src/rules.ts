/**
 * The rules of a drop a caller can run itself, as plain functions: is a window open for these
 * passes now, how many units do these lines hold, the lines summed per SKU. The stores run the
 * same functions (the engine under `internal/` builds on them).
 *
 * @since 0.1.0
 */

import { describeValue } from "@microdrop/kit"
import { type Drop, MAX_INSTANT } from "./Drop.ts"
import { InvalidTime, WindowNotOpen } from "./errors.ts"
import type { Line } from "./Hold.ts"
import { aDrop, requireArgument, someLines, someStrings } from "./internal/arguments.ts"

/**
 * Checks a time given to the rules: epoch milliseconds, a whole number from 0 to `MAX_INSTANT`.
 * Throws {@link InvalidTime} naming `option` otherwise (a `NaN` would expire every hold, a string
 * would close every window): the rules never guess a time.
 */
export const checkTime = (option: string, now: unknown): number => {
  if (typeof now === "number" && Number.isSafeInteger(now) && now >= 0 && now <= MAX_INSTANT) return now
  throw new InvalidTime({ option, got: describeValue(now) })
}

/** Units of some lines (unchecked: the callers checked them). */
export const unitsOf = (lines: ReadonlyArray<Line>): number => {
  let n = 0
  for (const line of lines) n += line.quantity
  return n
}

/**
 * Total units of some lines.
 *
 * @param lines - `{ sku, quantity }` lines
 * @returns the sum of their quantities
 * @throws {@link InvalidDropArgument} when `lines` is not an array of lines.
 * @category rules
 * @since 0.1.0
 */
export const totalUnits = (lines: ReadonlyArray<Line>): number => {
  requireArgument("totalUnits", "lines", someLines, lines)
  return unitsOf(lines)
}

/**
 * Sums lines per SKU, keeping the order in which SKUs first appear. Always returns new, frozen
 * line objects: a hold keeps them, so a caller that edits its request afterwards (a cart it
 * reuses) cannot change a stored hold.
 *
 * @param lines - `{ sku, quantity }` lines
 * @returns the lines summed per SKU
 * @throws {@link InvalidDropArgument} when `lines` is not an array of lines.
 * @category rules
 * @since 0.1.0
 */
export const sumLines = (lines: ReadonlyArray<Line>): ReadonlyArray<Line> => {
  requireArgument("sumLines", "lines", someLines, lines)
  return sumOf(lines)
}

/** `sumLines` without the argument check, for callers that checked the lines. */
export const sumOf = (lines: ReadonlyArray<Line>): ReadonlyArray<Line> => {
  if (lines.length === 1) {
    const line = lines[0] as Line
    return Object.freeze([Object.freeze({ sku: line.sku, quantity: line.quantity })])
  }
  const bySku = new Map<string, number>()
  for (const line of lines) bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + line.quantity)
  return Object.freeze(Array.from(bySku, ([sku, quantity]) => Object.freeze({ sku, quantity })))
}

/**
 * Is a window admitting a customer with these passes open at `now`? Returns `undefined` if so, or
 * a {@link WindowNotOpen} naming the next opening the customer could use.
 *
 * @throws {@link InvalidTime} when `now` is not epoch milliseconds (a whole number from 0 to 8.64e15).
 * @category rules
 * @since 0.1.0
 */
export const checkWindow = (
  drop: Drop,
  passes: ReadonlyArray<string>,
  now: number
): WindowNotOpen | undefined => {
  requireArgument("checkWindow", "drop", aDrop, drop)
  requireArgument("checkWindow", "passes", someStrings, passes)
  checkTime("now", now)
  let passRequired = false
  let next: number | undefined
  for (const w of drop.windows) {
    const admits = w.passes === undefined || w.passes.some((p) => passes.includes(p))
    const open = w.opensAt <= now && now < w.closesAt
    if (open && admits) return undefined
    if (open) passRequired = true
    if (admits && w.opensAt > now && (next === undefined || w.opensAt < next)) next = w.opensAt
  }
  return new WindowNotOpen({
    dropId: drop.id,
    at: now,
    passRequired,
    ...(next === undefined ? {} : { nextOpensAt: next })
  })
}
