// Starts a site on a fresh embedded database in a temporary folder, on a random port.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Result } from "effect"
import type { Browser } from "playwright-core"
import { afterAll, beforeAll } from "vitest"
import { loadConfig } from "../../src/config/config.ts"
import { type RunningSite, startSite } from "../../src/server.tsx"
import type { SiteOptions } from "../../src/services/site.ts"
import { launchChromium } from "./browser.ts"

export interface TestSite extends RunningSite {
  /** Closes the site and removes its folder. */
  readonly stop: () => Promise<void>
}

export const startTestSite = async (
  options: SiteOptions = {},
  env: Record<string, string> = {}
): Promise<TestSite> => {
  const dir = mkdtempSync(join(tmpdir(), "event-site-"))
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dir, ...env })
  if (Result.isFailure(config)) throw config.failure
  const site = await startSite(config.success, options).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true })
    throw error
  })
  const url = `http://127.0.0.1:${site.port}`
  return {
    ...site,
    url,
    stop: async () => {
      try {
        await site.close()
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  }
}

/**
 * Starts a site and Chromium before the file's tests and ends both after them, also when a test
 * fails. Returns the getter the tests use.
 */
export const useSiteAndBrowser = (
  options: SiteOptions = {}
): (() => { site: TestSite; browser: Browser }) => {
  let site: TestSite | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    site = await startTestSite(options)
    browser = await launchChromium()
  })
  afterAll(async () => {
    try {
      await browser?.close()
    } finally {
      await site?.stop()
    }
  })
  return () => {
    if (site === undefined || browser === undefined) throw new TypeError("the site did not start")
    return { site, browser }
  }
}
