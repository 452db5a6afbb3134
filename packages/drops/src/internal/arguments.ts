/**
 * Checks of the arguments of the package's plain functions (the rules, the raffle draw, the
 * adapters): a wrong kind of value (`undefined`, `null`, a number for a string …) throws an
 * {@link InvalidDropArgument} naming the function and the argument, never a `TypeError` from deep
 * inside. Cheap checks of shape only (the schemas check values at the edges). Internal: not part
 * of the public API.
 *
 * @since 0.1.0
 */

import { describeValue } from "@microdrop/kit"
import { InvalidDropArgument } from "../errors.ts"

/** A check: true when the value is of the right kind. */
type Kind = readonly [rule: string, ok: (v: unknown) => boolean]

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null

/**
 * A string.
 *
 * @category kinds
 * @since 0.1.0
 */
export const aString: Kind = ["must be a string", (v) => typeof v === "string"]

/**
 * An object (a request, an options record), not `null` and not an array.
 *
 * @category kinds
 * @since 0.1.0
 */
export const anObject: Kind = ["must be an object", (v) => isObject(v) && !Array.isArray(v)]

const isLine = (v: unknown): boolean =>
  isObject(v) && typeof v["sku"] === "string" && typeof v["quantity"] === "number"

/**
 * Lines: an array of `{ sku, quantity }`.
 *
 * @category kinds
 * @since 0.1.0
 */
export const someLines: Kind = [
  "must be an array of { sku, quantity } lines",
  (v) => Array.isArray(v) && v.every(isLine)
]

/**
 * Entries: an array of `{ customerId, lines }`.
 *
 * @category kinds
 * @since 0.1.0
 */
export const someEntries: Kind = [
  "must be an array of { customerId, lines } entries",
  (v) =>
    Array.isArray(v) &&
    v.every((e) => isObject(e) && typeof e["customerId"] === "string" && someLines[1](e["lines"]))
]

/**
 * Units per SKU: an object whose values are numbers.
 *
 * @category kinds
 * @since 0.1.0
 */
export const aStock: Kind = [
  "must be an object of units per SKU ({ [sku]: units })",
  (v) => anObject[1](v) && Object.values(v as object).every((n) => typeof n === "number")
]

/**
 * A drop (its shape: items and windows arrays; decode untrusted drops with the `Drop` schema).
 *
 * @category kinds
 * @since 0.1.0
 */
export const aDrop: Kind = [
  "must be a Drop (decode untrusted data with decodeDrop)",
  (v) =>
    isObject(v) && typeof v["id"] === "string" && Array.isArray(v["items"]) && Array.isArray(v["windows"])
]

/**
 * An array of strings.
 *
 * @category kinds
 * @since 0.1.0
 */
export const someStrings: Kind = [
  "must be an array of strings",
  (v) => Array.isArray(v) && v.every((s) => typeof s === "string")
]

/**
 * An object with these methods.
 *
 * @param what - what it is, for the rule
 * @param methods - the methods called
 * @returns the kind
 * @category kinds
 * @since 0.1.0
 */
export const withMethods = (what: string, methods: ReadonlyArray<string>): Kind => [
  `must be ${what} (with ${methods.join(", ")})`,
  (v) => isObject(v) && methods.every((m) => typeof v[m] === "function")
]

/**
 * Throws an {@link InvalidDropArgument} unless `value` is of `kind`.
 *
 * @param fn - the function called
 * @param argument - the argument's name
 * @param kind - what it must be
 * @param value - what was given
 * @category checks
 * @since 0.1.0
 */
export const requireArgument = (fn: string, argument: string, kind: Kind, value: unknown): void => {
  if (!kind[1](value))
    throw new InvalidDropArgument({ function: fn, argument, rule: `${kind[0]}, got ${describeValue(value)}` })
}
