// A hold that lapses, a drop that sells out, data that survives a restart, and a data folder that
// only one site may open.
import { Result } from "effect"
import type { BrowserContext, Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { loadConfig } from "../src/config/config.ts"
import { startSite } from "../src/server.tsx"
import { SANDBOX_CARDS } from "../src/services/payments.ts"
import { backend, useSiteAndBrowser } from "./support/site.ts"

const HOLD_MS = 2_500
const OPTIONS = { holdMs: HOLD_MS, stock: { BUNDLE: 1 } }
const running = useSiteAndBrowser(OPTIONS)

const withContext = async (f: (context: BrowserContext) => Promise<void>) => {
  const context = await running().browser.newContext()
  try {
    await f(context)
  } finally {
    await context.close()
  }
}

const checkOut = async (page: Page, label: string, quantity: number) => {
  await page.goto(running().site.url)
  await page.getByLabel(label).fill(String(quantity))
  await page.getByRole("button", { name: "Check out" }).click()
  await page.getByRole("heading", { level: 1, name: "Checkout" }).waitFor()
}

describe("holds, sell-out, restarts", () => {
  it("says a lapsed hold lapsed, charges nothing, and holds again on Try again", async () => {
    await withContext(async (context) => {
      const page = await context.newPage()
      await checkOut(page, "Remote pass quantity", 1)
      const lapsedId = new URL(page.url()).pathname.split("/").at(-1) ?? ""
      // The timer script reloads the page when the hold runs out.
      await page.getByRole("heading", { level: 1, name: "Your hold lapsed" }).waitFor({ timeout: 15_000 })
      await expect(page.getByRole("alert").textContent()).resolves.toMatch(/went back on sale/)
      expect(await running().site.services.payments.chargesFor(lapsedId)).toEqual([])
      await page.getByRole("button", { name: "Try again" }).click()
      await page.getByRole("heading", { level: 1, name: "Checkout" }).waitFor()
      expect(new URL(page.url()).pathname).not.toContain(lapsedId)
      await expect(page.getByRole("row", { name: /Remote pass 1 €8\.00/ }).count()).resolves.toBe(1)
    })
  })

  it("refuses to charge a hold that lapsed while the pay form was open", async () => {
    await withContext(async (context) => {
      const page = await context.newPage()
      await context.addInitScript(() => {
        // Keep the page from reloading by itself: this buyer presses Pay too late.
        window.setInterval = (() => 0) as unknown as typeof window.setInterval
      })
      await checkOut(page, "Remote pass quantity", 1)
      const orderId = new URL(page.url()).pathname.split("/").at(-1) ?? ""
      await new Promise((resolve) => setTimeout(resolve, HOLD_MS + 500))
      await page.getByLabel("Card number").fill(SANDBOX_CARDS.success)
      await page.getByRole("button", { name: /^Pay / }).click()
      await page.getByRole("heading", { level: 1, name: "Your hold lapsed" }).waitFor()
      expect(await running().site.services.payments.chargesFor(orderId)).toEqual([])
    })
  })

  it("shows a sold-out drop as sold out and refuses a stale form", async () => {
    await withContext(async (context) => {
      const buyer = await context.newPage()
      const late = await (await running().browser.newContext()).newPage()
      try {
        await late.goto(running().site.url)
        await late.getByLabel("Micro-drop bundle quantity").fill("1")
        await checkOut(buyer, "Micro-drop bundle quantity", 1)
        await buyer.getByLabel("Card number").fill(SANDBOX_CARDS.success)
        await buyer.getByRole("button", { name: /^Pay / }).click()
        await buyer.getByRole("heading", { level: 1, name: "Order confirmed" }).waitFor()
        // The late buyer's open page learned it live; their form, sent anyway, is refused.
        await late.getByRole("region", { name: "Micro-drop bundle" }).getByText("Sold out").waitFor()
        await late.evaluate(() => {
          for (const input of document.querySelectorAll("input")) input.disabled = false
        })
        await late.getByRole("button", { name: "Check out" }).click()
        await expect(late.getByRole("alert").textContent()).resolves.toBe("Micro-drop bundle is sold out.")
        // Rendered without JavaScript: sold out, and the field disabled.
        await buyer.goto(running().site.url)
        const region = buyer.getByRole("region", { name: "Micro-drop bundle" })
        await expect(region.getByText("Sold out").count()).resolves.toBe(1)
        await expect(buyer.getByLabel("Micro-drop bundle quantity").isDisabled()).resolves.toBe(true)
      } finally {
        await late.context().close()
      }
    })
  })

  it("refuses a second site on the same data folder, and keeps orders across a restart", async ({ skip }) => {
    // The data folder and its lock are the embedded database's; PostgreSQL has neither.
    if (backend !== "pglite") skip()
    const { site } = running()
    const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: site.services.config.dataDir })
    if (Result.isFailure(config)) throw config.failure
    await expect(startSite(config.success, OPTIONS)).rejects.toMatchObject({
      _tag: "DataFolderInUse",
      pid: process.pid
    })

    await withContext(async (context) => {
      const page = await context.newPage()
      await checkOut(page, "Base ticket quantity", 1)
      await page.getByLabel("Card number").fill(SANDBOX_CARDS.success)
      await page.getByRole("button", { name: /^Pay / }).click()
      await page.getByRole("heading", { level: 1, name: "Order confirmed" }).waitFor()
      const orderPath = new URL(page.url()).pathname
      const code = await page.getByRole("article").first().getByRole("code").textContent()

      await site.close()
      // Drops are immutable: the restarted site creates them with the same settings.
      const again = await startSite({ ...config.success, port: site.port }, OPTIONS)
      try {
        await page.goto(`http://127.0.0.1:${again.port}${orderPath}`)
        await page.getByRole("heading", { level: 1, name: "Order confirmed" }).waitFor()
        await expect(page.getByRole("article").first().getByRole("code").textContent()).resolves.toBe(code)
      } finally {
        await again.close()
      }
    })
  })
})
