/** Checks the tag length option of short signed codes. */
import { InvalidCodeOptions } from "../errors.ts"
import { DEFAULT_TAG_LENGTH, MIN_TAG_LENGTH } from "../ShortKey.ts"

/** Largest tag: 51 characters = 255 of the 256 HMAC-SHA256 bits. */
export const MAX_TAG_LENGTH = 51

/** Returns the tag length to use, or throws `InvalidCodeOptions` below the safe minimum. */
export const tagLengthOf = (tagLength: number | undefined): number => {
  const n = tagLength ?? DEFAULT_TAG_LENGTH
  if (typeof n !== "number" || !Number.isInteger(n) || n < MIN_TAG_LENGTH || n > MAX_TAG_LENGTH) {
    throw new InvalidCodeOptions({
      option: "tagLength",
      rule: `must be a whole number from ${MIN_TAG_LENGTH} (35 bits) to ${MAX_TAG_LENGTH} characters, got ${n}`
    })
  }
  return n
}
