/** Splits a canonical code into groups for display (`ABCD-EFGH-J`); `normalize` undoes it. */
import { refuse, stringParameter } from "./internal/options.ts"

/** Throws `InvalidCodeOptions` unless `size` is a whole number ≥ 0. */
export const validateGroupSize = (size: unknown): number =>
  typeof size === "number" && Number.isInteger(size) && size >= 0
    ? size
    : refuse("groupSize", "must be a whole number ≥ 0", size)

/**
 * Splits a code into groups of `size` characters joined by `separator`, for printing and reading aloud.
 *
 * @param code - A canonical code.
 * @param size - Characters per group (default 4); 0 leaves the code whole.
 * @param separator - Between groups (default `"-"`); must be a character `normalize` ignores
 *   (space or dash) for `normalize` to undo the grouping.
 * @returns The grouped code; the last group may be shorter.
 * @throws InvalidCodeOptions when `code` or `separator` is not a string, or `size` is negative or not an integer.
 * @example
 * ```ts
 * import { group } from "@microdrop/codes"
 * group("ABCDEFGHJ")  // => "ABCD-EFGH-J"
 * ```
 * @since 0.1.0
 */
export const group = (code: string, size = 4, separator = "-"): string => {
  stringParameter(code, "code")
  validateGroupSize(size)
  if (typeof separator !== "string") refuse("separator", "must be a string", separator)
  if (size === 0 || code.length <= size) return code
  const parts: string[] = []
  for (let i = 0; i < code.length; i += size) parts.push(code.slice(i, i + size))
  return parts.join(separator)
}
