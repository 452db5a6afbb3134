/**
 * Fast guards for what the `DropStore` receives on its hot path (holds, confirms, releases): plain
 * checks of the same rules as the `HoldRequest` and `HoldAction` schemas, about ten times cheaper
 * than running the schema. A store runs the guard on every call and the schema only when the guard
 * says no, so a valid request costs a few comparisons and an invalid one still fails with a
 * `SchemaError` that names the field and the rule. A guard may be stricter than its schema (the
 * schema then decides), never looser: the tests check that every value a guard accepts, the
 * schema accepts too. Internal: not part of the public API.
 *
 * @since 0.1.0
 */
import { MAX_UNITS } from "../Drop.ts"

/** `Id`: 1-128 printable ASCII characters without spaces (a loop: several times cheaper than a regex here). */
export const isId = (v: unknown): boolean => {
  if (typeof v !== "string" || v.length === 0 || v.length > 128) return false
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i)
    if (c < 0x21 || c > 0x7e) return false
  }
  return true
}

/** `Sku`: 1-64 characters from `A-Z a-z 0-9 . _ : -`. */
const isSku = (v: unknown): boolean => {
  if (typeof v !== "string" || v.length === 0 || v.length > 64) return false
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i)
    const ok =
      (c >= 0x61 && c <= 0x7a) || // a-z
      (c >= 0x41 && c <= 0x5a) || // A-Z
      (c >= 0x30 && c <= 0x3a) || // 0-9 and ':'
      c === 0x2e || // .
      c === 0x5f || // _
      c === 0x2d // -
    if (!ok) return false
  }
  return true
}

const isQuantity = (v: unknown): boolean =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= 1 && v <= MAX_UNITS

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null

/**
 * Does `v` satisfy the `HoldRequest` schema? (`true` only if it does.)
 *
 * @category guards
 * @since 0.1.0
 */
export const isValidHoldRequest = (v: unknown): boolean => {
  if (!isObject(v) || !isId(v["dropId"]) || !isId(v["customerId"]) || !isId(v["idempotencyKey"])) return false
  const lines = v["lines"]
  if (!Array.isArray(lines) || lines.length === 0) return false
  for (const line of lines as ReadonlyArray<unknown>)
    if (!isObject(line) || !isSku(line["sku"]) || !isQuantity(line["quantity"])) return false
  if (!Object.hasOwn(v, "passes")) return true
  const passes = v["passes"]
  return Array.isArray(passes) && (passes as ReadonlyArray<unknown>).every(isId)
}

/**
 * Does `v` satisfy the `HoldAction` schema? (`true` only if it does.)
 *
 * @category guards
 * @since 0.1.0
 */
export const isValidHoldAction = (v: unknown): boolean =>
  isObject(v) && isId(v["dropId"]) && isId(v["holdId"]) && isId(v["idempotencyKey"])
