// The README's door flow, step by step: if this test changes, change the README with it.
import { describe, expect, it } from "vitest"
import { generateTokenKeyPair, type OfflineScan, signToken, verifyToken } from "../src/index.ts"
import { createLedger } from "../src/promise.ts"

describe("the door flow", () => {
  it("issues 100 tickets, verifies them offline at two doors, syncs and reports the double use", async () => {
    // Box office (online): a key pair, 100 tickets in the ledger, one QR token each.
    const { privateKey, publicKey } = generateTokenKeyPair(1)
    const ledger = createLedger() // memoryStore(); postgresStore(...) or redisStore(...) in production
    const show = { event: "EV-2026-11", kind: "ga", nbf: 1_800_000_000, exp: 1_800_021_600 }
    const tokens: string[] = []
    for (let i = 1; i <= 100; i++) {
      const id = `T${String(i).padStart(4, "0")}`
      await ledger.issue({ code: id, expiresAt: show.exp * 1000 })
      tokens.push(signToken({ ...show, id }, privateKey)) // print each as a QR code
    }
    expect(Buffer.from(tokens[0] as string, "base64url")).toHaveLength(95)
    expect(tokens[0]).toHaveLength(127)

    // Doors (offline): only the public key; each verified scan is logged with a random nonce.
    const scan = (token: string, nonce: string, now: number): OfflineScan | undefined => {
      const r = verifyToken(token, [publicKey], { now })
      return r.ok ? { nonce, code: r.value.claims.id, at: now } : undefined
    }
    const north = [
      scan(tokens[0] as string, "n-1", 1_800_003_600_000),
      scan(tokens[1] as string, "n-2", 1_800_003_601_000)
    ]
    const south = [scan(tokens[0] as string, "s-1", 1_800_003_540_000)] // the same ticket, a minute earlier
    const t = tokens[2] as string
    const forged = `${t.slice(0, 40)}${t[40] === "A" ? "B" : "A"}${t.slice(41)}` // one character changed
    expect(scan(forged, "x", 1_800_003_600_000)).toBeUndefined()

    // Back online: each door uploads its log; the double use is reported with both scans, none is lost.
    const fromNorth = await ledger.sync("north", north)
    expect(fromNorth.accepted).toEqual(["n-1", "n-2"])
    const fromSouth = await ledger.sync("south", south)
    expect(fromSouth.conflicts.map((c) => [c.code, c.uses.map((u) => `${u.doorId}@${u.at}`)])).toEqual([
      ["T0001", ["south@1800003540000", "north@1800003600000"]]
    ])
    expect((await ledger.sync("north", north)).duplicates).toEqual(["n-1", "n-2"]) // a re-upload counts once
    await ledger.dispose()
  })
})
