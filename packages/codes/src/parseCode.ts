/** Reads a code a person typed or scanned and checks it against the shape of its batch. */

import type { Result } from "@microdrop/kit"
import { err, ok } from "@microdrop/kit"
import { verifyCheck } from "./checkCharacter.ts"
import type { CodeError } from "./errors.ts"
import { InvalidLength, InvalidPrefix } from "./errors.ts"
import { validateLength, validatePrefix } from "./internal/codeShape.ts"
import { refuse, requiredObject } from "./internal/options.ts"
import { normalize } from "./normalize.ts"

/**
 * The shape codes of one batch share (the same options they were generated with).
 *
 * @category models
 * @since 0.1.0
 */
export interface CodeShape {
  /** Number of random characters. */
  readonly length: number
  /** Leading characters every code of the batch starts with (default none). */
  readonly prefix?: string | undefined
  /** Whether codes end in a check character (default `true`). */
  readonly check?: boolean | undefined
}

/**
 * A code read successfully.
 *
 * @category models
 * @since 0.1.0
 */
export interface ParsedCode {
  /** The whole code in canonical form (prefix, random characters, check character): use it as the key to look codes up. */
  readonly code: string
  /** The random characters only. */
  readonly body: string
}

/**
 * Reads a code as typed or scanned (any case, spaces, dashes, I/L/O forgiven), then checks the
 * prefix, the length and the check character, in that order, so the error names the first problem.
 *
 * @param input - What the person typed.
 * @param shape - The batch's length, prefix and check setting.
 * @returns The canonical code and its random body, or one of `InvalidCharacter`, `InvalidPrefix`,
 *   `InvalidLength`, `InvalidCheckCharacter`.
 * @throws InvalidCodeOptions when `input` is not a string or `shape` itself is invalid (bugs in the caller).
 * @example
 * ```ts
 * import { parseCode } from "@microdrop/codes"
 * parseCode("md-abcd-efgh-?", { length: 8, prefix: "MD" })  // => { ok: false, error: InvalidCharacter }
 * ```
 * @since 0.1.0
 */
export const parseCode = (input: string, shape: CodeShape): Result<ParsedCode, CodeError> => {
  requiredObject(shape, "shape")
  const length = validateLength(shape.length)
  const prefix = validatePrefix(shape.prefix ?? "")
  if (shape.check !== undefined && typeof shape.check !== "boolean")
    refuse("check", "must be true or false", shape.check)
  const check = shape.check !== false
  const normalized = normalize(input)
  if (!normalized.ok) return normalized
  const code = normalized.value
  if (!code.startsWith(prefix)) return err(new InvalidPrefix({ expected: prefix, code }))
  const total = prefix.length + length + (check ? 1 : 0)
  if (code.length !== total) {
    return err(new InvalidLength({ length: code.length, expected: `exactly ${total} characters` }))
  }
  if (!check) return ok({ code, body: code.slice(prefix.length) })
  const verified = verifyCheck(code)
  if (!verified.ok) return verified
  return ok({ code, body: verified.value.slice(prefix.length) })
}
