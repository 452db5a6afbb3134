/**
 * The door's offline checks, in the browser (and in Node for the tests): a QR token's Ed25519
 * signature with WebCrypto, and a typed short code looked up by its SHA-256. `@microdrop/codes`
 * verifies with node:crypto and cannot be bundled for the browser, so this reads the token
 * layout the package documents (`[0x01][key id][nbf u32][exp u32][flags][len id][len event]
 * [len kind]([len holder])[signature 64]`); `test/door.test.ts` checks that it agrees with the
 * package's `verifyToken` on valid, altered, expired and revoked tokens.
 */

/** What the door downloads while online and keeps for offline use. */
export interface DoorData {
  readonly event: string
  /** Token kinds admitted at the door. */
  readonly kinds: ReadonlyArray<string>
  /** Public keys as `formatTokenPublicKey` writes them: `<id>:<32 bytes base64url>`. */
  readonly publicKeys: ReadonlyArray<string>
  /** Revoked ticket ids (from the signed list in `revocationList`). */
  readonly revoked: ReadonlyArray<string>
  readonly revocationList: string
  /** Typed short codes: SHA-256 (hex) of the canonical code → ticket id and kind. */
  readonly codes: ReadonlyArray<readonly [hash: string, id: string, kind: string]>
  /** When the server made this (ms since the epoch). */
  readonly madeAt: number
}

/** A door's verdict on a scan. */
export type Verdict =
  | { readonly ok: true; readonly id: string; readonly kind: string }
  | { readonly ok: false; readonly reason: string }

const fromBase64Url = (text: string): Uint8Array<ArrayBuffer> | undefined => {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined
  const binary = atob(
    text
      .replaceAll("-", "+")
      .replaceAll("_", "/")
      .padEnd(Math.ceil(text.length / 4) * 4, "=")
  )
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0))
  // Canonical only: re-encoding must give the same text (no stray bits).
  const again = btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "")
  return again === text ? bytes : undefined
}

const utf8 = new TextDecoder("utf-8", { fatal: true })

interface RawToken {
  readonly keyId: number
  readonly signed: Uint8Array<ArrayBuffer>
  readonly signature: Uint8Array<ArrayBuffer>
  readonly id: string
  readonly event: string
  readonly kind: string
  readonly nbf: number
  readonly exp: number
}

const readToken = (bytes: Uint8Array<ArrayBuffer>): RawToken | undefined => {
  if (bytes.length < 11 + 6 + 64 || bytes.length > 11 + 4 * 65 + 64 || bytes[0] !== 0x01) return undefined
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const flags = bytes[10] ?? 255
  if (flags > 1) return undefined
  const strings: string[] = []
  let at = 11
  for (let i = 0; i < (flags === 1 ? 4 : 3); i++) {
    const next = at + 1 + (bytes[at] ?? 0)
    if (next > bytes.length - 64) return undefined
    try {
      strings.push(utf8.decode(bytes.subarray(at + 1, next)))
    } catch {
      return undefined
    }
    at = next
  }
  if (at + 64 !== bytes.length) return undefined
  const [id = "", event = "", kind = ""] = strings
  return {
    keyId: bytes[1] ?? 0,
    signed: bytes.subarray(0, at),
    signature: bytes.subarray(at),
    id,
    event,
    kind,
    nbf: view.getUint32(2),
    exp: view.getUint32(6)
  }
}

/** Imports the door's public keys once (WebCrypto Ed25519). */
export const importKeys = async (lines: ReadonlyArray<string>): Promise<ReadonlyMap<number, CryptoKey>> => {
  const keys = new Map<number, CryptoKey>()
  for (const line of lines) {
    const [id, text] = line.split(":")
    const raw = text === undefined ? undefined : fromBase64Url(text)
    if (raw === undefined || raw.length !== 32 || !/^\d{1,3}$/.test(id ?? "")) continue
    keys.set(Number(id), await crypto.subtle.importKey("raw", raw, { name: "Ed25519" }, false, ["verify"]))
  }
  return keys
}

/**
 * Verifies a scanned QR token offline: layout, key, signature, event, kind, revocation, then
 * `nbf ≤ now < exp` (token times are seconds, `now` milliseconds).
 */
export const verifyScannedToken = async (
  text: string,
  context: {
    readonly keys: ReadonlyMap<number, CryptoKey>
    readonly event: string
    readonly kinds: ReadonlyArray<string>
    readonly revoked: ReadonlySet<string>
    readonly now: number
  }
): Promise<Verdict> => {
  const bytes = fromBase64Url(text.trim())
  const token = bytes === undefined ? undefined : readToken(bytes)
  if (token === undefined) return { ok: false, reason: "This is not a ticket QR code." }
  const key = context.keys.get(token.keyId)
  if (key === undefined)
    return { ok: false, reason: "Signed with a key this door does not have: another event's ticket?" }
  const genuine = await crypto.subtle.verify({ name: "Ed25519" }, key, token.signature, token.signed)
  if (!genuine) return { ok: false, reason: "The signature does not match: do not admit." }
  if (token.event !== context.event)
    return { ok: false, reason: `A ticket for another event (${token.event}).` }
  if (!context.kinds.includes(token.kind))
    return {
      ok: false,
      reason:
        token.kind === "remote"
          ? "A remote pass: not valid at the door."
          : `Not a door ticket (${token.kind}).`
    }
  if (context.revoked.has(token.id))
    return { ok: false, reason: "This ticket was revoked: send to the box office." }
  if (context.now < token.nbf * 1000) return { ok: false, reason: "This ticket is not valid yet." }
  if (context.now >= token.exp * 1000) return { ok: false, reason: "This ticket has expired." }
  return { ok: true, id: token.id, kind: token.kind }
}

/**
 * A typed code as `@microdrop/codes`' `normalize` reads it (any case; spaces, dashes, underscores
 * skipped; I/L → 1, O → 0), or `undefined` when a character is not in the alphabet.
 */
export const canonicalCode = (typed: string): string | undefined => {
  const out = typed
    .replace(/[\s\-_\u2010-\u2015\u2212]/g, "")
    .toUpperCase()
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0")
  return /^[0-9A-HJKMNP-TV-Z]+$/.test(out) ? out : undefined
}

/** SHA-256 of a canonical code, hex. */
export const codeHash = async (canonical: string): Promise<string> => {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonical)))
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("")
}
