/**
 * The result of reading a code a person typed: the value, or a tagged error saying what is wrong.
 *
 * @since 0.1.0
 */

/**
 * Either `{ ok: true, value }` or `{ ok: false, error }`. Functions that read untrusted text return
 * this instead of throwing, so a typo is a value to show, not an exception to catch.
 *
 * @category models
 * @since 0.1.0
 */
export type Result<A, E> =
  | {
      /** The text was valid. */
      readonly ok: true
      /** What was read. */
      readonly value: A
    }
  | {
      /** The text was not valid. */
      readonly ok: false
      /** Why, as a tagged error with a message a person can act on. */
      readonly error: E
    }
