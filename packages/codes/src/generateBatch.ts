/** Generates a batch of distinct codes and states how hard they are to guess. */

import type { CodeOptions } from "./CodeOptions.ts"
import { InvalidCodeOptions } from "./errors.ts"
import { formatCode, randomBody, validateOptions } from "./internal/codeShape.ts"
import { cryptoRandom } from "./internal/randomBytes.ts"

/**
 * A batch of distinct codes and its guessing odds.
 *
 * @category models
 * @since 0.1.0
 */
export interface CodeBatch {
  /** The codes, all distinct, formatted as `generateCode` formats them. */
  readonly codes: ReadonlyArray<string>
  /** Entropy of one code in bits: 5 per random character (prefix and check character add none). */
  readonly entropyBits: number
  /** Number of possible codes: 32^length. */
  readonly space: number
  /**
   * Probability that one guess hits some code of the batch: count / 32^length. It assumes the
   * attacker knows the format (so the check character does not help against guessing); `n`
   * guesses succeed with probability at most `n × guessProbability`. Rate-limit redemption.
   */
  readonly guessProbability: number
}

/**
 * Generates `count` distinct random codes (a duplicate draw is drawn again).
 *
 * @param count - How many codes (a whole number from 0 to 32^length).
 * @param options - As for `generateCode`.
 * @returns The codes with `entropyBits`, `space` and `guessProbability`.
 * @throws InvalidCodeOptions when `count` is negative, fractional or larger than the code space.
 * @example
 * ```ts
 * import { generateBatch } from "@microdrop/codes"
 * const batch = generateBatch(100, { length: 10 })
 * batch.codes.length      // => 100
 * batch.entropyBits       // => 50
 * batch.guessProbability  // => 8.881784197001252e-14
 * ```
 * @since 0.1.0
 */
export const generateBatch = (count: number, options: CodeOptions): CodeBatch => {
  const prefix = validateOptions(options)
  const space = 32 ** options.length
  if (!Number.isSafeInteger(count) || count < 0 || count > space) {
    throw new InvalidCodeOptions({
      option: "count",
      rule: `must be a whole number from 0 to ${space} (32^${options.length} possible codes), got ${count}`
    })
  }
  const random = options.random ?? cryptoRandom
  const bodies = new Set<string>()
  // Expected draws: about `count` when the batch is a small part of the space, space × ln(space) when
  // it fills it. Ten times that means the random source repeats itself (a broken or constant source).
  const expected = count <= space / 2 ? 2 * count : space * (Math.log(space) + 1)
  const maxDraws = 10 * expected + 1000
  for (let draws = 0; bodies.size < count; draws++) {
    if (draws > maxDraws) {
      throw new InvalidCodeOptions({
        option: "random",
        rule: `produced only ${bodies.size} distinct codes in ${draws} draws; it is not random enough`
      })
    }
    bodies.add(randomBody(options.length, random))
  }
  const codes: string[] = []
  for (const body of bodies) codes.push(formatCode(prefix, body, options))
  return { codes, entropyBits: options.length * 5, space, guessProbability: count / space }
}
