/**
 * The site's secrets, made once and kept in the database so every instance (and every restart)
 * signs and verifies with the same keys: the session cookie secret, the Ed25519 seed of the QR
 * tokens and the HMAC secret of the short typed codes.
 */
import { randomBytes } from "node:crypto"
import {
  generateTokenKeyPair,
  type ShortKey,
  type TokenPrivateKey,
  type TokenPublicKey
} from "@microdrop/codes"
import type { Orm } from "../db/database.ts"
import type { Tables } from "../db/tables.ts"
import { DatabaseInconsistent } from "../errors.ts"

/** The keys the site signs with. */
export interface SiteKeys {
  readonly sessionSecret: string
  readonly tokenPrivateKey: TokenPrivateKey
  readonly tokenPublicKey: TokenPublicKey
  readonly shortKey: ShortKey
  /** Derives ticket ids from order ids (HMAC), so re-issuing an order's tickets gives the same ones. */
  readonly idSecret: Uint8Array
  /** Signs short-lived download URLs. */
  readonly downloadSecret: Uint8Array
}

/**
 * A random secret of 32 bytes, made by the first instance that asks and kept in the database.
 *
 * @param orm - The app's query layer.
 * @param tables - The app's tables.
 * @param name - The secret's name.
 */
export const secret = async (orm: Orm, tables: Tables, name: string): Promise<Uint8Array> => {
  const t = tables.secrets
  // Every instance may race here on a fresh database: the first insert wins, all read it back.
  // The no-op update makes RETURNING give the stored row when it exists already.
  const rows = await orm
    .insert(t)
    .values({ name, value: randomBytes(32).toString("base64url") })
    .onConflictDoUpdate({ target: t.name, set: { name } })
    .returning()
  const row = rows[0]
  if (row === undefined) throw new DatabaseInconsistent({ what: `secret ${name}` })
  return new Uint8Array(Buffer.from(row.value, "base64url"))
}

/**
 * Loads (or creates) the site's keys.
 *
 * @param orm - The app's query layer.
 * @param tables - The app's tables.
 */
export const loadKeys = async (orm: Orm, tables: Tables): Promise<SiteKeys> => {
  const session = await secret(orm, tables, "session")
  const tokenSeed = await secret(orm, tables, "token-seed")
  const short = await secret(orm, tables, "short-code")
  const ids = await secret(orm, tables, "ticket-ids")
  const downloads = await secret(orm, tables, "download-urls")
  const pair = generateTokenKeyPair(1, tokenSeed)
  return {
    sessionSecret: Buffer.from(session).toString("base64url"),
    tokenPrivateKey: pair.privateKey,
    tokenPublicKey: pair.publicKey,
    shortKey: { id: 1, secret: short },
    idSecret: ids,
    downloadSecret: downloads
  }
}
