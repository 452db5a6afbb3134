/**
 * Staff accounts and staff sessions. The promoter's account is seeded at start: with
 * `PROMOTER_PASSWORD` its password is set to that, otherwise the first start makes a random one
 * and `npm start` prints it once (a demo password known to everyone would end up on deployed
 * sites). Passwords are hashed with scrypt (node:crypto), each with its own salt, and compared in
 * constant time; an unknown email costs the same scrypt as a wrong password.
 *
 * A staff session ties the browser's session id (the signed `sid` cookie, renewed at login) to a
 * role: `promoter` (everything staff may do) or `door` (the door page). Door staff get no
 * account: the promoter hands them a door link (HMAC-signed, expiring) that starts a `door`
 * session on their device.
 */
import { createHmac, randomBytes, randomUUID, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto"
import { and, eq, gt, inArray, lte } from "drizzle-orm"
import type { Orm } from "../db/database.ts"
import type { StaffRole, Tables } from "../db/tables.ts"

/** How long a staff session lasts. */
export const STAFF_SESSION_MS = 12 * 3_600_000
/** Most ended staff sessions one login deletes. */
export const STALE_SESSIONS_PER_LOGIN = 100
/** How long a door link can be used to start a door session. */
export const DOOR_LINK_MS = 24 * 3_600_000

const SCRYPT = { N: 16_384, r: 8, p: 1, keylen: 32 } as const

const scryptAsync = (password: string, salt: Uint8Array, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, SCRYPT.keylen, options, (error, key) =>
      error === null ? resolve(key) : reject(error)
    )
  )

/** Hashes a password: `scrypt$N$r$p$salt$hash` (base64url). */
export const hashPassword = async (password: string): Promise<string> => {
  const salt = randomBytes(16)
  const key = await scryptAsync(password, salt, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p })
  return ["scrypt", SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString("base64url"), key.toString("base64url")].join(
    "$"
  )
}

/** Checks a password against a stored hash, in constant time; a malformed hash never matches. */
export const verifyPassword = async (password: string, stored: string): Promise<boolean> => {
  const [scheme, n, r, p, salt, hash] = stored.split("$")
  if (scheme !== "scrypt" || salt === undefined || hash === undefined) return false
  const params = [n, r, p].map(Number)
  if (params.some((v) => !Number.isSafeInteger(v) || v < 1)) return false
  const [N = 0, R = 0, P = 0] = params
  const expected = Buffer.from(hash, "base64url")
  const key = await scryptAsync(password, Buffer.from(salt, "base64url"), {
    N,
    r: R,
    p: P,
    maxmem: 256 * N * R
  })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

// Compared against when the email is unknown, so both answers take one scrypt.
const dummyHash = hashPassword(randomBytes(16).toString("base64url"))

/** A signed-in staff member. */
export interface StaffMember {
  readonly staffId: string
  readonly role: StaffRole
}

/** The staff service. */
export interface Staff {
  /**
   * Makes sure the promoter's account exists. With `password` the account's password becomes it;
   * without, a new account gets a random password, returned once (else `undefined`).
   */
  readonly seedPromoter: (email: string, password: string | undefined) => Promise<string | undefined>
  /** The account whose email and password match, or `undefined`. */
  readonly authenticate: (email: string, password: string) => Promise<StaffMember | undefined>
  /** Ties a session id to a staff member until `now + STAFF_SESSION_MS`. */
  readonly startSession: (sessionId: string, member: StaffMember, now: number) => Promise<void>
  /** The staff member of a session, while it lasts. */
  readonly memberOf: (sessionId: string, now: number) => Promise<StaffMember | undefined>
  /** Ends a staff session. */
  readonly endSession: (sessionId: string) => Promise<void>
  /** A door link's query (`until`, `sig`) for door staff, valid until `now + DOOR_LINK_MS`. */
  readonly doorLink: (now: number) => { readonly until: string; readonly sig: string }
  /** Whether a door link's query is genuine and not expired. */
  readonly checkDoorLink: (
    query: { readonly until?: string | undefined; readonly sig?: string | undefined },
    now: number
  ) => boolean
}

/** Makes the staff service. */
export const makeStaff = (deps: {
  readonly orm: Orm
  readonly tables: Tables
  /** Signs door links. */
  readonly linkSecret: Uint8Array
}): Staff => {
  const { orm, tables } = deps
  const t = tables.staff
  const s = tables.staffSessions
  const normalizeEmail = (email: string) => email.trim().toLowerCase()
  const linkSig = (until: string) =>
    createHmac("sha256", deps.linkSecret).update(`door-link:${until.length}:${until}`).digest("base64url")
  return {
    seedPromoter: async (email, password) => {
      const address = normalizeEmail(email)
      const chosen = password ?? randomBytes(12).toString("base64url")
      const passwordHash = await hashPassword(chosen)
      const values = {
        id: randomUUID(),
        email: address,
        role: "promoter" as const,
        passwordHash,
        createdAt: Date.now()
      }
      if (password !== undefined) {
        await orm
          .insert(t)
          .values(values)
          .onConflictDoUpdate({ target: t.email, set: { passwordHash, role: "promoter" } })
        return undefined
      }
      // Several instances may start at once: only the one whose insert wins prints the password.
      const created = await orm.insert(t).values(values).onConflictDoNothing().returning()
      return created.length === 1 ? chosen : undefined
    },
    authenticate: async (email, password) => {
      const [row] = await orm
        .select()
        .from(t)
        .where(eq(t.email, normalizeEmail(email)))
      const ok = await verifyPassword(password, row?.passwordHash ?? (await dummyHash))
      return row !== undefined && ok ? { staffId: row.id, role: row.role } : undefined
    },
    startSession: async (sessionId, member, now) => {
      const expiresAt = now + STAFF_SESSION_MS
      // Sessions past their time are never read again: each login deletes some (bounded).
      await orm
        .delete(s)
        .where(
          inArray(
            s.sessionId,
            orm
              .select({ sessionId: s.sessionId })
              .from(s)
              .where(lte(s.expiresAt, now))
              .limit(STALE_SESSIONS_PER_LOGIN)
          )
        )
      await orm
        .insert(s)
        .values({ sessionId, staffId: member.staffId, role: member.role, expiresAt })
        .onConflictDoUpdate({
          target: s.sessionId,
          set: { staffId: member.staffId, role: member.role, expiresAt }
        })
    },
    memberOf: async (sessionId, now) => {
      const [row] = await orm
        .select()
        .from(s)
        .where(and(eq(s.sessionId, sessionId), gt(s.expiresAt, now)))
      return row === undefined ? undefined : { staffId: row.staffId, role: row.role }
    },
    endSession: async (sessionId) => {
      await orm.delete(s).where(eq(s.sessionId, sessionId))
    },
    doorLink: (now) => {
      const until = String(Math.floor(now + DOOR_LINK_MS))
      return { until, sig: linkSig(until) }
    },
    checkDoorLink: (query, now) => {
      const { until, sig } = query
      if (until === undefined || sig === undefined || !/^\d{1,16}$/.test(until)) return false
      const expected = Buffer.from(linkSig(until))
      const given = Buffer.from(sig)
      return expected.length === given.length && timingSafeEqual(expected, given) && now < Number(until)
    }
  }
}
