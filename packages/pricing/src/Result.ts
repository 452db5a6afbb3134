/**
 * The result of a function that reads input: the value, or a tagged error saying what is wrong.
 *
 * @since 0.1.0
 */

/**
 * Either `{ ok: true, value }` or `{ ok: false, error }`. Functions that read input from people or
 * files (`parseMoney`, `decodeCatalog`, `decodeCart`, `quote`, `decodePlan`) return this instead of
 * throwing, so a bad amount or a sold-out product is a value to show, not an exception to catch.
 *
 * @category models
 * @since 0.1.0
 */
export type Result<A, E> =
  | {
      /** The input was valid. */
      readonly ok: true
      /** What was computed. */
      readonly value: A
    }
  | {
      /** The input was not valid. */
      readonly ok: false
      /** Why, as a tagged error with a message a person can act on. */
      readonly error: E
    }
