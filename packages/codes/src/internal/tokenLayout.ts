/**
 * The compact binary layout of QR tokens (all integers big-endian):
 * `[0x01 version][key id][nbf u32][exp u32][flags][len id][len event][len kind]([len holder])[signature 64]`
 * where each `[len x]` is one length byte followed by that many UTF-8 bytes; flags bit 0 = holder present.
 */
import type { TokenClaims } from "../TokenClaims.ts"

export const TOKEN_VERSION = 0x01
export const SIGNATURE_LENGTH = 64
/** Smallest possible token: 11 header bytes, three 1-byte strings with their lengths, the signature. */
export const MIN_TOKEN_BYTES = 11 + 6 + SIGNATURE_LENGTH
/** Largest possible token: four strings of up to 64 bytes. */
export const MAX_TOKEN_BYTES = 11 + 4 * 65 + SIGNATURE_LENGTH

/** The signed bytes of a token. */
export const encodeToken = (keyId: number, claims: TokenClaims): Buffer => {
  const strings = [
    claims.id,
    claims.event,
    claims.kind,
    ...(claims.holder === undefined ? [] : [claims.holder])
  ].map((s) => Buffer.from(s, "utf8"))
  const out = Buffer.allocUnsafe(11 + strings.reduce((n, s) => n + 1 + s.length, 0))
  out[0] = TOKEN_VERSION
  out[1] = keyId
  out.writeUInt32BE(claims.nbf, 2)
  out.writeUInt32BE(claims.exp, 6)
  out[10] = claims.holder === undefined ? 0 : 1
  let at = 11
  for (const s of strings) {
    out[at++] = s.length
    at += s.copy(out, at)
  }
  return out
}

/** The fields of a token read back, before the signature is checked; `end` is where the signature starts. */
export interface RawToken {
  readonly keyId: number
  readonly end: number
  readonly claims: {
    id: string
    event: string
    kind: string
    nbf: number
    exp: number
    holder?: string
  }
}

/** Reads the fields of a token, or says why it cannot (a reason for `MalformedToken`). */
export const decodeToken = (bytes: Buffer): RawToken | string => {
  if (bytes[0] !== TOKEN_VERSION) return `unknown token version ${bytes[0] ?? "(empty)"}`
  const flags = bytes[10] as number
  if (flags > 1) return `unknown flags ${flags}`
  let at = 11
  const strings: string[] = []
  const count = flags === 1 ? 4 : 3
  for (let i = 0; i < count; i++) {
    const length = bytes[at] ?? 0
    const next = at + 1 + length
    if (next > bytes.length - SIGNATURE_LENGTH) return "the token is cut short"
    strings.push(bytes.toString("utf8", at + 1, next))
    at = next
  }
  if (at + SIGNATURE_LENGTH !== bytes.length) return "the token has extra bytes after its signature"
  const claims: RawToken["claims"] = {
    id: strings[0] as string,
    event: strings[1] as string,
    kind: strings[2] as string,
    nbf: bytes.readUInt32BE(2),
    exp: bytes.readUInt32BE(6)
  }
  if (count === 4) claims.holder = strings[3] as string
  return { keyId: bytes[1] as number, end: at, claims }
}

/** Base64url text → bytes, accepting only the canonical encoding (no padding, no stray bits, no other characters). */
export const fromBase64Url = (text: string): Buffer | undefined => {
  const bytes = Buffer.from(text, "base64url")
  return bytes.toString("base64url") === text ? bytes : undefined
}
