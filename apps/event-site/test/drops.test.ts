// The drop page's modes end to end in Debian's Chromium, driven by role and label: a raffle
// (enter once, the draw, the result, verifying the draw in the browser, a tampered draw failing),
// a waiting list on a sold-out drop (promoted when a hold lapses, then paying), and a member-only
// drop (refused for a non-member, bought by a member). axe-core checks every new state.
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import type { BrowserContext, Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { SANDBOX_CARDS } from "../src/services/payments.ts"
import { seriousViolations } from "./support/axe.ts"
import { useSiteAndBrowser } from "./support/site.ts"

const HOLD_MS = 20_000
const running = useSiteAndBrowser({
  stock: { BUNDLE: 1, "TEST-PRESSING": 1 },
  holdMs: HOLD_MS,
  raffleEntriesMs: 40_000
})

const RAFFLE = "night-tapes.test-pressings"
const BUNDLE = "night-tapes.bundle"
const MEMBERS = "night-tapes.members"

// UPDATE_SCREENSHOTS=1 writes the README's screenshots from the pages axe checks.
const shots = process.env["UPDATE_SCREENSHOTS"] === "1" ? join(import.meta.dirname, "..", "docs") : undefined
if (shots !== undefined) mkdirSync(shots, { recursive: true })
/** Contexts made with JavaScript off (axe cannot run there). */
const withoutScripts = new WeakSet<BrowserContext>()
const accessible = async (page: Page, name: string) => {
  // axe runs as a script: a page without JavaScript is checked as the same session with it.
  let checked = page
  let extra: BrowserContext | undefined
  if (withoutScripts.has(page.context())) {
    extra = await running().browser.newContext({
      viewport: page.viewportSize() ?? { width: 900, height: 1000 },
      storageState: await page.context().storageState()
    })
    checked = await extra.newPage()
    await checked.goto(page.url())
  }
  try {
    if (shots !== undefined) await checked.screenshot({ path: join(shots, `${name}.png`), fullPage: true })
    // A drop page reloads itself when a countdown ends or its entry changes: check the page it shows then.
    const violations = await seriousViolations(checked).catch(async (error: unknown) => {
      if (!String(error).includes("Execution context was destroyed")) throw error
      await checked.waitForLoadState()
      return seriousViolations(checked)
    })
    expect({ page: name, violations }).toEqual({ page: name, violations: [] })
  } finally {
    await extra?.close()
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const pay = async (page: Page) => {
  await page.getByLabel("Card number").fill(SANDBOX_CARDS.success)
  await page.getByRole("button", { name: /^Pay / }).click()
  await page.getByRole("heading", { level: 1, name: "Order confirmed" }).waitFor()
}

/** Posts JSON from the page (same origin, as the page's own scripts do). */
const postJson = (page: Page, path: string, body: unknown) =>
  page.evaluate(
    async ({ path, body }) => {
      const r = await fetch(path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body)
      })
      return { status: r.status, body: (await r.json()) as Record<string, unknown> }
    },
    { path, body }
  )

const withContexts = async (
  n: number,
  f: (contexts: ReadonlyArray<BrowserContext>) => Promise<void>,
  options: ReadonlyArray<{ javaScriptEnabled?: boolean }> = []
) => {
  const { browser } = running()
  const contexts: Array<BrowserContext> = []
  try {
    for (let i = 0; i < n; i++) {
      const context = await browser.newContext({ viewport: { width: 900, height: 1000 }, ...options[i] })
      if (options[i]?.javaScriptEnabled === false) withoutScripts.add(context)
      contexts.push(context)
    }
    await f(contexts)
  } finally {
    for (const c of contexts) await c.close()
  }
}

describe("raffle", () => {
  it("takes one entry per person, draws when entries close, and the draw verifies in the browser (a tampered one does not)", async () => {
    const { site } = running()
    const raffle = site.services.event.drops.find((d) => d.id === RAFFLE)
    const closesAt = raffle?.windows[0]?.closesAt ?? 0
    // Ann has JavaScript; Bob has none: his page still shows the state and his form still posts.
    await withContexts(
      2,
      async ([annContext, bobContext]) => {
        if (annContext === undefined || bobContext === undefined) throw new TypeError("no contexts")
        const ann = await annContext.newPage()
        const bob = await bobContext.newPage()
        for (const page of [ann, bob]) {
          await page.goto(`${site.url}/drops/${RAFFLE}`)
          await expect(page.getByRole("timer").textContent()).resolves.toMatch(/^0h 00m \d\ds$/)
          await expect(page.getByText(raffle?.commitment ?? "none").count()).resolves.toBe(1)
          await page.getByLabel("Test pressing: how many").fill("1")
          await page.getByRole("button", { name: "Enter the raffle" }).click()
          await expect(page.getByRole("status").first().textContent()).resolves.toMatch(
            /^You entered the raffle as e-[0-9a-f]{16}\./
          )
          // One entry per person: the form is gone, and the API answers with the same entry.
          await expect(page.getByRole("button", { name: "Enter the raffle" }).count()).resolves.toBe(0)
        }
        await accessible(ann, "raffle-entered")
        // API calls from a page without scripts of its own (the drop page reloads when its countdown ends).
        const api = await annContext.newPage()
        await api.goto(`${site.url}/api/openapi.json`)
        const again = await postJson(api, `/api/drops/${RAFFLE}/raffle-entries`, {
          lines: [{ sku: "TEST-PRESSING", quantity: 1 }]
        })
        expect(again).toMatchObject({ status: 201, body: { state: "entered" } })
        const tooMany = await postJson(api, `/api/drops/${RAFFLE}/raffle-entries`, {
          lines: [{ sku: "TEST-PRESSING", quantity: "two" }]
        })
        expect(tooMany).toMatchObject({ status: 400, body: { error: { field: "lines.0.quantity" } } })

        // Entries close; the draw runs (the site's timer, or this internal trigger: whichever is first).
        await sleep(Math.max(0, closesAt - Date.now() + 200))
        await site.services.entries.drawDue(Date.now())
        expect(await site.services.entries.drawDue(Date.now())).toBe(0)
        const draw = await site.services.entries.publishedDraw(RAFFLE)
        expect(draw?.entries).toHaveLength(2)
        expect(draw?.winners).toHaveLength(1)

        // Ann's page notices by itself; Bob reloads. One won (a hold to pay), one waits.
        await ann.getByRole("heading", { name: "The draw" }).waitFor({ timeout: 10_000 })
        await bob.reload()
        const won = async (page: Page) => (await page.getByText(/^You won!/).count()) === 1
        const winner = (await won(ann)) ? ann : bob
        const loser = winner === ann ? bob : ann
        expect(await won(loser)).toBe(false)
        await expect(
          loser.getByText(/You \(e-[0-9a-f]{16}\) were not drawn this time\. You are number 1 of 1/).count()
        ).resolves.toBe(1)
        await expect(winner.getByRole("timer").nth(0).isVisible()).resolves.toBe(true)
        await accessible(winner, "raffle-won")
        await accessible(loser, "raffle-waiting")
        await winner.getByRole("link", { name: "Go to checkout" }).click()
        await expect(winner.getByRole("row", { name: /Test pressing 1 €30\.00/ }).count()).resolves.toBe(1)
        await pay(winner)

        // Verify this draw: the browser repeats it with drops' own code.
        await ann.goto(`${site.url}/drops/${RAFFLE}`)
        await ann.getByRole("link", { name: "Verify this draw" }).click()
        await ann.getByRole("heading", { level: 1, name: "Verify the draw" }).waitFor()
        await ann.getByRole("button", { name: "Verify this draw" }).click()
        // The draw page's one status line is the verdict.
        const verdict = () => ann.getByRole("status").textContent()
        await expect.poll(verdict, { timeout: 15_000 }).toMatch(/^Verified: the seed matches the commitment/)
        await accessible(ann, "draw-verified")

        // A tampered publication (the loser swapped in as the winner) does not verify.
        await ann.route(`**/api/drops/${RAFFLE}/draw`, async (route) => {
          const original = (await (await route.fetch()).json()) as {
            winners: Array<{ customerId: string }>
            waitingList: Array<{ customerId: string }>
          }
          const [w] = original.winners
          const [l] = original.waitingList
          await route.fulfill({
            json: { ...original, winners: [l], waitingList: [w] }
          })
        })
        await ann.reload()
        await ann.getByRole("button", { name: "Verify this draw" }).click()
        await expect
          .poll(verdict, { timeout: 15_000 })
          .toBe("This draw does not verify: winners differ from the draw.")
        await accessible(ann, "draw-tampered")
        // ... nor does one with an entry dropped from the list (its digest no longer matches).
        await ann.unroute(`**/api/drops/${RAFFLE}/draw`)
        await ann.route(`**/api/drops/${RAFFLE}/draw`, async (route) => {
          const original = (await (await route.fetch()).json()) as { entries: Array<unknown> }
          await route.fulfill({ json: { ...original, entries: original.entries.slice(1) } })
        })
        await ann.reload()
        await ann.getByRole("button", { name: "Verify this draw" }).click()
        await expect
          .poll(verdict, { timeout: 15_000 })
          .toMatch(/does not verify: the entries do not match their published digest/)
      },
      [{}, { javaScriptEnabled: false }]
    )
  })
})

describe("waiting list", () => {
  it("joins the waiting list of a sold-out drop and is offered the bundle when a hold lapses", async () => {
    const { site } = running()
    await withContexts(2, async ([aContext, bContext]) => {
      if (aContext === undefined || bContext === undefined) throw new TypeError("no contexts")
      // Ann holds the only bundle and does not pay.
      const ann = await aContext.newPage()
      await ann.goto(`${site.url}/drops/${BUNDLE}`)
      await ann.getByLabel("Micro-drop bundle quantity").fill("1")
      await ann.getByRole("button", { name: "Check out" }).click()
      await ann.getByRole("heading", { level: 1, name: "Checkout" }).waitFor()

      // Bob finds it sold out and joins the waiting list.
      const bob = await bContext.newPage()
      await bob.goto(`${site.url}/drops/${BUNDLE}`)
      await expect(bob.getByText("Sold out", { exact: true }).count()).resolves.toBe(1)
      await accessible(bob, "waiting-sold-out")
      await bob.getByLabel("Micro-drop bundle: how many you want").fill("1")
      await bob.getByRole("button", { name: "Join the waiting list" }).click()
      await expect(
        bob.getByText("You are number 1 of 1 on the waiting list.", { exact: false }).count()
      ).resolves.toBe(1)
      await expect(bob.getByRole("button", { name: "Join the waiting list" }).count()).resolves.toBe(0)
      await accessible(bob, "waiting-joined")

      // Ann's hold lapses; Bob's page notices the promotion by itself and shows the hold's timer.
      await bob.getByText(/^Good news: units came back/).waitFor({ timeout: HOLD_MS + 20_000 })
      await expect(bob.getByRole("timer").nth(1).textContent()).resolves.toMatch(/^0:\d\d$/)
      await accessible(bob, "waiting-offered")
      await bob.getByRole("link", { name: "Go to checkout" }).click()
      await expect(bob.getByRole("row", { name: /Micro-drop bundle 1 €18\.00/ }).count()).resolves.toBe(1)
      await pay(bob)
      await expect(bob.getByRole("heading", { name: "Digital master code 1" }).count()).resolves.toBe(1)

      // Ann's checkout says her hold lapsed; the drop counts Bob's claim, nothing more.
      await ann.reload()
      await ann.getByRole("heading", { level: 1, name: "Your hold lapsed" }).waitFor()
      const bundle = (await site.services.drops.availability(BUNDLE)).items[0]
      expect(bundle).toMatchObject({ stock: 1, confirmed: 1, held: 0, available: 0 })
      await bob.goto(`${site.url}/drops/${BUNDLE}`)
      await expect(bob.getByText("You bought it:", { exact: false }).count()).resolves.toBe(1)
    })
  })
})

describe("member-only drop", () => {
  it("tells a non-member why and links the membership; a member buys", async () => {
    const { site } = running()
    await withContexts(2, async ([guestContext, memberContext]) => {
      if (guestContext === undefined || memberContext === undefined) throw new TypeError("no contexts")
      const guest = await guestContext.newPage()
      await guest.goto(`${site.url}/drops/${MEMBERS}`)
      await guest.getByRole("heading", { name: "For members only" }).waitFor()
      await expect(guest.getByText(/^Only members can buy this drop/).count()).resolves.toBe(1)
      await expect(guest.getByRole("link", { name: "Become a member" }).getAttribute("href")).resolves.toBe(
        "/membership"
      )
      await expect(guest.getByRole("button", { name: "Check out" }).count()).resolves.toBe(0)
      await accessible(guest, "members-only")
      // The rule is the drop's: a hold without the member pass is refused, whatever the page shows.
      const refused = await postJson(guest, "/api/events/night-tapes/orders", {
        submission: crypto.randomUUID(),
        lines: [{ sku: "DUBPLATE", quantity: 1 }]
      })
      expect(refused).toMatchObject({
        status: 409,
        body: { error: { message: "That is for members only: become a member to buy it." } }
      })
      await expect(
        guest.evaluate(async (id) => (await (await fetch(`/api/drops/${id}`)).json()).membersOnly, MEMBERS)
      ).resolves.toBe(true)

      const member = await memberContext.newPage()
      await member.goto(`${site.url}/membership`)
      await member.getByLabel("Card number").fill(SANDBOX_CARDS.success)
      await member.getByRole("button", { name: /^Subscribe/ }).click()
      await member.getByText(/^You are a member until/).waitFor()
      await member.goto(`${site.url}/drops/${MEMBERS}`)
      await expect(member.getByRole("heading", { name: "For members only" }).count()).resolves.toBe(0)
      await member.getByLabel("Members' dubplate quantity").fill("1")
      await member.getByRole("button", { name: "Check out" }).click()
      await expect(member.getByRole("row", { name: /Members' dubplate 1 €35\.00/ }).count()).resolves.toBe(1)
      await pay(member)
    })
  })

  it("lists the drop actions in the OpenAPI document", async () => {
    const doc = (await (await fetch(`${running().site.url}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>
      components: { schemas: Record<string, { required?: string[] }> }
    }
    expect(Object.keys(doc.paths).filter((p) => p.startsWith("/api/drops/"))).toEqual([
      "/api/drops/night-tapes.tickets",
      "/api/drops/night-tapes.bundle",
      "/api/drops/night-tapes.bundle/waiting-list",
      "/api/drops/night-tapes.test-pressings",
      "/api/drops/night-tapes.test-pressings/raffle-entries",
      "/api/drops/night-tapes.test-pressings/draw",
      "/api/drops/night-tapes.members"
    ])
    expect(doc.components.schemas["EntryRequest"]?.required).toEqual(["lines"])
    expect(doc.components.schemas["Draw"]?.required).toContain("entriesDigest")
  })
})

describe("HTTP edges", () => {
  it("refuses drop forms and JSON from another origin, and names a bad field", async () => {
    const { site } = running()
    const post = (path: string, origin: string, type: string, body: string) =>
      fetch(`${site.url}${path}`, { method: "POST", headers: { origin, "content-type": type }, body })
    const json = await post(
      `/api/drops/${BUNDLE}/waiting-list`,
      "https://evil.example",
      "application/json",
      JSON.stringify({ lines: [{ sku: "BUNDLE", quantity: 1 }] })
    )
    expect(json.status).toBe(403)
    const form = "application/x-www-form-urlencoded"
    expect(
      (await post(`/drops/${RAFFLE}/raffle-entries`, "https://evil.example", form, "qty-TEST-PRESSING=1"))
        .status
    ).toBe(403)
    const bad = await post(`/drops/${BUNDLE}/waiting-list`, site.url, form, "qty-BUNDLE=lots")
    expect(bad.status).toBe(400)
    await expect(bad.text()).resolves.toMatch(/qty-BUNDLE: Expected a finite number/)
    const tooMany = await post(`/drops/${BUNDLE}/waiting-list`, site.url, form, "qty-BUNDLE=3")
    expect(tooMany.status).toBe(400)
    await expect(tooMany.text()).resolves.toMatch(/qty-BUNDLE/)
  })
})
