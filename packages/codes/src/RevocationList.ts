/**
 * The revocation list: a signed, versioned set of revoked token ids that a door downloads while
 * online and applies offline in `verifyToken`.
 *
 * Layout (big-endian): `[0x81][key id][version u32][issuedAt u32][count u32]` then each token id as
 * `[len][UTF-8]`, then a 64-byte Ed25519 signature. The first byte differs from a token's, so one
 * can never be taken for the other.
 */

import type { Result } from "@microdrop/kit"
import { err, ok } from "@microdrop/kit"
import {
  InvalidCodeOptions,
  InvalidSignature,
  MalformedToken,
  StaleRevocationList,
  UnknownKey
} from "./errors.ts"
import { ed25519Sign, ed25519Verify, findPublicKey, keyObjectOf } from "./internal/ed25519.ts"
import { optionsObject, refuse, requiredObject, wholeNumber } from "./internal/options.ts"
import { isWellFormed } from "./internal/text.ts"
import { fromBase64Url, SIGNATURE_LENGTH } from "./internal/tokenLayout.ts"
import type { TokenPrivateKey, TokenPublicKey } from "./TokenKey.ts"

const LIST_VERSION = 0x81
const HEADER = 14

/**
 * A revocation list a door has opened and checked.
 *
 * @category models
 * @since 0.1.0
 */
export interface RevocationList {
  /** Version: lists only grow newer; keep the one with the highest version. */
  readonly version: number
  /** When it was issued, in seconds since the epoch. */
  readonly issuedAt: number
  /** The revoked token ids. */
  readonly tokenIds: ReadonlySet<string>
}

/**
 * Signs a revocation list for the doors.
 *
 * @param list - `version` (a whole number that grows with every new list), `issuedAt` (seconds) and the revoked `tokenIds`.
 * @param privateKey - The same kind of key that signs tokens.
 * @returns The list as base64url text (about 9 bytes per revoked 8-character id, plus 78).
 * @throws InvalidCodeOptions for a version or `issuedAt` (whole seconds) outside 0 to 2^32-1, an id that
 *   is not a string of 1 to 64 UTF-8 bytes, or a key that is not a private key.
 * @example
 * ```ts
 * import { generateTokenKeyPair, openRevocationList, signRevocationList } from "@microdrop/codes"
 * const { privateKey, publicKey } = generateTokenKeyPair(1)
 * const text = signRevocationList({ version: 3, issuedAt: 1_800_000_000, tokenIds: ["T7"] }, privateKey)
 * openRevocationList(text, [publicKey])  // => { ok: true, value: { version: 3, issuedAt: 1800000000, tokenIds: Set { "T7" } } }
 * ```
 * @since 0.1.0
 */
export const signRevocationList = (
  list: { readonly version: number; readonly issuedAt: number; readonly tokenIds: Iterable<string> },
  privateKey: TokenPrivateKey
): string => {
  requiredObject(list, "list")
  wholeNumber(list.version, "version", 0, 0xffff_ffff, "")
  wholeNumber(list.issuedAt, "issuedAt", 0, 0xffff_ffff, "seconds since the Unix epoch (not milliseconds)")
  const tokenIds: unknown = list.tokenIds
  if (typeof tokenIds !== "object" || tokenIds === null || !(Symbol.iterator in tokenIds))
    return refuse("tokenIds", "must be a list of token ids (strings)", tokenIds)
  const unique = new Set<unknown>(tokenIds as Iterable<unknown>)
  for (const id of unique) {
    if (typeof id !== "string" || !isWellFormed(id))
      refuse("tokenIds", "must hold only token ids (well-formed strings)", id)
  }
  const ids = [...(unique as Set<string>)].sort().map((id) => Buffer.from(id, "utf8"))
  for (const id of ids) {
    if (id.length < 1 || id.length > 64) {
      throw new InvalidCodeOptions({
        option: "tokenIds",
        rule: `each id must be 1 to 64 UTF-8 bytes, got ${id.length}`
      })
    }
  }
  const key = keyObjectOf(privateKey, "private", "privateKey")
  const body = Buffer.allocUnsafe(HEADER + ids.reduce((n, id) => n + 1 + id.length, 0))
  body[0] = LIST_VERSION
  body[1] = privateKey.id
  body.writeUInt32BE(list.version, 2)
  body.writeUInt32BE(list.issuedAt, 6)
  body.writeUInt32BE(ids.length, 10)
  let at = HEADER
  for (const id of ids) {
    body[at++] = id.length
    at += id.copy(body, at)
  }
  return Buffer.concat([body, ed25519Sign(key, body)]).toString("base64url")
}

/**
 * Opens a revocation list downloaded from the box office: checks its format, key and signature, and
 * that it is not older than the list the door already has.
 *
 * @param text - The base64url text from `signRevocationList`.
 * @param publicKeys - The token public keys the door holds.
 * @param options - `minVersion`: the version of the list the door has now (a lower one is refused).
 * @returns The list, or `MalformedToken`, `UnknownKey`, `InvalidSignature` or `StaleRevocationList`.
 * @throws InvalidCodeOptions when `minVersion` is not a whole number from 0 to 2^32-1, or a key is
 *   malformed or private (bugs in the caller).
 * @example
 * ```ts
 * import { openRevocationList } from "@microdrop/codes"
 * openRevocationList(text, [publicKey], { minVersion: 4 })  // => { ok: false, error: StaleRevocationList } for version 3
 * ```
 * @since 0.1.0
 */
export const openRevocationList = (
  text: string,
  publicKeys: TokenPublicKey | ReadonlyArray<TokenPublicKey>,
  options: { readonly minVersion?: number | undefined } = {}
): Result<RevocationList, MalformedToken | UnknownKey | InvalidSignature | StaleRevocationList> => {
  const minVersion = wholeNumber(
    optionsObject(options, "options").minVersion,
    "minVersion",
    0,
    0xffff_ffff,
    "",
    0
  )
  const bytes = typeof text === "string" ? fromBase64Url(text) : undefined
  if (bytes === undefined || bytes.length < HEADER + SIGNATURE_LENGTH || bytes[0] !== LIST_VERSION) {
    return err(new MalformedToken({ reason: "it is not a revocation list" }))
  }
  const count = bytes.readUInt32BE(10)
  const ids = new Set<string>()
  let at = HEADER
  const end = bytes.length - SIGNATURE_LENGTH
  for (let i = 0; i < count; i++) {
    const length = bytes[at] ?? 0
    if (length === 0 || at + 1 + length > end)
      return err(new MalformedToken({ reason: "the revocation list is cut short" }))
    ids.add(bytes.toString("utf8", at + 1, at + 1 + length))
    at += 1 + length
  }
  if (at !== end) return err(new MalformedToken({ reason: "the revocation list has extra bytes" }))
  const keyId = bytes[1] as number
  const { entry, known } = findPublicKey(publicKeys, keyId, "publicKeys")
  if (entry === undefined) return err(new UnknownKey({ keyId, known }))
  if (
    !ed25519Verify(keyObjectOf(entry, "public", "publicKeys"), bytes.subarray(0, end), bytes.subarray(end))
  ) {
    return err(new InvalidSignature({ subject: "revocation list", keyId }))
  }
  const version = bytes.readUInt32BE(2)
  if (version < minVersion) return err(new StaleRevocationList({ version, minVersion }))
  return ok({ version, issuedAt: bytes.readUInt32BE(6), tokenIds: ids })
}
