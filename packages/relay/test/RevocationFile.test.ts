// A revocation list in a file: read at start, newer lists picked up while running, older, broken or
// foreign lists ignored (a half-written file never lifts a revocation), and a relay that refuses a
// pass as soon as a newer list names it.
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { generateTokenKeyPair, signRevocationList } from "@microdrop/codes"
import { Effect, Exit, Logger } from "effect"
import { TestClock } from "effect/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { RTCPeerConnection, useOPUS } from "werift"
import { type RunningRelay, startRelay } from "../src/promise.ts"
import { watchRevocationFile } from "../src/RevocationFile.ts"
import { issuer, localRelay, PUBLISHER_SECRET, pass, publicKeys } from "./support/keys.ts"

const dir = mkdtempSync(join(tmpdir(), "relay-revocations-"))
const list = (version: number, tokenIds: ReadonlyArray<string>, key = issuer.privateKey) =>
  signRevocationList({ version, issuedAt: 1_800_000_000, tokenIds }, key)

/** Waits (real time, bounded) for background file I/O to land. */
const eventually = <A>(read: () => A, ok: (a: A) => boolean) =>
  Effect.promise(async () => {
    for (let i = 0; i < 200; i++) {
      const a = read()
      if (ok(a)) return a
      await new Promise((r) => setTimeout(r, 10))
    }
    return read()
  })

/** The watcher's log lines (it logs each list it loads or ignores), so a test can wait for a look to happen. */
const logged: Array<string> = []
const collect = Logger.layer([Logger.make((options) => logged.push(String(options.message)))])

describe("watchRevocationFile", () => {
  it("loads newer lists as they are written and ignores older, broken and foreign ones", async () => {
    const file = join(dir, "list-1.txt")
    writeFileSync(file, `${list(1, ["leaked-1"])}\n`)
    await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const current = yield* watchRevocationFile({ file, pollMs: 5_000, publicKeys: [issuer.publicKey] })
          expect(current()?.version).toBe(1)
          expect(current()?.tokenIds.has("leaked-1")).toBe(true)

          writeFileSync(file, list(2, ["leaked-1", "leaked-2"]))
          yield* TestClock.adjust(4_999)
          expect(current()?.version).toBe(1) // not looked at yet
          yield* TestClock.adjust(1)
          expect((yield* eventually(current, (l) => l?.version === 2))?.tokenIds.has("leaked-2")).toBe(true)

          const other = generateTokenKeyPair(1)
          for (const bad of [list(1, []), "half-writ", list(3, [], other.privateKey), ""]) {
            writeFileSync(file, bad)
            const seen = logged.length
            yield* TestClock.adjust(5_000)
            // Wait until the watcher has actually looked at the bad list (it logs that it ignored it):
            // asserting before the look would pass even if the list were taken.
            const ignored = yield* eventually(
              () => logged.slice(seen).find((line) => line.includes("ignored, keeping version 2")),
              (line) => line !== undefined
            )
            expect(ignored).toBeDefined()
            expect(current()?.version).toBe(2)
          }
          writeFileSync(file, list(3, []))
          yield* TestClock.adjust(5_000)
          expect((yield* eventually(current, (l) => l?.version === 3))?.tokenIds.size).toBe(0)
        })
      ).pipe(Effect.provide(TestClock.layer()), Effect.provide(collect))
    )
  })

  it("fails with InvalidRelayConfig on revocationFile when the file is missing or the list does not open", async () => {
    const missing = await Effect.runPromiseExit(
      Effect.scoped(
        watchRevocationFile({ file: join(dir, "nope.txt"), pollMs: 1000, publicKeys: [issuer.publicKey] })
      )
    )
    const bad = join(dir, "bad.txt")
    writeFileSync(bad, list(1, [], generateTokenKeyPair(1).privateKey))
    const forged = await Effect.runPromiseExit(
      Effect.scoped(watchRevocationFile({ file: bad, pollMs: 1000, publicKeys: [issuer.publicKey] }))
    )
    for (const [exit, rule] of [
      [missing, "cannot read"],
      [forged, "signature"]
    ] as const) {
      expect(Exit.isFailure(exit)).toBe(true)
      if (Exit.isFailure(exit)) {
        const error = JSON.stringify(exit.cause)
        expect(error).toContain("revocationFile")
        expect(error).toContain(rule)
      }
    }
  })
})

describe("a relay with a revocation file", () => {
  let relay: RunningRelay
  let offer: string
  const file = join(dir, "relay-list.txt")
  beforeAll(async () => {
    writeFileSync(file, list(1, ["revoked-at-start"]))
    relay = await startRelay({
      ...localRelay,
      rooms: { main: ["main"] },
      revocationFile: file,
      revocationPollMs: 100
    })
    const pc = new RTCPeerConnection({ codecs: { audio: [useOPUS()], video: [] }, iceServers: [] })
    pc.addTransceiver("audio", { direction: "recvonly" })
    await pc.setLocalDescription(await pc.createOffer())
    offer = pc.localDescription?.sdp ?? ""
    await pc.close()
  })
  afterAll(() => relay.close())

  /** A listener's WHEP request with the pass `id`: its status and body (a session made is deleted). */
  const join_ = async (id: string) => {
    const token = pass({ pass: id })
    const r = await fetch(`${relay.url}/whep/main`, {
      method: "POST",
      headers: { "Content-Type": "application/sdp", Authorization: `Bearer ${token}` },
      body: offer
    })
    const body = await r.text()
    const location = r.headers.get("location")
    if (location !== null)
      await fetch(`${relay.url}${location}`, {
        method: "DELETE",
        headers: { Authorization: `Bearer ${token}` }
      })
    return { status: r.status, body }
  }

  it("refuses a revoked pass with 401, and a pass revoked while it runs from the next request on", async () => {
    const revoked = await join_("revoked-at-start")
    expect(revoked.status).toBe(401)
    expect(revoked.body).toMatch(/revoked/i)
    expect((await join_("leaks-later")).status).toBe(201)
    writeFileSync(file, list(2, ["revoked-at-start", "leaks-later"]))
    let status = 201
    for (let i = 0; i < 100 && status !== 401; i++) {
      await new Promise((r) => setTimeout(r, 50))
      status = (await join_("leaks-later")).status
    }
    expect(status).toBe(401)
    expect((await join_("never-revoked")).status).toBe(201)
  })

  it("does not start with a list it cannot open", async () => {
    const bad = join(dir, "forged.txt")
    writeFileSync(bad, list(1, [], generateTokenKeyPair(1).privateKey))
    await expect(
      startRelay({ port: 0, publicKeys, publisherSecret: PUBLISHER_SECRET, revocationFile: bad })
    ).rejects.toMatchObject({ _tag: "InvalidRelayConfig", field: "revocationFile" })
  })
})
