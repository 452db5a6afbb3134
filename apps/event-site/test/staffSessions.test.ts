// Staff sessions end: the rows of sessions past their time are deleted at each login, a bounded
// number at a time, and a live session is never touched.
import { PGlite } from "@electric-sql/pglite"
import { count, sql } from "drizzle-orm"
import { drizzle } from "drizzle-orm/pglite"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Orm } from "../src/db/database.ts"
import { makeTables, migrationSql } from "../src/db/tables.ts"
import { makeStaff, STALE_SESSIONS_PER_LOGIN } from "../src/services/staff.ts"

const tables = makeTables("event_site")
let db: PGlite | undefined
let orm: Orm

beforeAll(async () => {
  db = await PGlite.create()
  orm = drizzle({ client: db }) as unknown as Orm
  for (const statement of migrationSql("event_site")) await orm.execute(sql.raw(statement))
})
afterAll(async () => {
  await db?.close()
})

const sessions = async () => {
  const [row] = await orm.select({ n: count() }).from(tables.staffSessions)
  return row?.n ?? 0
}

describe("staff sessions", () => {
  it("deletes sessions past their time at each login, a bounded number at a time, and keeps live ones", async () => {
    const staff = makeStaff({ orm, tables, linkSecret: new Uint8Array(32) })
    const member = { staffId: "s1", role: "promoter" as const }
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 * STALE_SESSIONS_PER_LOGIN + 20 }),
        fc.integer({ min: 0, max: 5 }),
        async (stale, live) => {
          await orm.delete(tables.staffSessions)
          const now = 1_800_000_000_000
          // Sessions that ended at or before now, and sessions that still last.
          const row = (sessionId: string, expiresAt: number) => ({ sessionId, ...member, expiresAt })
          const rows = [
            ...Array.from({ length: stale }, (_, i) => row(`old-${i}`, now - i)),
            ...Array.from({ length: live }, (_, i) => row(`live-${i}`, now + 1 + i))
          ]
          if (rows.length > 0) await orm.insert(tables.staffSessions).values(rows)
          const before = await sessions()
          await staff.startSession("new", member, now)
          const removed = Math.min(stale, STALE_SESSIONS_PER_LOGIN)
          expect(await sessions()).toBe(before + 1 - removed)
          for (let i = 0; i < live; i++) expect(await staff.memberOf(`live-${i}`, now)).toEqual(member)
          expect(await staff.memberOf("new", now)).toEqual(member)
        }
      ),
      { numRuns: 8 }
    )
  }, 120_000)
})
