// @microdrop/labels: renderPdf beside the raw libraries it is built on, in the same run.
// Baseline: the same Avery 5160 sheet done by hand with bwip-js and pdf-lib (30 × bwipjs.raw, the bars
// as one SVG path each through drawSvgPath as LABELS-NOTES.md recommends, and three Helvetica texts per
// label). Target: ours ≥ 1 / 1.3 of the baseline's sheets per second. Then 2,000 QR tickets with and
// without the worker pool: sheets per second and the longest event-loop stall.

import { createEncoderPool, type Label, renderPdf } from "@microdrop/labels"
import { money } from "@microdrop/pricing"
import bwipjs from "bwip-js"
import { PDFDocument, StandardFonts } from "pdf-lib"
import { longestStall } from "../scripts/test-support/stall.ts"
import { type Row, runSuite, writeResults } from "./lib/suite.ts"

const sheetLabels: Label[] = Array.from({ length: 30 }, (_, i) => ({
  title: `Cassette ${i}`,
  price: money(1200 + i, "EUR"),
  sku: `EV26-D1-TAPE-${i}`,
  barcode: { symbology: "code128", data: `EV26-D1-TAPE-${String(i).padStart(2, "0")}` }
}))
const sameSymbol: Label[] = sheetLabels.map((l) => ({
  ...l,
  barcode: { symbology: "code128", data: "EV26-D1-TAPE-00" }
}))

/** The raw-library version of the same sheet (positions of Avery 5160, no fitting, no checks). */
const rawSheet = async (): Promise<Uint8Array> => {
  const doc = await PDFDocument.create()
  const font = await doc.embedFont(StandardFonts.Helvetica)
  const page = doc.addPage([612, 792])
  for (let i = 0; i < 30; i++) {
    const l = sheetLabels[i] as Label
    const col = i % 3
    const row = Math.floor(i / 3)
    const x = 11.25 + col * 200.25 + 4
    const top = 792 - 36 - row * 72 - 4
    page.drawText(l.title ?? "", { x, y: top - 10, size: 9, font })
    page.drawText("€12.00", { x, y: top - 20, size: 8, font })
    page.drawText(l.sku ?? "", { x, y: top - 30, size: 7, font })
    const [sym] = bwipjs.raw("code128", l.barcode?.data ?? "", {}) as unknown as Array<{ sbs: number[] }>
    let d = ""
    let mx = 0
    const h = 30 / 0.6
    sym?.sbs.forEach((w, k) => {
      if (k % 2 === 0) d += `M${mx} 0h${w}v${h}h${-w}Z`
      mx += w
    })
    page.drawSvgPath(d, { x: x + 10 * 0.6, y: top - 34, scale: 0.6 })
  }
  return doc.save()
}

const rows = await runSuite(
  "labels",
  [
    {
      name: "raw bwip-js + pdf-lib: Avery 5160 sheet, 30 × Code 128 + 3 texts",
      fn: async () => void (await rawSheet())
    },
    {
      name: "renderPdf: Avery 5160 sheet, 30 × Code 128 + 3 texts",
      fn: async () => void (await renderPdf(sheetLabels, { template: "avery-5160" })),
      baseline: "raw bwip-js + pdf-lib: Avery 5160 sheet, 30 × Code 128 + 3 texts"
    },
    {
      name: "renderPdf: the same sheet, one repeated symbol (encoded once)",
      fn: async () => void (await renderPdf(sameSymbol, { template: "avery-5160" })),
      baseline: "renderPdf: Avery 5160 sheet, 30 × Code 128 + 3 texts"
    }
  ],
  3000
)

// 2,000 QR ticket labels (67 Avery 5160 sheets), with and without the worker pool.
const tickets: Label[] = Array.from({ length: 2000 }, (_, i) => ({
  title: "Listening room, door",
  sku: `T-${String(i).padStart(4, "0")}`,
  barcode: { symbology: "qr", data: `https://example.org/t/EV26-${String(i).padStart(5, "0")}` }
}))
const SHEETS = Math.ceil(tickets.length / 30)

const measure = async (run: () => Promise<Uint8Array>) => {
  const t0 = performance.now()
  const { wallMs, cpuMs } = await longestStall(run)
  const ms = performance.now() - t0
  return { sheetsPerSec: (SHEETS * 1000) / ms, wall: wallMs, cpuStall: cpuMs }
}

await renderPdf(tickets.slice(0, 30), { template: "avery-5160" }) // warm-up
const noPool = await measure(() => renderPdf(tickets, { template: "avery-5160" }))
const pool = createEncoderPool()
await pool.encode([{ symbology: "qr", data: "warm-up" }])
const withPool = await measure(() => renderPdf(tickets, { template: "avery-5160", pool }))
await pool.close()

const stall = (m: { wall: number; cpuStall: number }) =>
  `longest stall ${m.cpuStall.toFixed(0)} ms CPU / ${m.wall.toFixed(0)} ms wall`
const noPoolName = `renderPdf 2,000 QR labels = ${SHEETS} sheets (ops = sheets/s), no pool, ${stall(noPool)}`
const batchRows: Row[] = [
  { name: noPoolName, opsPerSec: Number(noPool.sheetsPerSec.toFixed(2)) },
  {
    name: `renderPdf 2,000 QR labels = ${SHEETS} sheets (ops = sheets/s), pool of ${pool.size}, ${stall(withPool)}`,
    opsPerSec: Number(withPool.sheetsPerSec.toFixed(2)),
    baseline: noPoolName,
    ratio: Number((withPool.sheetsPerSec / noPool.sheetsPerSec).toFixed(3))
  }
]
writeResults("labels", [...rows, ...batchRows])
