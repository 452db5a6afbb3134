// Headless Debian Chromium through playwright-core, with a fake microphone and a fresh profile.
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type BrowserContext, chromium } from "playwright-core"

export const CHROMIUM = "/usr/bin/chromium"

export interface Browser {
  readonly context: BrowserContext
  /** The page server's base URL (a different origin from the relay, so CORS is exercised). */
  readonly pages: string
  readonly close: () => Promise<void>
}

export const launch = async (): Promise<Browser> => {
  const html = readFileSync(join(import.meta.dirname, "..", "fixtures", "player.html"))
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" })
    res.end(html)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const profile = mkdtempSync(join(tmpdir(), "microdrop-relay-chromium-"))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      "--autoplay-policy=no-user-gesture-required",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run"
    ]
  })
  return {
    context,
    pages: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: async () => {
      await context.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      rmSync(profile, { recursive: true, force: true })
    }
  }
}
