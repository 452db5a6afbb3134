/**
 * The door's server side: what a door device downloads to work offline (public keys, the signed
 * revocation list, hashes of the typed short codes), the online check of a typed short code, and
 * the upload of a door's offline scans into the ledger (`sync`, which reports double uses across
 * doors as conflicts).
 */
import { createHash } from "node:crypto"
import type { SyncReport } from "@microdrop/codes"
import { encode, formatTokenPublicKey, normalize, signRevocationList, verifyShort } from "@microdrop/codes"
import { eq, inArray } from "drizzle-orm"
import type { DoorData } from "../features/door/token.ts"
import type { SiteServices } from "./site.ts"

/** Ticket kinds admitted at the door (remote passes and codes are not). */
export const DOOR_KINDS = ["ga", "vip"] as const

/** SHA-256 (hex) of a canonical short code: the door looks typed codes up by it, offline. */
export const shortCodeHash = (canonical: string): string =>
  createHash("sha256").update(canonical).digest("hex")

/**
 * What a door keeps for offline use. The revocation list is signed with the token key; its
 * version is the number of revoked tickets (revocations only ever grow).
 */
export const doorData = async (site: SiteServices, now: number): Promise<DoorData> => {
  const t = site.db.tables.tickets
  const rows = await site.db.orm
    .select({ id: t.id, kind: t.kind, shortCode: t.shortCode })
    .from(t)
    .where(inArray(t.kind, [...DOOR_KINDS]))
  const states = await Promise.all(
    rows.map((row) =>
      site.ledger.status(row.id).then(
        (status) => status.state,
        () => undefined
      )
    )
  )
  const revoked = rows.filter((_, i) => states[i] === "revoked").map((row) => row.id)
  const codes: Array<readonly [string, string, string]> = []
  for (const row of rows) {
    const canonical = row.shortCode === null ? undefined : normalize(row.shortCode)
    if (canonical?.ok === true) codes.push([shortCodeHash(canonical.value), row.id, row.kind])
  }
  return {
    event: site.event.id,
    kinds: DOOR_KINDS,
    publicKeys: [formatTokenPublicKey(site.keys.tokenPublicKey)],
    revoked,
    revocationList: signRevocationList(
      { version: revoked.length, issuedAt: Math.floor(now / 1000), tokenIds: revoked },
      site.keys.tokenPrivateKey
    ),
    codes,
    madeAt: now
  }
}

/** A typed short code checked online: the ticket it names, or why not. */
export type TypedCode =
  | { readonly ok: true; readonly id: string; readonly kind: string }
  | { readonly ok: false; readonly tag: string; readonly message: string }

/**
 * Checks a short code typed at the door with the site's short key (the check character first, so
 * a typo says so), and finds the door ticket it names; a ticket revoked in the ledger is refused.
 */
export const checkTypedCode = async (site: SiteServices, typed: string): Promise<TypedCode> => {
  const verified = verifyShort(typed, [site.keys.shortKey])
  if (!verified.ok) {
    const tag = verified.error._tag
    const message =
      tag === "InvalidCheckCharacter" || tag === "InvalidCharacter" || tag === "InvalidLength"
        ? "That code has a typo: read it again."
        : "That is not one of this event's codes."
    return { ok: false, tag, message }
  }
  // Ticket ids are `T` + Crockford Base32 of the short code's payload (services/tickets.ts).
  const id = `T${encode(verified.value.payload)}`
  const t = site.db.tables.tickets
  const [row] = await site.db.orm.select({ kind: t.kind }).from(t).where(eq(t.id, id))
  if (row === undefined || !(DOOR_KINDS as ReadonlyArray<string>).includes(row.kind))
    return { ok: false, tag: "NotADoorTicket", message: "That code is not a door ticket." }
  const status = await site.ledger.status(id)
  if (status.state === "revoked")
    return { ok: false, tag: "CodeRevoked", message: "This ticket was revoked: send to the box office." }
  return { ok: true, id, kind: row.kind }
}

/** Uploads a door's offline scans to the ledger; the report lists double uses as conflicts. */
export const syncDoor = (
  site: SiteServices,
  doorId: string,
  scans: ReadonlyArray<{ readonly nonce: string; readonly code: string; readonly at: number }>
): Promise<SyncReport> => site.ledger.sync(doorId, scans)
