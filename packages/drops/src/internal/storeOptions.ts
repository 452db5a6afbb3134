/**
 * The checks of a store's options (`layerMemory`, `layerPostgres`, `layerRedis`), each failing
 * with an {@link InvalidStoreOptions} that names the option and the rule: a client without the
 * methods the store calls, a `maxBatch` of 0 (the per-drop queue would never run a batch), a
 * schema name SQL cannot take, an option name with a typo, a `newId` whose ids the stores cannot
 * keep. Internal: not part of the public API.
 *
 * @since 0.1.0
 */
import { describeValue, timeoutRule } from "@microdrop/kit"
import { Effect } from "effect"
import { InvalidStoreOptions, type StoreUnavailable } from "../errors.ts"
import { isId } from "./validRequest.ts"

/** A check of one option's value: the rule it breaks, or `undefined`. */
export type OptionCheck = (value: unknown) => string | undefined

/**
 * A function.
 *
 * @category checks
 * @since 0.1.0
 */
export const isFunction: OptionCheck = (v) =>
  typeof v === "function" ? undefined : `must be a function, got ${describeValue(v)}`

/**
 * A whole number of at least 1 (`maxBatch`, `inFlight`).
 *
 * @category checks
 * @since 0.1.0
 */
export const isWholeAtLeast1: OptionCheck = (v) =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= 1
    ? undefined
    : `must be a whole number of at least 1, got ${describeValue(v)}`

/**
 * A bound of one store call in milliseconds (`timeoutMs`): a finite number from 1 to 2³¹−1.
 *
 * @category checks
 * @since 0.1.0
 */
export const isTimeout: OptionCheck = (v) => {
  const rule = timeoutRule(v)
  return rule === undefined ? undefined : `${rule}, got ${describeValue(v)}`
}

/**
 * A string (a key prefix: any text).
 *
 * @category checks
 * @since 0.1.0
 */
export const isString: OptionCheck = (v) =>
  typeof v === "string" ? undefined : `must be a string, got ${describeValue(v)}`

/**
 * A non-empty string (an instance id).
 *
 * @category checks
 * @since 0.1.0
 */
export const isNonEmptyString: OptionCheck = (v) =>
  typeof v === "string" && v.length > 0 ? undefined : `must be a non-empty string, got ${describeValue(v)}`

/**
 * An object with these methods (a client given by the caller, typed structurally).
 *
 * @param what - what the object is, e.g. "an ioredis client (new Redis(url))"
 * @param methods - the methods the store calls
 * @returns the check
 * @category checks
 * @since 0.1.0
 */
export const hasMethods =
  (what: string, methods: ReadonlyArray<string>): OptionCheck =>
  (v) => {
    if (typeof v !== "object" || v === null) return `must be ${what}, got ${describeValue(v)}`
    const missing = methods.filter((m) => typeof (v as Record<string, unknown>)[m] !== "function")
    return missing.length === 0 ? undefined : `must be ${what}: it has no method ${missing.join(", ")}`
  }

/**
 * Checks an options object: each key must be one the store knows (a typo such as `maxbatch` is
 * refused, naming it), each `required` key present, and each value that is not `undefined` must
 * pass its check.
 *
 * @param store - the store's name, for the error
 * @param options - what the caller passed
 * @param checks - the options the store knows, with their checks
 * @param required - the options that must be given
 * @returns the first problem, or `undefined`
 * @category checks
 * @since 0.1.0
 */
export const checkStoreOptions = (
  store: string,
  options: unknown,
  checks: Readonly<Record<string, OptionCheck>>,
  required: ReadonlyArray<string> = []
): InvalidStoreOptions | undefined => {
  if (typeof options !== "object" || options === null || Array.isArray(options))
    return new InvalidStoreOptions({
      store,
      option: "options",
      rule: `must be an object, got ${describeValue(options)}`
    })
  const given = options as Record<string, unknown>
  for (const key of Object.keys(given))
    if (!Object.hasOwn(checks, key))
      return new InvalidStoreOptions({
        store,
        option: key,
        rule: `is not an option of this store (it knows ${Object.keys(checks).join(", ")})`
      })
  for (const key of required)
    if (given[key] === undefined) return new InvalidStoreOptions({ store, option: key, rule: "is required" })
  for (const [key, check] of Object.entries(checks)) {
    const value = given[key]
    const rule = value === undefined ? undefined : check(value)
    if (rule !== undefined) return new InvalidStoreOptions({ store, option: key, rule })
  }
  return undefined
}

/**
 * Wraps a `newId` option so every id it makes is checked: hold ids and entry tokens are `Id`s
 * (printable ASCII characters without spaces; 1 to 122 of them, so that an entry token
 * `entry-<id>` fits the 128 of an `Id`) that every store keeps exactly (the Redis store separates
 * fields with spaces). A bad id throws {@link InvalidStoreOptions}.
 *
 * @param store - the store's name, for the error
 * @param newId - the caller's `newId`
 * @returns a `newId` that only returns valid ids
 * @category checks
 * @since 0.1.0
 */
export const checkedNewId =
  (store: string, newId: () => string): (() => string) =>
  () => {
    const id: unknown = newId()
    // entry tokens are `entry-<id>`, and must stay within 128 characters too
    if (isId(id) && (id as string).length <= 122) return id as string
    throw new InvalidStoreOptions({
      store,
      option: "newId",
      rule: `must return ids of 1 to 122 printable ASCII characters without spaces, got ${describeValue(id)}`
    })
  }

/**
 * A store call that failed because `newId` made a bad id (found inside a transaction or a
 * script call) is not the store being unavailable: retrying cannot help. It dies with the
 * {@link InvalidStoreOptions} instead (a promise client rejects with it).
 *
 * @param eff - a store call
 * @returns the same call, with that one failure turned into a defect
 * @category checks
 * @since 0.1.0
 */
export const dieOnBadNewId = <A, R>(
  eff: Effect.Effect<A, StoreUnavailable, R>
): Effect.Effect<A, StoreUnavailable, R> =>
  Effect.catchTag(eff, "StoreUnavailable", (e) =>
    e.cause instanceof InvalidStoreOptions ? Effect.die(e.cause) : Effect.fail(e)
  )
