// Signed download URLs: valid until they expire, and any change to the code, the expiry or the
// signature makes them invalid.
import { randomBytes } from "node:crypto"
import { describe, expect, it } from "vitest"
import { checkDownload, DOWNLOAD_URL_MS, downloadUrl } from "../src/services/downloads.ts"

const secret = new Uint8Array(randomBytes(32))
const parse = (url: string) => Object.fromEntries(new URL(url, "http://x").searchParams)

describe("download URLs", () => {
  const now = 1_800_000_000_000
  const query = parse(downloadUrl(secret, "YSGX4FPYVWRDJ", now))

  it("work until they expire", () => {
    expect(checkDownload(secret, query, now)).toBe("ok")
    expect(checkDownload(secret, query, now + DOWNLOAD_URL_MS - 1)).toBe("ok")
    expect(checkDownload(secret, query, now + DOWNLOAD_URL_MS)).toBe("expired")
  })

  it("refuse any changed part, another secret, or a missing part", () => {
    expect(checkDownload(secret, { ...query, code: "YSGX4FPYVWRDK" }, now)).toBe("invalid")
    expect(checkDownload(secret, { ...query, expires: String(Number(query["expires"]) + 1) }, now)).toBe(
      "invalid"
    )
    // Another last character (one signature in 64 already ends in "A").
    const sig = query["sig"] ?? ""
    const changed = `${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`
    expect(checkDownload(secret, { ...query, sig: changed }, now)).toBe("invalid")
    expect(checkDownload(new Uint8Array(randomBytes(32)), query, now)).toBe("invalid")
    expect(checkDownload(secret, { code: query["code"], sig: query["sig"] }, now)).toBe("invalid")
    expect(checkDownload(secret, { ...query, expires: "1e20" }, now)).toBe("invalid")
  })
})
