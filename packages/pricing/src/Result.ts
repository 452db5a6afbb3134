/**
 * The result of a function that reads input: the value, or a tagged error saying what is wrong.
 * Functions that read input from people or files (`parseMoney`, `decodeCatalog`, `decodeCart`,
 * `quote`, `decodePlan`) return it instead of throwing, so a bad amount or a sold-out product is a
 * value to show, not an exception to catch. The type is the toolkit's shared one (`@microdrop/kit`,
 * inlined at build), so a `Result` from pricing and one from codes are the same type.
 *
 * @since 0.1.0
 */
export type { Result } from "@microdrop/kit"
