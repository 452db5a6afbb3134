/** The shape of a generated code: option checks, the random body and the printed form. */

import type { CodeOptions } from "../CodeOptions.ts"
import { withCheck } from "../checkCharacter.ts"
import { InvalidCodeOptions } from "../errors.ts"
import { group, validateGroupSize } from "../group.ts"
import type { RandomSource } from "../RandomSource.ts"
import { ALPHABET } from "./alphabet.ts"
import { refuse, requiredObject } from "./options.ts"

/** Largest supported `length` (320 bits of entropy is far past any need). */
export const MAX_LENGTH = 64

/** Throws `InvalidCodeOptions` unless `prefix` is made of canonical alphabet characters. */
export const validatePrefix = (prefix: string): string => {
  if (typeof prefix !== "string") refuse("prefix", "must be a string of canonical code characters", prefix)
  for (let i = 0; i < prefix.length; i++) {
    if (!ALPHABET.includes(prefix[i] as string)) {
      throw new InvalidCodeOptions({
        option: "prefix",
        rule: `character ${i + 1} of "${prefix}" is not a canonical code character (use 0-9 and A-Z except I, L, O, U)`
      })
    }
  }
  return prefix
}

/** Throws `InvalidCodeOptions` unless `length` is a whole number in range. */
export const validateLength = (length: number): number => {
  if (!Number.isInteger(length) || length < 1 || length > MAX_LENGTH) {
    throw new InvalidCodeOptions({
      option: "length",
      rule: `must be a whole number from 1 to ${MAX_LENGTH}, got ${length}`
    })
  }
  return length
}

/** Checks the options once; returns the canonical prefix. */
export const validateOptions = (options: CodeOptions): string => {
  requiredObject(options, "options")
  validateLength(options.length)
  if (options.check !== undefined && typeof options.check !== "boolean")
    refuse("check", "must be true or false", options.check)
  if (options.random !== undefined && typeof options.random !== "function")
    refuse("random", "must be a function (size) => Uint8Array", options.random)
  if (options.groupSize !== undefined) validateGroupSize(options.groupSize)
  return validatePrefix(options.prefix ?? "")
}

/** Draws `length` random alphabet characters: one byte each, low 5 bits (256 is a multiple of 32, so unbiased). */
export const randomBody = (length: number, random: RandomSource): string => {
  const bytes: unknown = random(length)
  if (!(bytes instanceof Uint8Array)) return refuse("random", "must return a Uint8Array", bytes)
  if (bytes.length < length) {
    throw new InvalidCodeOptions({
      option: "random",
      rule: `returned ${bytes.length} bytes when ${length} were asked for`
    })
  }
  let body = ""
  for (let i = 0; i < length; i++) body += ALPHABET[(bytes[i] as number) & 31]
  return body
}

/** Builds the printed code from a random body: prefix group, then body and check character in groups. */
export const formatCode = (prefix: string, body: string, options: CodeOptions): string => {
  const tail = options.check === false ? body : withCheck(prefix + body).slice(prefix.length)
  const size = options.groupSize ?? 4
  if (size === 0) return prefix + tail
  const grouped = group(tail, size)
  return prefix === "" ? grouped : `${prefix}-${grouped}`
}
