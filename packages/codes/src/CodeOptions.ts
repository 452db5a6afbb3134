/** How generated codes look and where their randomness comes from. */
import type { RandomSource } from "./RandomSource.ts"

/**
 * Options of `generateCode` and `generateBatch`.
 *
 * @category models
 * @since 0.1.0
 */
export interface CodeOptions {
  /** Number of random characters (1 to 64); each carries 5 bits of entropy. */
  readonly length: number
  /** Characters per display group (default 4); 0 prints the code without separators. */
  readonly groupSize?: number | undefined
  /** Fixed leading characters (canonical alphabet characters, e.g. `"MD"`), printed as their own group and covered by the check character. */
  readonly prefix?: string | undefined
  /** Append a check character that catches every single typo and neighbour swap (default `true`). */
  readonly check?: boolean | undefined
  /** Source of random bytes (default: the platform CSPRNG). Inject a seeded one in tests only. */
  readonly random?: RandomSource | undefined
}
