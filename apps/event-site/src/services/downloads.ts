/**
 * Digital deliverables: a redemption code from `@microdrop/codes` (issued with each bundle) is
 * redeemed once in the ledger, by one browser session; that session then gets short-lived signed
 * download URLs (HMAC over the file, the code and the expiry). The ledger decides exactly-once,
 * expiry, revocation and the rate limit on wrong codes (per session, shared by every instance
 * through the ledger's store).
 */
import { createHmac, timingSafeEqual } from "node:crypto"
import {
  CodeAlreadyRedeemed,
  CodeNotFound,
  InvalidLedgerInput,
  normalize,
  RateLimited
} from "@microdrop/codes"
import type { PromiseLedger } from "@microdrop/codes/promise"

/** How long a download URL works. */
export const DOWNLOAD_URL_MS = 10 * 60_000

/** The file a redeemed code unlocks. */
export const MASTER = { name: "night-tapes-binaural-master.wav", type: "audio/wav" } as const

/** A short sine tone as a 16-bit mono WAV: the demo's "digital master". */
export const demoMaster = (): Uint8Array => {
  const rate = 8000
  const samples = rate // one second
  const buffer = Buffer.alloc(44 + samples * 2)
  buffer.write("RIFF", 0)
  buffer.writeUInt32LE(36 + samples * 2, 4)
  buffer.write("WAVEfmt ", 8)
  buffer.writeUInt32LE(16, 16)
  buffer.writeUInt16LE(1, 20)
  buffer.writeUInt16LE(1, 22)
  buffer.writeUInt32LE(rate, 24)
  buffer.writeUInt32LE(rate * 2, 28)
  buffer.writeUInt16LE(2, 32)
  buffer.writeUInt16LE(16, 34)
  buffer.write("data", 36)
  buffer.writeUInt32LE(samples * 2, 40)
  for (let i = 0; i < samples; i++)
    buffer.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2)
  return buffer
}

const sign = (secret: Uint8Array, code: string, expires: number): string =>
  createHmac("sha256", secret)
    .update(`${MASTER.name.length}:${MASTER.name}:${code.length}:${code}:${expires}`)
    .digest("base64url")

/**
 * A download URL for a redeemed code.
 *
 * @param secret - The site's download secret.
 * @param code - The canonical code.
 * @param now - Milliseconds since the epoch.
 */
export const downloadUrl = (secret: Uint8Array, code: string, now: number): string => {
  const expires = now + DOWNLOAD_URL_MS
  const q = new URLSearchParams({ code, expires: String(expires), sig: sign(secret, code, expires) })
  return `/downloads/${MASTER.name}?${q}`
}

/**
 * Checks a download URL's query.
 *
 * @returns `"ok"`, `"expired"` or `"invalid"`.
 */
export const checkDownload = (
  secret: Uint8Array,
  query: {
    readonly code?: string | undefined
    readonly expires?: string | undefined
    readonly sig?: string | undefined
  },
  now: number
): "ok" | "expired" | "invalid" => {
  const { code, expires, sig } = query
  if (code === undefined || expires === undefined || sig === undefined || !/^\d{1,16}$/.test(expires))
    return "invalid"
  const expected = Buffer.from(sign(secret, code, Number(expires)))
  const given = Buffer.from(sig)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "invalid"
  return now < Number(expires) ? "ok" : "expired"
}

/** The outcome of entering a code. */
export type RedeemOutcome =
  | { readonly ok: true; readonly code: string; readonly url: string }
  | {
      readonly ok: false
      readonly tag: string
      readonly message: string
      /** For `RateLimited`: how long until the next attempt is taken. */
      readonly retryAfterMs?: number
    }

/**
 * Redeems a typed code for this session (a retry by the same session is answered from the first
 * redemption, so reloading never uses the code up).
 */
export const redeemForDownload = async (
  ledger: PromiseLedger,
  secret: Uint8Array,
  typed: string,
  sessionId: string,
  now: number
): Promise<RedeemOutcome> => {
  const normalized = normalize(typed)
  if (!normalized.ok) return { ok: false, tag: normalized.error._tag, message: normalized.error.message }
  const code = normalized.value
  try {
    await ledger.redeem({ code, redemptionId: `web-${sessionId}`, doorId: "web", clientId: sessionId })
    return { ok: true, code, url: downloadUrl(secret, code, now) }
  } catch (error) {
    if (error instanceof CodeAlreadyRedeemed)
      return { ok: false, tag: error._tag, message: "That code has already been redeemed." }
    if (error instanceof CodeNotFound || error instanceof InvalidLedgerInput)
      return { ok: false, tag: error._tag, message: "That code does not exist: check it and try again." }
    if (error instanceof RateLimited) {
      const { retryAfterMs } = error
      return {
        ok: false,
        tag: error._tag,
        message: `Too many wrong codes: try again in ${Math.ceil(retryAfterMs / 1000)} seconds (after ${new Date(now + retryAfterMs).toISOString().slice(11, 19)} UTC).`,
        retryAfterMs
      }
    }
    throw error
  }
}
