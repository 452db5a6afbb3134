/** Where the randomness of generated codes comes from. */

/**
 * Returns `size` uniformly random bytes. The default is the platform's CSPRNG
 * (`crypto.getRandomValues`); inject a seeded source in tests only.
 *
 * @category models
 * @since 0.1.0
 */
export type RandomSource = (size: number) => Uint8Array
