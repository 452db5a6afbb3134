/** Constructors for `Result`, shared by every module that reads input. */
import type { Result } from "../Result.js"

export const ok = <A>(value: A): Result<A, never> => ({ ok: true, value })
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error })
