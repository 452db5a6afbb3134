// The buyer's side end to end in Debian's Chromium, driven by role and label: buy a ticket with
// the VIP add-on and a bundle (without JavaScript), a declined card, a double submit, stock
// falling live on a second page; plus the HTTP edges (CSRF, 400 naming the field).
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { verifyToken } from "@microdrop/codes"
import jsQRModule from "jsqr"
import type { Page } from "playwright-core"
import { PNG } from "pngjs"
import { describe, expect, it } from "vitest"
import { PERIOD_MS } from "../src/services/memberships.ts"
import { SANDBOX_CARDS } from "../src/services/payments.ts"
import { seriousViolations } from "./support/axe.ts"
import { useSiteAndBrowser } from "./support/site.ts"

const running = useSiteAndBrowser()

const orderIdOf = (page: Page) => new URL(page.url()).pathname.split("/").at(-1) ?? ""

/** Chooses quantities on the event page and checks out. */
const checkOut = async (page: Page, quantities: Record<string, number>) => {
  await page.goto(running().site.url)
  for (const [name, quantity] of Object.entries(quantities))
    await page.getByLabel(`${name} quantity`).fill(String(quantity))
  await page.getByRole("button", { name: "Check out" }).click()
  await expect(page.getByRole("heading", { level: 1, name: "Checkout" }).isVisible()).resolves.toBe(true)
}

const pay = async (page: Page, card: string) => {
  await page.getByLabel("Card number").fill(card)
  await page.getByRole("button", { name: /^Pay / }).click()
}

// jsqr is CommonJS typed as an ES default export: take the function whichever way it arrives.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ??
  jsQRModule) as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number
) => { data: string } | null

/** Reads a QR code from the page with a real decoder (jsQR over the element's screenshot). */
const scanQr = async (page: Page, name: string): Promise<string> => {
  const png = PNG.sync.read(await page.getByRole("img", { name }).screenshot())
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
  if (found === null) throw new TypeError(`no QR code found in ${name}`)
  return found.data
}

describe("buying", () => {
  it("buys a ticket with the VIP add-on and a bundle, without JavaScript, and gets a scannable signed ticket", async () => {
    const { site, browser } = running()
    const context = await browser.newContext({ javaScriptEnabled: false })
    try {
      const page = await context.newPage()
      await checkOut(page, { "Base ticket": 1, "VIP headphone add-on": 1, "Micro-drop bundle": 1 })
      // The quote: presale price, booking fee, VAT; the hold's timer.
      await expect(page.getByRole("row", { name: /Base ticket 1 €12\.00/ }).count()).resolves.toBe(1)
      await expect(page.getByRole("row", { name: /Booking fee €0\.50/ }).count()).resolves.toBe(1)
      await expect(page.getByRole("row", { name: /Total €55\.50/ }).count()).resolves.toBe(1)
      await expect(page.getByRole("timer").textContent()).resolves.toMatch(/^(9|10):\d\d$/)

      await pay(page, SANDBOX_CARDS.success)
      await expect(
        page.getByRole("heading", { level: 1, name: "Order confirmed" }).isVisible()
      ).resolves.toBe(true)
      await expect(
        page.getByRole("heading", { name: "Ticket with VIP headphones 1" }).isVisible()
      ).resolves.toBe(true)
      await expect(page.getByRole("heading", { name: "Digital master code 1" }).isVisible()).resolves.toBe(
        true
      )

      // The QR code scans to a token the door verifies with the public key alone.
      const token = await scanQr(page, "QR code of ticket with vip headphones 1")
      const verified = verifyToken(token, [site.services.keys.tokenPublicKey], { now: Date.now() })
      expect(verified.ok && verified.value.claims).toMatchObject({ event: "night-tapes", kind: "vip" })
      // ... and the ledger knows the ticket, unused.
      if (!verified.ok) return
      const status = await site.services.ledger.status(verified.value.claims.id)
      expect(status).toMatchObject({ code: verified.value.claims.id, uses: 0, maxUses: 1 })

      // Stock: one ticket, one VIP and one bundle confirmed.
      const tickets = await site.services.drops.availability("night-tapes.tickets")
      expect(tickets.items.find((i) => i.sku === "VIP")).toMatchObject({ confirmed: 1, held: 0 })
      const charges = await site.services.payments.chargesFor(orderIdOf(page))
      expect(charges).toEqual([{ status: "succeeded", amount: "5550" }])
    } finally {
      await context.close()
    }
  })

  it("refuses a VIP add-on without a ticket, saying why", async () => {
    const { browser } = running()
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await page.goto(running().site.url)
      await page.getByLabel("VIP headphone add-on quantity").fill("1")
      await page.getByRole("button", { name: "Check out" }).click()
      await expect(page.getByRole("alert").textContent()).resolves.toMatch(
        /VIP headphone add-on needs a base ticket in the same order/
      )
    } finally {
      await context.close()
    }
  })

  it("shows a declined card, keeps the hold, and takes another card", async () => {
    const { site, browser } = running()
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await checkOut(page, { "Remote pass": 2 })
      await pay(page, "4000 0000 0000 0002")
      await expect(page.getByRole("alert").textContent()).resolves.toMatch(/declined/)
      await expect(page.getByRole("heading", { level: 1, name: "Checkout" }).isVisible()).resolves.toBe(true)
      await pay(page, SANDBOX_CARDS.transientFailure)
      await expect(page.getByRole("alert").textContent()).resolves.toMatch(/not charged/)
      await pay(page, SANDBOX_CARDS.success)
      await expect(page.getByRole("heading", { name: "Remote pass 2" }).isVisible()).resolves.toBe(true)
      const charges = await site.services.payments.chargesFor(orderIdOf(page))
      expect(charges.map((c) => c.status).sort()).toEqual(["declined", "succeeded"])
    } finally {
      await context.close()
    }
  })

  it("charges and claims once when Pay is pressed twice or the request is retried", async () => {
    const { site, browser } = running()
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      const before = (await site.services.drops.availability("night-tapes.bundle")).items[0]
      await checkOut(page, { "Micro-drop bundle": 1 })
      const orderId = orderIdOf(page)
      // A retried request: the same form posted three times at once from the page.
      const statuses = await page.evaluate(async (id) => {
        const post = () =>
          fetch(`/orders/${id}/pay`, {
            method: "POST",
            body: new URLSearchParams({ cardNumber: "4242424242424242" }),
            redirect: "manual"
          }).then((r) => r.status)
        return Promise.all([post(), post(), post()])
      }, orderId)
      expect(statuses.every((s) => s === 0 || s === 303)).toBe(true)
      // A double click on Pay after that: nothing more happens.
      await page.reload()
      await expect(
        page.getByRole("heading", { level: 1, name: "Order confirmed" }).isVisible()
      ).resolves.toBe(true)
      const charges = await site.services.payments.chargesFor(orderId)
      expect(charges).toEqual([{ status: "succeeded", amount: "1800" }])
      const after = (await site.services.drops.availability("night-tapes.bundle")).items[0]
      expect(after?.confirmed).toBe((before?.confirmed ?? 0) + 1)
      await expect(page.getByRole("heading", { name: /^Digital master code/ }).count()).resolves.toBe(1)
    } finally {
      await context.close()
    }
  })

  it("double-clicks Pay on the checkout page and is charged once", async () => {
    const { site, browser } = running()
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await checkOut(page, { "Base ticket": 2 })
      const orderId = orderIdOf(page)
      await page.getByLabel("Card number").fill(SANDBOX_CARDS.success)
      await page.getByRole("button", { name: /^Pay / }).dblclick()
      await page.getByRole("heading", { level: 1, name: "Order confirmed" }).waitFor()
      expect(await site.services.payments.chargesFor(orderId)).toEqual([
        { status: "succeeded", amount: "2500" }
      ])
      await expect(page.getByRole("heading", { name: /^Ticket \d$/ }).count()).resolves.toBe(2)
    } finally {
      await context.close()
    }
  })

  it("shows stock falling on a second page while someone else checks out", async () => {
    const { browser } = running()
    const watcher = await browser.newContext()
    const buyer = await browser.newContext()
    try {
      const watch = await watcher.newPage()
      await watch.goto(running().site.url)
      const stock = watch.getByRole("region", { name: "Micro-drop bundle" }).getByText(/ of 30 left$/)
      const before = Number((await stock.textContent())?.split(" ")[0])
      await checkOut(await buyer.newPage(), { "Micro-drop bundle": 2 })
      // The hold alone takes the units: the watcher sees it live, with no reload.
      await watch
        .getByRole("region", { name: "Micro-drop bundle" })
        .getByText(`${before - 2} of 30 left`)
        .waitFor({ timeout: 10_000 })
    } finally {
      await buyer.close()
      await watcher.close()
    }
  })
})

describe("HTTP edges", () => {
  it("refuses form and JSON posts from a foreign origin or without one (CSRF)", async () => {
    const { site } = running()
    const url = `${site.url}/events/night-tapes/orders`
    const form = { "content-type": "application/x-www-form-urlencoded" }
    const json = { "content-type": "application/json" }
    expect(
      (
        await fetch(url, {
          method: "POST",
          headers: { ...form, origin: "https://evil.example" },
          body: "a=1"
        })
      ).status
    ).toBe(403)
    expect(
      (await fetch(url, { method: "POST", headers: { ...json, origin: "https://evil.example" }, body: "{}" }))
        .status
    ).toBe(403)
    expect((await fetch(url, { method: "POST", headers: json, body: "{}" })).status).toBe(403)
  })

  it("answers a bad form with 400 naming the field, and never a stack trace", async () => {
    const { site } = running()
    const res = await fetch(`${site.url}/events/night-tapes/orders`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: site.url },
      body: new URLSearchParams({ submission: crypto.randomUUID(), "qty-TICKET": "two" })
    })
    expect(res.status).toBe(400)
    const body = await res.text()
    expect(body).toContain("qty-TICKET: Expected a finite number")
    expect(body).not.toMatch(/at .*\.ts:\d+/)
  })
})

describe("digital master", () => {
  it("redeems the bundle's code once and downloads the master through a short-lived signed URL", async () => {
    const { site, browser } = running()
    const buyer = await browser.newContext()
    const other = await browser.newContext()
    try {
      const page = await buyer.newPage()
      await checkOut(page, { "Micro-drop bundle": 1 })
      await pay(page, SANDBOX_CARDS.success)
      const code =
        (await page
          .getByRole("article", { name: "Digital master code 1" })
          .getByRole("code")
          .textContent()) ?? ""
      await page.getByRole("link", { name: "redeem it" }).click()
      // Typed the way people type: lower case, spaces, O for 0.
      await page
        .getByLabel("Redemption code")
        .fill(code.toLowerCase().replaceAll("-", " ").replaceAll("0", "o"))
      await page.getByRole("button", { name: "Redeem" }).click()
      const link = page.getByRole("link", { name: "Download the digital master" })
      const href = (await link.getAttribute("href")) ?? ""
      const file = await page.request.get(new URL(href, site.url).toString())
      expect(file.status()).toBe(200)
      expect(file.headers()["content-type"]).toBe("audio/wav")
      expect((await file.body()).subarray(0, 4).toString()).toBe("RIFF")
      const forged = await page.request.get(
        new URL(href.replace(/sig=[^&]+/, "sig=AAAA"), site.url).toString()
      )
      expect(forged.status()).toBe(403)

      // Another browser cannot use the same code; this one may redeem again for a fresh link.
      const stranger = await other.newPage()
      await stranger.goto(`${site.url}/redeem`)
      await stranger.getByLabel("Redemption code").fill(code)
      await stranger.getByRole("button", { name: "Redeem" }).click()
      await expect(stranger.getByRole("alert").textContent()).resolves.toBe(
        "That code has already been redeemed."
      )
      await page.goto(`${site.url}/redeem`)
      await page.getByLabel("Redemption code").fill(code)
      await page.getByRole("button", { name: "Redeem" }).click()
      await page.getByRole("link", { name: "Download the digital master" }).waitFor()
      const status = await site.services.ledger.status(code.replaceAll("-", ""))
      expect(status).toMatchObject({ uses: 1, maxUses: 1 })

      // Guessing is slowed down by the ledger's rate limit.
      const answers = await stranger.evaluate(async () => {
        const statuses: number[] = []
        for (let i = 0; i < 12; i++) {
          const r = await fetch("/redeem", {
            method: "POST",
            body: new URLSearchParams({ code: `ZZZZ-ZZZZ-ZZZ${i % 10}` })
          })
          statuses.push(r.status)
        }
        return statuses
      })
      expect(answers.slice(0, 10).every((s) => s === 409)).toBe(true)
      expect(answers.slice(10)).toEqual([429, 429])
    } finally {
      await other.close()
      await buyer.close()
    }
  })
})

describe("membership", () => {
  it("subscribes in the sandbox, shows the member pass and member prices, and renews once per period", async () => {
    const { site, browser } = running()
    const member = await browser.newContext()
    const guest = await browser.newContext()
    try {
      const page = await member.newPage()
      await page.goto(`${site.url}/membership`)
      await page.getByLabel("Card number").fill("4000 0000 0000 0002")
      await page.getByRole("button", { name: "Subscribe for €6.00 a month" }).click()
      await expect(page.getByRole("alert").textContent()).resolves.toMatch(/declined/)
      await page.getByLabel("Card number").fill(SANDBOX_CARDS.success)
      await page.getByRole("button", { name: "Subscribe for €6.00 a month" }).click()
      await expect(page.getByRole("status").textContent()).resolves.toMatch(/^You are a member until/)
      const pass = await scanQr(page, "QR code of your member pass")
      const verified = verifyToken(pass, [site.services.keys.tokenPublicKey], { now: Date.now() })
      expect(verified.ok && verified.value.claims.kind).toBe("member")

      // Member prices from the catalog: the remote pass costs €5 for members, €8 for others.
      await page.goto(site.url)
      await expect(
        page.getByRole("region", { name: "Remote pass" }).getByText("€5.00").count()
      ).resolves.toBe(1)
      const other = await guest.newPage()
      await other.goto(site.url)
      await expect(
        other.getByRole("region", { name: "Remote pass" }).getByText("€8.00").count()
      ).resolves.toBe(1)

      // Renewal: one charge per period, however often the renewal runs.
      const later = Date.now() + PERIOD_MS + 60_000
      expect(await site.services.memberships.renewDue(later)).toBe(1)
      expect(await site.services.memberships.renewDue(later)).toBe(0)
      const charges = await site.services.payments.chargesFor("member:")
      expect(charges.map((c) => `${c.status} ${c.amount}`).sort()).toEqual([
        "declined 600",
        "succeeded 600",
        "succeeded 600"
      ])
    } finally {
      await guest.close()
      await member.close()
    }
  })
})

describe("the drop page", () => {
  it("counts down to the window's end and shows the drop's live stock", async () => {
    const { browser } = running()
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await page.goto(running().site.url)
      await page.getByRole("link", { name: "Night Tapes micro-drop" }).click()
      await page.getByRole("heading", { level: 1, name: "Night Tapes micro-drop" }).waitFor()
      const timer = page.getByRole("timer")
      const first = await timer.textContent()
      expect(first).toMatch(/^\d+d \d+h \d\dm \d\ds$/)
      await expect.poll(() => timer.textContent(), { timeout: 5_000 }).not.toBe(first)
      await expect(page.getByRole("region").count()).resolves.toBe(1)
      await expect(page.getByLabel("Micro-drop bundle quantity").isEnabled()).resolves.toBe(true)
    } finally {
      await context.close()
    }
  })
})

describe("JSON API", () => {
  it("serves an OpenAPI document generated from the request Schemas", async () => {
    const doc = (await (await fetch(`${running().site.url}/api/openapi.json`)).json()) as {
      openapi: string
      paths: Record<string, unknown>
      components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> }
    }
    expect(doc.openapi).toBe("3.1.0")
    // (the drop API's paths are checked in test/drops.test.ts, the door's in test/openapi.test.ts)
    expect(
      Object.keys(doc.paths).filter((p) => !p.startsWith("/api/drops/") && !p.startsWith("/door/"))
    ).toEqual([
      "/api/events/night-tapes",
      "/api/events/night-tapes/orders",
      "/api/orders/{id}",
      "/api/orders/{id}/pay"
    ])
    expect(doc.components.schemas["OrderRequest"]?.required).toEqual(["submission", "lines"])
    expect(doc.components.schemas["LineRequest"]?.properties?.["quantity"]).toMatchObject({
      type: "integer",
      minimum: 0
    })
    expect(doc.components.schemas["PayRequest"]?.required).toEqual(["cardNumber"])
  })

  it("places, re-places and pays an order from the page's origin, and names a bad field", async () => {
    const { site, browser } = running()
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await page.goto(site.url)
      const results = await page.evaluate(async () => {
        const post = async (path: string, body: unknown) => {
          const r = await fetch(path, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(body)
          })
          return { status: r.status, body: (await r.json()) as Record<string, unknown> }
        }
        const submission = crypto.randomUUID()
        const order = { submission, lines: [{ sku: "REMOTE", quantity: 1 }] }
        const first = await post("/api/events/night-tapes/orders", order)
        const again = await post("/api/events/night-tapes/orders", order)
        const paid = await post(`/api/orders/${submission}/pay`, { cardNumber: "4242 4242 4242 4242" })
        const bad = await post("/api/events/night-tapes/orders", {
          submission,
          lines: [{ sku: "REMOTE", quantity: -1 }]
        })
        const addon = await post("/api/events/night-tapes/orders", {
          submission: crypto.randomUUID(),
          lines: [{ sku: "VIP", quantity: 1 }]
        })
        return { submission, first, again, paid, bad, addon }
      })
      expect(results.first).toMatchObject({
        status: 201,
        body: { id: results.submission, status: "held", total: "800" }
      })
      expect(results.again).toMatchObject({ status: 201, body: { id: results.submission } })
      expect(results.paid).toMatchObject({
        status: 200,
        body: { status: "paid", tickets: [{ kind: "remote" }] }
      })
      expect(results.bad).toMatchObject({
        status: 400,
        body: { error: { tag: "InvalidRequest", field: "lines.0.quantity" } }
      })
      expect(results.addon).toMatchObject({ status: 409, body: { error: { tag: "AddonWithoutTicket" } } })
      expect(await site.services.payments.chargesFor(results.submission)).toEqual([
        { status: "succeeded", amount: "800" }
      ])
    } finally {
      await context.close()
    }
  })
})

describe("JSON API twins", () => {
  it("places one order and one hold when the same submission is posted twice at once, and pays it once", async () => {
    const { site, browser } = running()
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await page.goto(site.url)
      const before = (await site.services.drops.availability("night-tapes.bundle")).items[0]
      const results = await page.evaluate(async () => {
        const post = async (path: string, body: unknown) => {
          const r = await fetch(path, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(body)
          })
          return { status: r.status, body: (await r.json()) as Record<string, unknown> }
        }
        const submission = crypto.randomUUID()
        const order = { submission, lines: [{ sku: "BUNDLE", quantity: 1 }] }
        const placed = await Promise.all([
          post("/api/events/night-tapes/orders", order),
          post("/api/events/night-tapes/orders", order)
        ])
        const card = { cardNumber: "4242424242424242" }
        const paid = await Promise.all([
          post(`/api/orders/${submission}/pay`, card),
          post(`/api/orders/${submission}/pay`, card)
        ])
        return { submission, placed, paid }
      })
      for (const placed of results.placed)
        expect(placed).toMatchObject({ status: 201, body: { id: results.submission, status: "held" } })
      for (const paid of results.paid)
        expect(paid).toMatchObject({ status: 200, body: { status: "paid", tickets: [{ kind: "digital" }] } })
      expect(results.paid[0]?.body["tickets"]).toEqual(results.paid[1]?.body["tickets"])
      expect(await site.services.payments.chargesFor(results.submission)).toEqual([
        { status: "succeeded", amount: "1800" }
      ])
      const after = (await site.services.drops.availability("night-tapes.bundle")).items[0]
      expect(after?.confirmed).toBe((before?.confirmed ?? 0) + 1)
      expect(after?.available).toBe((before?.available ?? 0) - 1)
    } finally {
      await context.close()
    }
  })
})

describe("accessibility", () => {
  it("has no serious or critical axe-core violation on the event, drop, checkout and order pages", async () => {
    const { browser } = running()
    const context = await browser.newContext({ viewport: { width: 900, height: 1200 } })
    // UPDATE_SCREENSHOTS=1 writes the README's screenshots from these pages.
    const shots =
      process.env["UPDATE_SCREENSHOTS"] === "1" ? join(import.meta.dirname, "..", "docs") : undefined
    if (shots !== undefined) mkdirSync(shots, { recursive: true })
    const check = async (page: Page, name: string) => {
      if (shots !== undefined) await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true })
      expect({ page: name, violations: await seriousViolations(page) }).toEqual({
        page: name,
        violations: []
      })
    }
    try {
      const page = await context.newPage()
      await page.goto(running().site.url)
      await check(page, "event")
      await page.goto(`${running().site.url}/drops/night-tapes.bundle`)
      await check(page, "drop")
      await checkOut(page, { "Base ticket": 1, "VIP headphone add-on": 1, "Micro-drop bundle": 1 })
      await check(page, "checkout")
      await pay(page, "4000 0000 0000 0002")
      await page.getByRole("alert").waitFor()
      await check(page, "declined")
      await pay(page, SANDBOX_CARDS.success)
      await page.getByRole("heading", { level: 1, name: "Order confirmed" }).waitFor()
      await check(page, "order")
    } finally {
      await context.close()
    }
  })
})
