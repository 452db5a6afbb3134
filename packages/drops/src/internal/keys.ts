/**
 * Keys built from parts, each injective: two different part lists never give the same key, so
 * one drop's or one request's record can never be taken for another's. Internal: not part of the
 * public API.
 *
 * @since 0.1.0
 */

/**
 * A key from any strings: each part length-prefixed (`<length>:<part>`), so no part can be
 * mistaken for a separator.
 *
 * @param parts - the parts, in order
 * @returns e.g. `6:raffle4:drop` for `["raffle", "drop"]`
 * @category keys
 * @since 0.1.0
 */
export const compositeKey = (...parts: ReadonlyArray<string>): string => {
  let key = ""
  for (const part of parts) key += `${part.length}:${part}`
  return key
}

/**
 * The parts of a drop's Redis keys: none contains `}:`, which makes {@link redisKey} injective.
 *
 * @category keys
 * @since 0.1.0
 */
export const REDIS_PARTS = [
  "drop",
  "items",
  "holds",
  "due",
  "customers",
  "keys",
  "queue",
  "raffle:order",
  "raffle:data",
  "waiting:order",
  "waiting:data"
] as const

/**
 * A Redis key of a drop: `<prefix>{<dropId>}:<part>`. Every key of a drop shares its hash tag
 * (Redis Cluster puts them in one slot, so one script may touch them all). Injective for one
 * prefix: the part is one of {@link REDIS_PARTS}, none of which contains `}:`, so the last `}:`
 * of the key ends the drop id.
 *
 * @param prefix - the store's key prefix
 * @param dropId - the drop
 * @param part - which key of the drop
 * @returns the key
 * @category keys
 * @since 0.1.0
 */
export const redisKey = (prefix: string, dropId: string, part: (typeof REDIS_PARTS)[number]): string =>
  `${prefix}{${dropId}}:${part}`
