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
import { connected, listen, publish, until } from "./support/weriftPeer.ts"

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

  /** Opens a page's session (`open`), lets the relay end it (`end`), and checks the page is told in time. */
  const toldInTime = async <A>(
    which: "listener" | "publisher",
    open: (p: Page) => Promise<A>,
    end: (opened: A) => Promise<() => Promise<void>>
  ) => {
    const p = await page()
    const opened = await open(p)
    await connectedPage(p, which)
    await call(p, "watch", which)
    const cleanUp = await end(opened)
    const { end: seenEnd, seen } = await toldEnd(p)
    expect(seenEnd?.at, JSON.stringify(seen)).toBeLessThan(TOLD_WITHIN_MS)
    await cleanUp()
    await p.close()
  }

  it("a Chromium player whose seat is taken by a newer session of its pass (replace-oldest)", async () => {
    const token = pass({ pass: "solo-1", kind: "main-solo" })
    await toldInTime(
      "listener",
      (p) => call(p, "listen", `${relay.url}/whep/main`, token),
      async () => {
        const second = await listen(`${relay.url}/whep/main`, token)
        expect(second.response.status).toBe(201)
        return second.close
      }
    )
  })

  it("a Chromium player whose session is DELETEd", async () => {
    const token = pass({ pass: "deleted-1" })
    await toldInTime(
      "listener",
      (p) => call<{ location: string }>(p, "listen", `${relay.url}/whep/main`, token),
      async (session) => {
        const response = await fetch(new URL(session.location, relay.url), {
          method: "DELETE",
          headers: { Authorization: `Bearer ${token}` }
        })
        expect(response.status).toBe(200)
        return async () => undefined
      }
    )
  })

  it("a Chromium publisher taken over by a newer publisher", async () => {
    await toldInTime(
      "publisher",
      (p) => call(p, "publish", `${relay.url}/whip/main`, PUBLISHER_SECRET),
      async () => {
        const next = await publish(`${relay.url}/whip/main`, PUBLISHER_SECRET)
        expect(next.response.status).toBe(201)
        return next.stop
      }
    )
  })
})

/** Resolves with the ms until `pc`'s connection or DTLS transport closes or fails (Infinity after 5 s). */
const closedWithin = (pc: Awaited<ReturnType<typeof listen>>["pc"]) => {
  const start = Date.now()
  return Promise.race([
    new Promise<number>((resolve) => {
      // werift maps a DTLS close_notify onto its DTLS transport's state (not onto connectionState).
      const ended = (s: string) => {
        if (s === "closed" || s === "failed" || s === "disconnected") resolve(Date.now() - start)
      }
      pc.connectionStateChange.subscribe(ended)
      for (const t of pc.dtlsTransports) t.onStateChange.subscribe(ended)
    }),
    new Promise<number>((resolve) => setTimeout(() => resolve(Number.POSITIVE_INFINITY), 5_000))
  ])
}

describe("a werift listener", () => {
  it("whose seat is taken sees its DTLS transport close within 2 s", async () => {
    const r = await startRelay({ ...localRelay, rooms: { main: ["main"] } })
    try {
      const token = pass({ pass: "solo-2", kind: "main-solo" })
      const first = await listen(`${r.url}/whep/main`, token)
      await connected(first.pc)
      const closed = closedWithin(first.pc)
      const second = await listen(`${r.url}/whep/main`, token)
      expect(second.response.status).toBe(201)
      expect(await closed).toBeLessThan(TOLD_WITHIN_MS)
      await Promise.all([second.close(), first.close()])
    } finally {
      await r.close()
    }
  })

  for (const workers of [0, 1])
    it(`is told when the relay shuts down (workers ${workers})`, async () => {
      const r = await startRelay({ ...localRelay, rooms: { main: ["main"] }, workers })
      const pub = await publish(`${r.url}/whip/main`, PUBLISHER_SECRET)
      const l = await listen(`${r.url}/whep/main`, pass({ pass: `shutdown-${workers}` }))
      try {
        await connected(pub.pc)
        pub.start()
        // Packets arriving prove the relay's side of the listener's DTLS is up (only then can it say goodbye).
        await until(() => l.packets() > 5, 15_000, "packets at the listener")
        const closed = closedWithin(l.pc)
        await r.close()
        expect(await closed).toBeLessThan(TOLD_WITHIN_MS)
      } finally {
        await Promise.all([l.close(), pub.stop()])
        await r.close()
      }
    })
})
