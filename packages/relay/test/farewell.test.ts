// A session the relay ends (seat replace-oldest, publisher takeover, DELETE) is told at once: the relay
// sends an RTCP BYE and a DTLS close_notify before closing, so the far end does not stay "connected"
// until its ICE consent expires (~30 s). Checked with headless Chromium players and publishers, and with
// a werift listener.
import { existsSync } from "node:fs"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RunningRelay, startRelay } from "../src/promise.ts"
import { type Browser, CHROMIUM, launch } from "./support/chromium.ts"
import { localRelay, PUBLISHER_SECRET, pass } from "./support/keys.ts"
import { connected, listen, publish } from "./support/weriftPeer.ts"

const available = existsSync(CHROMIUM)
if (!available && process.env["CI"]) throw new Error(`Chromium is required in CI (${CHROMIUM})`)

/**
 * What ends a session for the page: the connection or DTLS closing or failing, or the track ending.
 * (Chromium 156 reports a close_notify as the DTLS transport's `closed` state; connectionState stays.)
 */
const ENDED = /^(connection:(closed|failed|disconnected)|dtls:(closed|failed)|track:ended)$/
const TOLD_WITHIN_MS = 2_000

let relay: RunningRelay
let browser: Browser

const call = <T>(p: Page, fn: string, ...args: string[]) =>
  p.evaluate(
    ([f, a]) =>
      (globalThis as unknown as Record<string, (...x: string[]) => Promise<T> | T>)[f as string]?.(
        ...(a as string[])
      ),
    [fn, args] as const
  ) as Promise<T>
const events = (p: Page) =>
  p.evaluate(() => (globalThis as unknown as { events: { what: string; at: number }[] }).events)

/** Waits until the page saw its session end, and returns when (ms after `watch`) and what it saw. */
const toldEnd = async (p: Page, ms = 5_000) => {
  const start = Date.now()
  for (;;) {
    const seen = await events(p)
    const end = seen.find((e) => ENDED.test(e.what))
    if (end !== undefined || Date.now() - start > ms) return { end, seen }
    await new Promise((r) => setTimeout(r, 50))
  }
}

const page = async () => {
  const p = await browser.context.newPage()
  await p.goto(browser.pages)
  return p
}
const connectedPage = async (p: Page, which: "listener" | "publisher") => {
  const start = Date.now()
  while (Date.now() - start < 15_000) {
    const state = await p.evaluate(
      (w) =>
        (globalThis as unknown as Record<string, { connectionState: string } | undefined>)[w]
          ?.connectionState,
      which
    )
    if (state === "connected") return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`the page's ${which} did not connect`)
}

describe.skipIf(!available)("the far end of a session the relay ends is told at once", () => {
  beforeAll(async () => {
    relay = await startRelay({ ...localRelay, rooms: { main: ["main"] } })
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
    await relay?.close()
  })

  it("a Chromium player whose seat is taken by a newer session of its pass (replace-oldest)", async () => {
    const p = await page()
    const token = pass({ pass: "solo-1", kind: "main-solo" })
    await call(p, "listen", `${relay.url}/whep/main`, token)
    await connectedPage(p, "listener")
    await call(p, "watch", "listener")
    const second = await listen(`${relay.url}/whep/main`, token)
    expect(second.response.status).toBe(201)
    const { end, seen } = await toldEnd(p)
    expect(end?.at, JSON.stringify(seen)).toBeLessThan(TOLD_WITHIN_MS)
    second.close()
    await p.close()
  })

  it("a Chromium player whose session is DELETEd", async () => {
    const p = await page()
    const token = pass({ pass: "deleted-1" })
    const session = await call<{ location: string }>(p, "listen", `${relay.url}/whep/main`, token)
    await connectedPage(p, "listener")
    await call(p, "watch", "listener")
    const response = await fetch(new URL(session.location, relay.url), {
      method: "DELETE",
      headers: { Authorization: `Bearer ${token}` }
    })
    expect(response.status).toBe(200)
    const { end, seen } = await toldEnd(p)
    expect(end?.at, JSON.stringify(seen)).toBeLessThan(TOLD_WITHIN_MS)
    await p.close()
  })

  it("a Chromium publisher taken over by a newer publisher", async () => {
    const p = await page()
    await call(p, "publish", `${relay.url}/whip/main`, PUBLISHER_SECRET)
    await connectedPage(p, "publisher")
    await call(p, "watch", "publisher")
    const next = await publish(`${relay.url}/whip/main`, PUBLISHER_SECRET)
    expect(next.response.status).toBe(201)
    const { end, seen } = await toldEnd(p)
    expect(end?.at, JSON.stringify(seen)).toBeLessThan(TOLD_WITHIN_MS)
    await next.stop()
    await p.close()
  })
})

describe("a werift listener", () => {
  it("whose seat is taken sees its DTLS transport close within 2 s", async () => {
    const r = await startRelay({ ...localRelay, rooms: { main: ["main"] } })
    try {
      const token = pass({ pass: "solo-2", kind: "main-solo" })
      const first = await listen(`${r.url}/whep/main`, token)
      await connected(first.pc)
      // werift maps a DTLS close_notify onto its DTLS transport's state (not onto connectionState).
      const closed = new Promise<number>((resolve) => {
        const start = Date.now()
        const ended = (s: string) => {
          if (s === "closed" || s === "failed" || s === "disconnected") resolve(Date.now() - start)
        }
        first.pc.connectionStateChange.subscribe(ended)
        for (const t of first.pc.dtlsTransports) t.onStateChange.subscribe(ended)
      })
      const second = await listen(`${r.url}/whep/main`, token)
      expect(second.response.status).toBe(201)
      const after = await Promise.race([
        closed,
        new Promise<number>((r) => setTimeout(() => r(Infinity), 5_000))
      ])
      expect(after).toBeLessThan(TOLD_WITHIN_MS)
      second.close()
      first.close()
    } finally {
      await r.close()
    }
  })
})
