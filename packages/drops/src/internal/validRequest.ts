/**
 * Fast guards for what the `DropStore` receives on its hot path (holds, confirms, releases): plain
 * checks of the same rules as the `HoldRequest` and `HoldAction` schemas, about ten times cheaper
 * than running the schema. A store runs the guard on every call and the schema only when the guard
 * says no, so a valid request costs a few comparisons and an invalid one still fails with a
 * `SchemaError` that names the field and the rule. A guard may be stricter than its schema (the
 * schema then decides), never looser: the tests check that every value a guard accepts, the
 * schema accepts too. Internal: not part of the public API.
 *
 * @since 0.4.0
 */
import { MAX_UNITS } from "../model.ts"

/** `Id`: 1-128 printable ASCII characters without spaces. */
const ID = /^[!-~]{1,128}$/
/** `Sku`: 1-64 characters from `A-Z a-z 0-9 . _ : -`. */
const SKU = /^[A-Za-z0-9._:-]{1,64}$/

const isId = (v: unknown): boolean => typeof v === "string" && ID.test(v)

const isQuantity = (v: unknown): boolean =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= 1 && v <= MAX_UNITS

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null

/**
 * Does `v` satisfy the `HoldRequest` schema? (`true` only if it does.)
 *
 * @category guards
 * @since 0.4.0
 */
export const isValidHoldRequest = (v: unknown): boolean => {
  if (!isObject(v) || !isId(v["dropId"]) || !isId(v["customerId"]) || !isId(v["idempotencyKey"])) return false
  const lines = v["lines"]
  if (!Array.isArray(lines) || lines.length === 0) return false
  for (const line of lines as ReadonlyArray<unknown>)
    if (
      !isObject(line) ||
      typeof line["sku"] !== "string" ||
      !SKU.test(line["sku"]) ||
      !isQuantity(line["quantity"])
    )
      return false
  if (!Object.hasOwn(v, "passes")) return true
  const passes = v["passes"]
  return Array.isArray(passes) && (passes as ReadonlyArray<unknown>).every(isId)
}

/**
 * Does `v` satisfy the `HoldAction` schema? (`true` only if it does.)
 *
 * @category guards
 * @since 0.4.0
 */
export const isValidHoldAction = (v: unknown): boolean =>
  isObject(v) && isId(v["dropId"]) && isId(v["holdId"]) && isId(v["idempotencyKey"])
