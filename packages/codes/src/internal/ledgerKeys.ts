/**
 * The keys stores build from several parts (a code and a nonce, a code and a redemption id). Each
 * part is length-prefixed, so the key is injective: `("U:V", "W")` and `("U", "V:W")` never meet.
 */

/**
 * `<length>:<part>` for every part, the length in UTF-8 bytes (what Redis sees): two lists of parts
 * give the same text only when they are equal, whatever characters the parts hold.
 */
export const lengthPrefixed = (parts: ReadonlyArray<string>): string => {
  let out = ""
  for (const part of parts) out += `${Buffer.byteLength(part, "utf8")}:${part}`
  return out
}

/** The Redis keys of one ledger, all under `prefix`. */
export const redisKeys = (prefix: string) => ({
  /** One hash per code: limits, uses, last use, redemption ids (`r:<id>` fields) and history (`h:<seq>`). */
  code: (code: string): string => `${prefix}:code:${code}`,
  /** Failed attempts of one client (door or client id) in the current window. */
  fail: (client: string): string => `${prefix}:fail:${client}`,
  /** An offline scan of a code the ledger does not know, so its nonce counts once. */
  unknown: (code: string, nonce: string): string => `${prefix}:unknown:${lengthPrefixed([code, nonce])}`
})

/**
 * The memory store's key of a redemption id, which is scoped to its code: the code's length, then
 * both parts. The length fixes where the code ends, so the key is injective. It is counted in UTF-16
 * units, not UTF-8 bytes: the key only ever lives in a JavaScript `Map`, and `Buffer.byteLength`
 * twice per redeem is a measurable share of the memory ledger's hot path.
 */
export const redemptionKey = (code: string, redemptionId: string): string =>
  `${code.length}:${code}${redemptionId}`
