/**
 * The result of a function that reads input from people or files: the value, or a tagged error
 * saying what is wrong. Functions that read untrusted input return it instead of throwing, so a typo
 * is a value to show, not an exception to catch.
 */

/**
 * Either `{ ok: true, value }` or `{ ok: false, error }`.
 *
 * @category models
 * @since 0.1.0
 */
export type Result<A, E> =
  | {
      /** The input was valid. */
      readonly ok: true
      /** What was read or computed. */
      readonly value: A
    }
  | {
      /** The input was not valid. */
      readonly ok: false
      /** Why, as a tagged error with a message a person can act on. */
      readonly error: E
    }

/** A successful `Result`. */
export const ok = <A>(value: A): Result<A, never> => ({ ok: true, value })

/** A failed `Result`. */
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error })
