// Staff login in Debian's Chromium, driven by role and label: a wrong password, the right one
// (a new session id, the door page), the rate limit after five failures (429, Retry-After, a page
// saying when), and axe. The limit shared by two instances is in test/rateLimit.test.ts.
import { request } from "node:http"
import { Result } from "effect"
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { loadConfig } from "../src/config/config.ts"
import { LOGIN_ACCOUNT_RULE, LOGIN_RULE } from "../src/features/login/routes.tsx"
import { seriousViolations } from "./support/axe.ts"
import { launchChromium } from "./support/browser.ts"
import { startTestSite, type TestSite } from "./support/site.ts"

const PASSWORD = "a long demo password"
const EMAIL = "promoter@night-tapes.example"

const logIn = async (page: Page, url: string, email: string, password: string) => {
  await page.goto(`${url}/login`)
  await page.getByLabel("Email").fill(email)
  await page.getByLabel("Password").fill(password)
  await page.getByRole("button", { name: "Log in" }).click()
}

describe("staff login (PGlite)", () => {
  let site: TestSite | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    site = await startTestSite({}, { PROMOTER_PASSWORD: PASSWORD })
    browser = await launchChromium()
  }, 120_000)
  afterAll(async () => {
    try {
      await browser?.close()
    } finally {
      await site?.stop()
    }
  })
  const running = () => {
    if (site === undefined || browser === undefined) throw new TypeError("the site did not start")
    return { site, browser }
  }

  it("refuses a wrong password, lets the promoter in with the right one, and renews the session id", async () => {
    const { site, browser } = running()
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await logIn(page, site.url, EMAIL, "not the password")
      await expect(page.getByRole("alert").textContent()).resolves.toBe(
        "That email and password do not match."
      )
      await page.goto(`${site.url}/door/`)
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Staff login")
      const before = (await context.cookies()).find((c) => c.name === "sid")?.value
      // Any case and spaces around the email are forgiven.
      await logIn(page, site.url, ` ${EMAIL.toUpperCase()} `, PASSWORD)
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Door check-in")
      const after = (await context.cookies()).find((c) => c.name === "sid")?.value
      expect(after).toBeDefined()
      expect(after).not.toBe(before)
      await page.goto(`${site.url}/login`)
      await page.getByRole("button", { name: "Log out" }).click()
      await page.goto(`${site.url}/door/`)
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Staff login")
    } finally {
      await context.close()
    }
  })

  it("limits failed logins per account: 429 with Retry-After and when to try again, even with the right password", async () => {
    const { site, browser } = running()
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      const email = "door-lead@night-tapes.example"
      await site.services.staff.seedPromoter(email, PASSWORD)
      const statuses: number[] = []
      page.on("response", (r) => {
        if (r.url().endsWith("/login") && r.request().method() === "POST") statuses.push(r.status())
      })
      for (let i = 0; i < LOGIN_RULE.maxFailures; i++) await logIn(page, site.url, email, `wrong ${i}`)
      await expect(page.getByRole("alert").textContent()).resolves.toMatch(
        /^Too many failed logins for this account: try again in (8[5-9]\d|900) seconds \(after .+ UTC\)\.$/
      )
      await logIn(page, site.url, email, PASSWORD)
      await expect(page.getByRole("alert").textContent()).resolves.toMatch(/^Too many failed logins/)
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429])
      const response = await page.request.post(`${site.url}/login`, {
        form: { email, password: PASSWORD },
        headers: { origin: site.url }
      })
      expect(response.status()).toBe(429)
      expect(Number(response.headers()["retry-after"])).toBeGreaterThan(800)
      // Other accounts are not affected.
      await logIn(page, site.url, EMAIL, PASSWORD)
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Door check-in")
    } finally {
      await context.close()
    }
  })

  it("limits per client address: failures from another address do not lock the promoter out", async () => {
    const { site } = running()
    const email = "box-office@night-tapes.example"
    await site.services.staff.seedPromoter(email, PASSWORD)
    // A login POST from a given loopback address (Linux answers on all of 127.0.0.0/8), straight to
    // an instance (not through the test balancer, which would be every client's address).
    const instanceUrl = (i: number) => `http://127.0.0.1:${(site.instances[i] ?? site.instances[0])?.port}`
    const post = (from: string, password: string, instance = 0) =>
      new Promise<number>((resolve, reject) => {
        const origin = instanceUrl(instance)
        const url = new URL(`${origin}/login`)
        const body = new URLSearchParams({ email, password }).toString()
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: "POST",
            localAddress: from,
            headers: {
              origin,
              "content-type": "application/x-www-form-urlencoded",
              "content-length": Buffer.byteLength(body)
            }
          },
          (res) => {
            res.resume()
            resolve(res.statusCode ?? 0)
          }
        )
        req.on("error", reject)
        req.end(body)
      })
    const fromAttacker: number[] = []
    for (let i = 0; i <= LOGIN_RULE.maxFailures; i++) fromAttacker.push(await post("127.0.0.2", `guess ${i}`))
    expect(fromAttacker).toEqual([401, 401, 401, 401, 429, 429])
    expect(await post("127.0.0.2", PASSWORD)).toBe(429)
    // The promoter, from another address (on the other instance when there are two), still gets in.
    expect(await post("127.0.0.1", PASSWORD, 1)).toBe(303)
    expect(LOGIN_ACCOUNT_RULE.maxFailures).toBeGreaterThan(LOGIN_RULE.maxFailures)
  })

  it("answers a bad form with 400 naming the field, and a foreign origin with 403", async () => {
    const { site } = running()
    const bad = await fetch(`${site.url}/login`, {
      method: "POST",
      headers: { origin: site.url, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "x" })
    })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toMatch(/email: Expected a value with a length of at least 3|password/)
    const foreign = await fetch(`${site.url}/login`, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: EMAIL, password: PASSWORD })
    })
    expect(foreign.status).toBe(403)
  })

  it("has no serious or critical axe violation on the login page", async () => {
    const { site, browser } = running()
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await page.goto(`${site.url}/login`)
      expect(await seriousViolations(page)).toEqual([])
      if (process.env["UPDATE_SCREENSHOTS"] === "1")
        await page.screenshot({
          path: new URL("../docs/login.png", import.meta.url).pathname,
          fullPage: true
        })
    } finally {
      await context.close()
    }
  })
})

describe("the promoter's login config", () => {
  it("stops start-up naming PROMOTER_PASSWORD or PROMOTER_EMAIL when they break their rule", () => {
    const short = loadConfig({ PROMOTER_PASSWORD: "short" })
    expect(Result.isFailure(short) && short.failure.variable).toBe("PROMOTER_PASSWORD")
    const email = loadConfig({ PROMOTER_EMAIL: "not an email" })
    expect(Result.isFailure(email) && email.failure.variable).toBe("PROMOTER_EMAIL")
    const ok = loadConfig({ PROMOTER_PASSWORD: "twelve chars" })
    expect(Result.isSuccess(ok) && ok.success.promoterPassword).toBe("twelve chars")
  })
})
