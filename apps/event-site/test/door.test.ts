// Door check-in end to end in Debian's Chromium, driven by role and label: a ticket bought on the
// site is shown to the fake camera (a Y4M video of the order page's QR code), checked in at a door
// that went offline (the service worker serves the page, the queue waits in IndexedDB), synced
// when back online, and scanned again at a second door (joined through the promoter's door link),
// which gets a conflict. Plus typed short codes (offline by hash, online with a rate limit) and
// axe on the door page.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Browser, BrowserContext, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { SANDBOX_CARDS } from "../src/services/payments.ts"
import { seriousViolations } from "./support/axe.ts"
import { launchChromium } from "./support/browser.ts"
import { startTestSite, type TestSite } from "./support/site.ts"
import { writeStillY4m } from "./support/y4m.ts"

const PASSWORD = "correct horse battery staple"
const EMAIL = "promoter@night-tapes.example"

let site: TestSite | undefined
let camera: Browser | undefined
let dir: string | undefined
/** The ticket shown to the camera, and the two GA tickets' typed short codes. */
let ticket = { id: "", shortCode: "", secondShortCode: "" }

const running = () => {
  if (site === undefined || camera === undefined) throw new TypeError("the site did not start")
  return { site, camera }
}

/** Buys a VIP ticket and two base tickets, and films the VIP ticket's QR code from the order page. */
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "door-test-"))
  site = await startTestSite({}, { PROMOTER_PASSWORD: PASSWORD })
  const buyer = await launchChromium()
  try {
    const page = await buyer.newPage()
    await page.goto(site.url)
    await page.getByLabel("Base ticket quantity").fill("3")
    await page.getByLabel("VIP headphone add-on quantity").fill("1")
    await page.getByRole("button", { name: "Check out" }).click()
    await page.getByLabel("Card number").fill(SANDBOX_CARDS.success)
    await page.getByRole("button", { name: /^Pay / }).click()
    await page.getByRole("heading", { level: 1, name: "Order confirmed" }).waitFor()
    const qr = await page.getByRole("img", { name: "QR code of ticket with vip headphones 1" }).screenshot()
    writeStillY4m(join(dir, "ticket.y4m"), qr)
    const orderId = new URL(page.url()).pathname.split("/").at(-1) ?? ""
    const rows = await site.services.db.orm.select().from(site.services.db.tables.tickets)
    const mine = rows.filter((r) => r.orderId === orderId)
    const ga = mine.filter((r) => r.kind === "ga")
    ticket = {
      id: mine.find((r) => r.kind === "vip")?.id ?? "",
      shortCode: ga[0]?.shortCode ?? "",
      secondShortCode: ga[1]?.shortCode ?? ""
    }
  } finally {
    await buyer.close()
  }
  camera = await launchChromium([
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    `--use-file-for-fake-video-capture=${join(dir, "ticket.y4m")}`
  ])
}, 120_000)

afterAll(async () => {
  try {
    await camera?.close()
  } finally {
    try {
      await site?.stop()
    } finally {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
    }
  }
})

const newDoor = async (): Promise<{ context: BrowserContext; page: Page }> => {
  const context = await running().camera.newContext({ permissions: ["camera"] })
  return { context, page: await context.newPage() }
}

const logIn = async (page: Page) => {
  await page.goto(`${running().site.url}/door/`)
  // Not signed in: the door sends staff to the login page first.
  await page.getByRole("heading", { level: 1, name: "Staff login" }).waitFor()
  await page.getByLabel("Email").fill(EMAIL)
  await page.getByLabel("Password").fill(PASSWORD)
  await page.getByRole("button", { name: "Log in" }).click()
  await page.getByRole("heading", { level: 1, name: "Door check-in" }).waitFor()
}

/** Waits until the service worker controls the page and the door data is loaded. */
const ready = async (page: Page) => {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
    if (navigator.serviceWorker.controller === null)
      await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve))
  })
  await page.getByText(/^Online · keys/).waitFor()
}

const goOffline = async (context: BrowserContext, page: Page) => {
  await context.setOffline(true)
  // The service worker serves the page, its script, the decoder and the data without a network.
  await page.reload()
  await page.getByRole("heading", { level: 1, name: "Door check-in" }).waitFor()
  await page.getByText(/^Offline · checking on this device/).waitFor()
}

const scanRow = (page: Page, id: string) => page.getByRole("row", { name: new RegExp(`^${id} `) })

describe("the door", () => {
  it("checks a ticket in offline with the camera, syncs it online, and a second door gets a conflict", async () => {
    const north = await newDoor()
    const south = await newDoor()
    try {
      const { page } = north
      await logIn(page)
      await page.getByLabel("Door name").fill("North door")
      await page.getByLabel("Door name").dispatchEvent("change")
      await ready(page)
      const link = await page.getByLabel("Door link for staff (works for 24 hours)").inputValue()

      await goOffline(north.context, page)
      await page.getByRole("button", { name: "Start camera" }).click()
      await expect(
        page.getByRole("alert").filter({ hasText: "Admit" }).textContent({ timeout: 20_000 })
      ).resolves.toBe(`Admit: ticket ${ticket.id} (vip)`)
      await scanRow(page, ticket.id).getByText("Waiting to sync").waitFor()
      // Queued in IndexedDB: a reload (still offline) still lists it.
      await page.reload()
      await scanRow(page, ticket.id).getByText("Waiting to sync").waitFor()
      expect((await running().site.services.ledger.status(ticket.id)).uses).toBe(0)

      await north.context.setOffline(false)
      await scanRow(page, ticket.id).getByText("Synced").waitFor({ timeout: 15_000 })
      await expect(page.getByText(/^Synced 1 scan/).isVisible()).resolves.toBe(true)
      expect((await running().site.services.ledger.status(ticket.id)).uses).toBe(1)

      // The second door joins through the promoter's door link, goes offline and scans the same ticket.
      const door2 = south.page
      await door2.goto(link)
      await door2.getByRole("heading", { level: 1, name: "Door check-in" }).waitFor()
      await door2.getByLabel("Door name").fill("South door")
      await door2.getByLabel("Door name").dispatchEvent("change")
      await ready(door2)
      await expect(door2.getByLabel("Door link for staff (works for 24 hours)").count()).resolves.toBe(0)
      await goOffline(south.context, door2)
      await door2.getByRole("button", { name: "Start camera" }).click()
      await door2
        .getByRole("alert")
        .filter({ hasText: `Admit: ticket ${ticket.id}` })
        .waitFor({ timeout: 20_000 })
      await south.context.setOffline(false)
      await scanRow(door2, ticket.id)
        .getByText(/^Conflict: also used at North door at \d\d:\d\d:\d\d UTC$/)
        .waitFor({ timeout: 15_000 })
      await expect(door2.getByText(/^Synced 1 scan; 1 conflict\.$/).isVisible()).resolves.toBe(true)
      await expect(door2.getByRole("alert").textContent()).resolves.toMatch(
        new RegExp(`^Conflict: ${ticket.id} was also used at North door at \\d\\d:\\d\\d:\\d\\d UTC\\.$`)
      )
      // axe on the door page with a verdict, the camera and a conflict showing; the README's screenshot.
      expect(await seriousViolations(door2)).toEqual([])
      if (process.env["UPDATE_SCREENSHOTS"] === "1")
        await door2.screenshot({ path: join(import.meta.dirname, "..", "docs", "door.png"), fullPage: true })
      const history = await running().site.services.ledger.history(ticket.id)
      expect(history.map((h) => [h.doorId, h.outcome])).toEqual([
        ["North door", "redeemed"],
        ["South door", "conflict"]
      ])

      // The same ticket at the same door again: refused on the spot, from the door's own queue.
      await page.getByRole("button", { name: "Start camera" }).click()
      await page
        .getByRole("alert")
        .filter({ hasText: /^Do not admit: already checked in at this door at \d\d:\d\d:\d\d UTC\.$/ })
        .waitFor({ timeout: 20_000 })
    } finally {
      await south.context.close()
      await north.context.close()
    }
  }, 120_000)

  it("takes a typed short code offline (by its hash), and online refuses wrong ones with a rate limit", async () => {
    const door = await newDoor()
    try {
      const { page, context } = door
      await logIn(page)
      await ready(page)
      await goOffline(context, page)
      // As a person types it: lower case, spaces instead of dashes, O for 0.
      const typed = ticket.shortCode.toLowerCase().replaceAll("-", " ").replaceAll("0", "o")
      await page.getByRole("textbox", { name: "Short code" }).fill(typed)
      await page.getByRole("button", { name: "Check in" }).click()
      await page
        .getByRole("alert")
        .filter({ hasText: /^Admit: code T\w+ \(ga\)$/ })
        .waitFor()
      await context.setOffline(false)
      await page.getByText(/^Synced 1 scan\.$/).waitFor({ timeout: 15_000 })

      // Online, a wrong code asks the server: 422 with the reason, then 429 after ten.
      const statuses = await page.evaluate(async () => {
        const out: Array<{ status: number; retryAfter: string | null; message: string }> = []
        for (let i = 0; i < 11; i++) {
          const response = await fetch("/door/code", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ code: "100N-0HGZ-6B9B-94" })
          })
          const body = (await response.json()) as { error: { message: string } }
          out.push({
            status: response.status,
            retryAfter: response.headers.get("retry-after"),
            message: body.error.message
          })
        }
        return out
      })
      expect(statuses.slice(0, 9).map((s) => s.status)).toEqual(Array(9).fill(422))
      expect(statuses[9]).toMatchObject({ status: 429 })
      expect(statuses[10]?.status).toBe(429)
      expect(Number(statuses[10]?.retryAfter)).toBeGreaterThan(0)
      expect(Number(statuses[10]?.retryAfter)).toBeLessThanOrEqual(60)
      expect(statuses[10]?.message).toMatch(
        /^Too many wrong codes: try again in \d+ seconds \(after .+ UTC\)\.$/
      )
      await page.getByRole("textbox", { name: "Short code" }).fill(ticket.shortCode)
      await page.getByRole("button", { name: "Check in" }).click()
      await page
        .getByRole("alert")
        .filter({ hasText: /^Do not admit: Too many wrong codes/ })
        .waitFor()
    } finally {
      await door.context.close()
    }
  }, 120_000)

  it("syncs again when asked while an upload is failing: a scan queued as the network returns is not stranded", async () => {
    const door = await newDoor()
    try {
      const { page } = door
      await logIn(page)
      await ready(page)
      // The next upload hangs until released, then fails as a dropped connection does.
      await page.evaluate(() => {
        const real = window.fetch.bind(window)
        let held = true
        const w = window as unknown as { releaseSync: () => void }
        const released = new Promise<void>((resolve) => {
          w.releaseSync = resolve
        })
        window.fetch = async (input, init) => {
          if (held && String(input).endsWith("/door/sync")) {
            held = false
            await released
            throw new TypeError("Failed to fetch")
          }
          return real(input, init)
        }
      })
      await page.getByRole("textbox", { name: "Short code" }).fill(ticket.secondShortCode)
      await page.getByRole("button", { name: "Check in" }).click()
      await page
        .getByRole("alert")
        .filter({ hasText: /^Admit: code T\w+ \(ga\)$/ })
        .waitFor()
      // The network comes back while that first upload is still in flight, then the upload fails.
      await page.evaluate(() => {
        dispatchEvent(new Event("online"))
        ;(window as unknown as { releaseSync: () => void }).releaseSync()
      })
      await page.getByText(/^Synced 1 scan\.$/).waitFor({ timeout: 15_000 })
    } finally {
      await door.context.close()
    }
  }, 60_000)

  it("refuses a ticket revoked in the ledger, online and offline", async () => {
    const door = await newDoor()
    try {
      const { page, context } = door
      const gaId =
        (await running().site.services.db.orm.select().from(running().site.services.db.tables.tickets))
          .filter((r) => r.shortCode === ticket.shortCode)
          .map((r) => r.id)[0] ?? ""
      await running().site.services.ledger.revoke(gaId)
      await logIn(page)
      await ready(page)
      await page.getByRole("textbox", { name: "Short code" }).fill(ticket.shortCode)
      await page.getByRole("button", { name: "Check in" }).click()
      await page.getByRole("alert").filter({ hasText: "Do not admit: This ticket was revoked" }).waitFor()
      // Offline, from the revocation list the door downloaded.
      await goOffline(context, page)
      await page.getByRole("textbox", { name: "Short code" }).fill(ticket.shortCode)
      await page.getByRole("button", { name: "Check in" }).click()
      await page.getByRole("alert").filter({ hasText: "Do not admit: this ticket was revoked" }).waitFor()
      await expect(page.getByRole("row", { name: new RegExp(gaId) }).count()).resolves.toBe(0)
    } finally {
      await door.context.close()
    }
  }, 120_000)

  it("uploads a long offline queue in batches the server takes", async () => {
    const door = await newDoor()
    try {
      const { page } = door
      await logIn(page)
      await ready(page)
      // 1,200 scans queued offline (codes the ledger does not know: each comes back rejected).
      await page.evaluate(
        () =>
          new Promise<void>((resolve, reject) => {
            const open = indexedDB.open("door", 1)
            open.onsuccess = () => {
              const tx = open.result.transaction("scans", "readwrite")
              for (let i = 0; i < 1200; i++)
                tx.objectStore("scans").put({
                  nonce: `n-${i}`,
                  code: `X${i}`,
                  kind: "ga",
                  at: 1_800_000_000_000 + i,
                  state: "queued"
                })
              tx.oncomplete = () => resolve()
              tx.onerror = () => reject(tx.error)
            }
          })
      )
      const uploads: number[] = []
      page.on("request", (r) => {
        if (r.url().endsWith("/door/sync"))
          uploads.push((JSON.parse(r.postData() ?? "{}") as { scans: unknown[] }).scans.length)
      })
      await page.getByRole("button", { name: "Sync now" }).click()
      await page.getByText("Synced 200 scans.").waitFor({ timeout: 30_000 })
      expect(uploads).toEqual([500, 500, 200])
      await expect(page.getByRole("cell", { name: "Waiting to sync" }).count()).resolves.toBe(0)
      await expect(page.getByRole("cell", { name: "Rejected: unknown" }).count()).resolves.toBe(1200)
    } finally {
      await door.context.close()
    }
  }, 120_000)

  it("has no serious or critical axe violation on the empty door page", async () => {
    const door = await newDoor()
    try {
      await logIn(door.page)
      await ready(door.page)
      expect(await seriousViolations(door.page)).toEqual([])
    } finally {
      await door.context.close()
    }
  }, 60_000)
})
