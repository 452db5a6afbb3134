/**
 * A published raffle draw and its check, shared by the server (which publishes) and the drop
 * page's script (which verifies in the browser, bundled with esbuild): the entries' digest and
 * `verifyDraw` from `@microdrop/drops`, the same code that drew the raffle.
 */
import { createHash } from "node:crypto"
import { verifyDraw } from "@microdrop/drops"
import type { PublishedDraw, PublishedEntry } from "../db/tables.ts"

/**
 * SHA-256 (hex) of the entries' canonical JSON (fixed key order, entries in the order they were
 * made): publishing it lets anyone check that the entry list they were shown is the one drawn.
 *
 * @param entries - The entries, in the order they were made.
 */
export const entriesDigest = (entries: ReadonlyArray<PublishedEntry>): string =>
  createHash("sha256")
    .update(
      JSON.stringify(
        entries.map((e) => ({
          customerId: e.customerId,
          lines: e.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }))
        }))
      )
    )
    .digest("hex")

/** The outcome of checking a published draw. */
export type DrawCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string }

/**
 * Checks a published draw: the commitment is the one the drop published before entries opened,
 * the entries hash to the published digest, the seed hashes to the commitment, and drawing again
 * from the seed, the entries and the stock gives exactly the published winners.
 *
 * @param draw - The published draw.
 * @param commitment - The commitment the drop published before entries opened.
 */
export const checkPublishedDraw = (draw: PublishedDraw, commitment: string): DrawCheck => {
  if (draw.commitment !== commitment)
    return { ok: false, reason: "the draw names another commitment than the drop published" }
  if (entriesDigest(draw.entries) !== draw.entriesDigest)
    return { ok: false, reason: "the entries do not match their published digest" }
  const result = verifyDraw(commitment, draw.seed, draw.entries, draw.winners, draw.stock)
  return result.ok ? { ok: true } : { ok: false, reason: result.reason }
}
