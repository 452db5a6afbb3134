// Sessions: the cookie the middleware sets is read back on the next request, and a cookie whose
// value or signature was changed starts a new session instead of taking over another one.
import { Hono } from "hono"
import { setSignedCookie } from "hono/cookie"
import { describe, expect, it } from "vitest"
import { session, verifySigned } from "../src/http/session.ts"

const SECRET = "test-secret-of-the-site"

const app = () => {
  const a = new Hono<{ Variables: { sessionId: string } }>()
  a.use(session(SECRET, false))
  a.get("/", (c) => c.text(c.get("sessionId")))
  return a
}

const cookieOf = (r: Response) => (r.headers.get("set-cookie") ?? "").split(";")[0] ?? ""

describe("sessions", () => {
  it("keeps the session its signed cookie names", async () => {
    const site = app()
    const first = await site.request("/")
    const id = await first.text()
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/)
    const again = await site.request("/", { headers: { cookie: cookieOf(first) } })
    await expect(again.text()).resolves.toBe(id)
    expect(again.headers.get("set-cookie")).toBeNull()
  })

  it("starts a new session for a changed value, a changed signature or another secret", async () => {
    const site = app()
    const first = await site.request("/")
    const id = await first.text()
    const cookie = decodeURIComponent(cookieOf(first).slice("sid=".length))
    const dot = cookie.lastIndexOf(".")
    const otherId = `${id.slice(0, -1)}${id.endsWith("A") ? "B" : "A"}`
    const signature = cookie.slice(dot + 1)
    const flipped = `${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`
    const forged = [`${otherId}.${signature}`, `${id}.${flipped}`, `${id}.${signature}junk`, id, `${id}.`]
    for (const value of forged) {
      const r = await site.request("/", { headers: { cookie: `sid=${encodeURIComponent(value)}` } })
      expect(await r.text()).not.toBe(id)
      expect(
        await (await site.request("/", { headers: { cookie: `sid=${encodeURIComponent(value)}` } })).text()
      ).not.toBe(otherId)
    }
  })

  it("reads cookies signed by Hono's setSignedCookie, and only with the same secret", async () => {
    const signer = new Hono()
    signer.get("/", async (c) => {
      await setSignedCookie(c, "sid", "a-value_with-22-chars_", SECRET)
      return c.text("ok")
    })
    const signed = decodeURIComponent(cookieOf(await signer.request("/")).slice("sid=".length))
    expect(verifySigned(signed, SECRET)).toBe("a-value_with-22-chars_")
    expect(verifySigned(signed, `${SECRET}!`)).toBeUndefined()
  })
})
