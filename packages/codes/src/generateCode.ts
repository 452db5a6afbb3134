/** Generates one random human-friendly code: random body, optional prefix, check character, grouping. */
import type { CodeOptions } from "./CodeOptions.ts"
import { formatCode, randomBody, validateOptions } from "./internal/codeShape.ts"
import { cryptoRandom } from "./internal/randomBytes.ts"

/**
 * Generates one random code for people to type or scan: `length` random characters from the
 * Crockford Base32 alphabet, an optional prefix, a check character, grouped for display.
 *
 * @param options - Length, grouping, prefix, check character and random source.
 * @returns The code for display, e.g. `"MD-7K3Q-9XW2-F"`; `normalize` gives its canonical form.
 * @throws InvalidCodeOptions when the length is out of range, the prefix is not canonical or
 *   the random source returns too few bytes.
 * @example
 * ```ts
 * import { generateCode, verifyCheck } from "@microdrop/codes"
 * const code = generateCode({ length: 8, prefix: "MD" })  // => e.g. "MD-7K3Q-9XW2-F"
 * verifyCheck(code).ok                                    // => true
 * ```
 * @since 0.1.0
 */
export const generateCode = (options: CodeOptions): string => {
  const prefix = validateOptions(options)
  return formatCode(prefix, randomBody(options.length, options.random ?? cryptoRandom), options)
}
