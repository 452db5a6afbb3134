import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { PDFDocument } from "pdf-lib"
import { describe, expect, it } from "vitest"
import { addItem } from "../src/editTemplate.ts"
import { instantiate, tick } from "../src/Run.ts"
import { launch } from "../src/templates/launch.ts"
import { toPdf } from "../src/toPdf.ts"

/** The text of a PDF as poppler's pdftotext reads it. */
const pdfText = (bytes: Uint8Array): string => {
  const dir = mkdtempSync(join(tmpdir(), "checklists-pdf-"))
  try {
    writeFileSync(join(dir, "x.pdf"), bytes)
    return execFileSync("pdftotext", ["-layout", join(dir, "x.pdf"), "-"], { encoding: "utf8" })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe("toPdf", () => {
  it("prints every item under its role with its times, and who ticked the done ones", async () => {
    let run = instantiate(launch, {
      anchors: { doors: "2026-10-25T19:00:00+01:00" },
      timeZone: "Europe/Berlin"
    })
    run = tick(run, "confirm-stream-kit", { by: "ana", at: "2026-10-24T18:10:00+02:00" })
    const bytes = await toPdf(run, { now: "2026-10-20T09:00:00Z" })
    const doc = await PDFDocument.load(bytes)
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1)
    expect(doc.getTitle()).toContain("Launch a hybrid micro-event")
    const text = pdfText(bytes).replace(/\s+/g, " ")
    const roles = [...new Set(launch.items.map((x) => x.owner))].sort()
    // Roles come in order, each followed by exactly its own items.
    const at = roles.map((r) => text.indexOf(` ${r} `))
    expect(at.every((p) => p >= 0)).toBe(true)
    expect([...at].sort((a, b) => a - b)).toEqual(at)
    for (const item of launch.items) {
      const p = text.indexOf(item.title.slice(0, 30))
      expect(p).toBeGreaterThan(0)
      const section = roles.indexOf(item.owner)
      expect(p).toBeGreaterThan(at[section] as number)
      if (section + 1 < roles.length) expect(p).toBeLessThan(at[section + 1] as number)
    }
    expect(text).toContain("done by ana at 18:10")
    expect(text).toContain("2026-10-25 18:20 +01:00 - due 18:35") // test-purchase: show start (19:30) − 70 min
  })

  it("prints text the standard fonts cannot encode as ? instead of failing, and is the same for the same input", async () => {
    const t = addItem(launch, {
      id: "emoji",
      title: "Headphones 🎧 → Bühne",
      owner: "tech",
      anchor: "doors",
      offset: -5,
      duration: 5
    })
    const run = instantiate(t, { anchors: { doors: 0 }, timeZone: "UTC" })
    const a = await toPdf(run, { now: 0 })
    expect(pdfText(a)).toContain("Headphones ? ? Bühne")
    expect(Buffer.from(await toPdf(run, { now: 0 })).equals(Buffer.from(a))).toBe(true)
  })

  it("starts new pages when one is full", async () => {
    let t = launch
    for (let i = 0; i < 80; i++)
      t = addItem(t, {
        id: `extra-${i}`,
        title: `Extra task ${i}`,
        owner: "crew",
        anchor: "doors",
        offset: -100,
        duration: 5
      })
    const run = instantiate(t, { anchors: { doors: 0 }, timeZone: "UTC" })
    const doc = await PDFDocument.load(await toPdf(run, { now: 0 }))
    expect(doc.getPageCount()).toBeGreaterThan(1)
    await expect(toPdf(run, { now: Number.NaN })).rejects.toThrow(/now/)
    await expect(toPdf(run, { now: 0, pageSize: [Number.NaN, 800] })).rejects.toThrow(/pageSize/)
  })
})
