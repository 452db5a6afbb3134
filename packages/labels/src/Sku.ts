/**
 * SKUs built from parts (event, drop, product, optional variant) in a look-alike-free charset, with a
 * check character that catches every single-character error and every adjacent transposition.
 *
 * @since 0.1.0
 */
import { InvalidSku } from "./errors.js"

/**
 * The characters a SKU part may use: digits and capital letters without the look-alikes I, L, O
 * (1, 0), S (5) and Z (2), nor U (kept for the check character only, as Crockford keeps it out).
 *
 * @category constants
 * @since 0.1.0
 */
export const SKU_CHARSET = "0123456789ABCDEFGHJKMNPQRTVWXY"

/** The check alphabet: the 30 part characters then U (31 symbols, one per value mod 31). */
const CHECK_ALPHABET = `${SKU_CHARSET}U`

/**
 * Length limits per part (characters). The whole SKU is at most 29 characters.
 *
 * @category constants
 * @since 0.1.0
 */
export const SKU_LIMITS = {
  event: { min: 1, max: 6 },
  drop: { min: 1, max: 4 },
  product: { min: 1, max: 8 },
  variant: { min: 1, max: 6 }
} as const

/**
 * The parts a SKU is built from. `variant` is optional (a product without variants).
 *
 * @category models
 * @since 0.1.0
 */
export interface SkuParts {
  /** The event, e.g. "EV26". */
  readonly event: string
  /** The drop within the event, e.g. "D1". */
  readonly drop: string
  /** The product, e.g. "TAPE". */
  readonly product: string
  /** The variant, e.g. "BK" (omit for none). */
  readonly variant?: string | undefined
}

type PartName = keyof typeof SKU_LIMITS

const PARTS: ReadonlyArray<PartName> = ["event", "drop", "product", "variant"]

/** Value of each character in the check sum: separators 0, part characters 1..30. */
const charValue = (ch: string): number => (ch === "-" ? 0 : SKU_CHARSET.indexOf(ch) + 1)

/** Look-alikes typed by people, read as the character they resemble. */
const LOOK_ALIKES: Readonly<Record<string, string>> = { I: "1", L: "1", O: "0", S: "5", Z: "2" }

const checkPart = (part: PartName, value: string): void => {
  const { min, max } = SKU_LIMITS[part]
  if (value.length < min || value.length > max)
    throw new InvalidSku({ part, rule: `must have ${min} to ${max} characters (has ${value.length})`, value })
  for (const ch of value)
    if (!SKU_CHARSET.includes(ch))
      throw new InvalidSku({
        part,
        rule: `"${ch}" is not allowed: use digits and capital letters except I, L, O, S, U, Z`,
        value
      })
}

/**
 * The check character of a SKU body (`EVENT-DROP-PRODUCT[-VARIANT]`): a weighted sum mod 31 over every
 * character of `body + "-" + check` (weights 1, 2, 3… by position, which stay below 31) is zero. Any
 * single changed character, separator included, and any swap of two neighbours changes the sum.
 *
 * @param body - The SKU without its trailing `-` and check character (already valid).
 * @returns The check character.
 * @example
 * ```ts
 * import { skuCheckCharacter } from "@microdrop/labels"
 * skuCheckCharacter("EV26-D1-TAPE-BK") // => "V"
 * ```
 * @since 0.1.0
 */
export const skuCheckCharacter = (body: string): string => {
  let sum = 0
  for (let i = 0; i < body.length; i++) sum += (i + 1) * charValue(body[i] as string)
  // body + "-": the separator's value is 0. The check sits at weight body.length + 2.
  const w = body.length + 2
  // c · w ≡ −sum (mod 31): w⁻¹ by Fermat (31 is prime).
  let inv = 1
  for (let k = 0; k < 29; k++) inv = (inv * w) % 31
  const c = (((31 - (sum % 31)) % 31) * inv) % 31
  return CHECK_ALPHABET[c] as string
}

/**
 * Builds a SKU from its parts: `EVENT-DROP-PRODUCT[-VARIANT]-C`, where C is the check character.
 * Parts are upper-cased first; the result always parses back to the same parts (`parseSku`).
 *
 * @param parts - event (1-6), drop (1-4), product (1-8) and optional variant (1-6), in `SKU_CHARSET`.
 * @returns The SKU text.
 * @throws InvalidSku naming the part and the rule (length, or a character outside the charset).
 * @example
 * ```ts
 * import { buildSku } from "@microdrop/labels"
 * buildSku({ event: "EV26", drop: "D1", product: "TAPE", variant: "BK" }) // => "EV26-D1-TAPE-BK-V"
 * ```
 * @since 0.1.0
 */
export const buildSku = (parts: SkuParts): string => {
  const values: string[] = []
  for (const part of PARTS) {
    const raw = parts[part]
    if (raw === undefined && part === "variant") continue
    if (typeof raw !== "string") throw new InvalidSku({ part, rule: "must be a string", value: String(raw) })
    const value = raw.toUpperCase()
    checkPart(part, value)
    values.push(value)
  }
  const body = values.join("-")
  return `${body}-${skuCheckCharacter(body)}`
}

/**
 * Parses a SKU back into its parts, checking every part and the check character. Typed text is
 * normalised first: trimmed, upper-cased, and the look-alikes I/L → 1, O → 0, S → 5, Z → 2.
 *
 * @param text - The SKU as printed or typed.
 * @returns The parts (`variant` only when the SKU has one).
 * @throws InvalidSku naming the part and the rule (shape, length, charset, or check character).
 * @example
 * ```ts
 * import { parseSku } from "@microdrop/labels"
 * parseSku("ev26-d1-tape-bk-v") // => { event: "EV26", drop: "D1", product: "TAPE", variant: "BK" }
 * ```
 * @since 0.1.0
 */
export const parseSku = (text: string): SkuParts => {
  if (typeof text !== "string")
    throw new InvalidSku({ part: "sku", rule: "must be a string", value: String(text) })
  const fields = text.trim().toUpperCase().split("-")
  if (fields.length !== 4 && fields.length !== 5)
    throw new InvalidSku({
      part: "sku",
      rule: "must be EVENT-DROP-PRODUCT-CHECK or EVENT-DROP-PRODUCT-VARIANT-CHECK (4 or 5 parts separated by -)",
      value: text
    })
  const check = fields.pop() as string
  const normal = fields.map((f) => [...f].map((ch) => LOOK_ALIKES[ch] ?? ch).join(""))
  normal.forEach((value, i) => {
    checkPart(PARTS[i] as PartName, value)
  })
  const body = normal.join("-")
  const expected = skuCheckCharacter(body)
  if (check.length !== 1 || check !== expected)
    throw new InvalidSku({
      part: "check",
      rule: `check character must be ${expected}: a character was mistyped or two were swapped`,
      value: check
    })
  const [event, drop, product, variant] = normal as [string, string, string, string?]
  return variant === undefined ? { event, drop, product } : { event, drop, product, variant }
}
