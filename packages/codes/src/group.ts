/** Splits a canonical code into groups for display (`ABCD-EFGH-J`); `normalize` undoes it. */
import { InvalidCodeOptions } from "./errors.js"

/**
 * Splits a code into groups of `size` characters joined by `separator`, for printing and reading aloud.
 *
 * @param code - A canonical code.
 * @param size - Characters per group (default 4); 0 leaves the code whole.
 * @param separator - Between groups (default `"-"`); must be a character `normalize` ignores
 *   (space or dash) for `normalize` to undo the grouping.
 * @returns The grouped code; the last group may be shorter.
 * @throws InvalidCodeOptions when `size` is negative or not an integer.
 * @example
 * ```ts
 * import { group } from "@microdrop/codes"
 * group("ABCDEFGHJ")  // => "ABCD-EFGH-J"
 * ```
 * @since 0.1.0
 */
export const group = (code: string, size = 4, separator = "-"): string => {
  if (!Number.isInteger(size) || size < 0) {
    throw new InvalidCodeOptions({ option: "groupSize", rule: `must be a whole number ≥ 0, got ${size}` })
  }
  if (size === 0 || code.length <= size) return code
  const parts: string[] = []
  for (let i = 0; i < code.length; i += size) parts.push(code.slice(i, i + size))
  return parts.join(separator)
}
