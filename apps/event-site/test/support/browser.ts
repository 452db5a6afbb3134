// Debian's Chromium through playwright-core, headless.
import { type Browser, chromium } from "playwright-core"

export const launchChromium = (extraArgs: ReadonlyArray<string> = []): Promise<Browser> =>
  chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      ...extraArgs
    ]
  })
