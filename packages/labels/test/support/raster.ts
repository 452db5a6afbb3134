// Rasterises PDFs with Debian's poppler (pdftoppm) and decodes barcodes with zxing-wasm (offline wasm),
// with crops for per-label decoding and the Debian CLIs (ZXingReader, zbarimg) as second decoders.
import { execFileSync } from "node:child_process"
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { prepareZXingModule, type ReadResult, readBarcodes } from "zxing-wasm/reader"

/** A grey image, one byte per pixel (0 black … 255 white). */
export interface Gray {
  readonly width: number
  readonly height: number
  readonly data: Uint8Array
}

const parsePgm = (buf: Buffer): Gray => {
  // P5\n<w> <h>\n255\n<data>
  let pos = 0
  const tokens: string[] = []
  while (tokens.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[pos] as number))) pos++
    let t = ""
    while (!/\s/.test(String.fromCharCode(buf[pos] as number))) t += String.fromCharCode(buf[pos++] as number)
    tokens.push(t)
  }
  pos++
  const [magic, w, h] = tokens
  if (magic !== "P5") throw new Error(`not a PGM: ${magic}`)
  return { width: Number(w), height: Number(h), data: new Uint8Array(buf.subarray(pos)) }
}

/** Every page of a PDF as a grey image at `dpi`. */
export const rasterize = (pdf: Uint8Array, dpi: number): ReadonlyArray<Gray> => {
  const dir = mkdtempSync(join(tmpdir(), "labels-raster-"))
  try {
    writeFileSync(join(dir, "in.pdf"), pdf)
    execFileSync("pdftoppm", ["-r", String(dpi), "-gray", join(dir, "in.pdf"), join(dir, "p")])
    return readdirSync(dir)
      .filter((f) => f.endsWith(".pgm"))
      .sort()
      .map((f) => parsePgm(readFileSync(join(dir, f))))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A rectangle of an image, in pixels (clamped to the image). */
export const crop = (img: Gray, x: number, y: number, w: number, h: number): Gray => {
  const x0 = Math.max(0, Math.floor(x))
  const y0 = Math.max(0, Math.floor(y))
  const x1 = Math.min(img.width, Math.ceil(x + w))
  const y1 = Math.min(img.height, Math.ceil(y + h))
  const out = new Uint8Array((x1 - x0) * (y1 - y0))
  for (let r = y0; r < y1; r++)
    out.set(img.data.subarray(r * img.width + x0, r * img.width + x1), (r - y0) * (x1 - x0))
  return { width: x1 - x0, height: y1 - y0, data: out }
}

/** A crop of one template cell (mm) at `dpi`, with `marginMm` around it. */
export const cropMm = (
  img: Gray,
  dpi: number,
  cell: { x: number; y: number; width: number; height: number },
  marginMm = 0
) => {
  const k = dpi / 25.4
  return crop(
    img,
    (cell.x - marginMm) * k,
    (cell.y - marginMm) * k,
    (cell.width + 2 * marginMm) * k,
    (cell.height + 2 * marginMm) * k
  )
}

let prepared: Promise<unknown> | undefined
const prepare = () => {
  if (prepared === undefined) {
    // Offline: hand the wasm bytes from node_modules to the module instead of its CDN default.
    const wasm = readFileSync(createRequire(import.meta.url).resolve("zxing-wasm/reader/zxing_reader.wasm"))
    prepared = Promise.resolve(
      prepareZXingModule({
        overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
        fireImmediately: true
      })
    )
  }
  return prepared
}

/** Decodes every barcode in a grey image with zxing-wasm. */
export const zxing = async (
  img: Gray,
  formats?: ReadonlyArray<string>
): Promise<ReadonlyArray<ReadResult>> => {
  await prepare()
  const rgba = new Uint8ClampedArray(img.width * img.height * 4)
  for (let i = 0; i < img.data.length; i++) {
    const v = img.data[i] as number
    rgba[4 * i] = v
    rgba[4 * i + 1] = v
    rgba[4 * i + 2] = v
    rgba[4 * i + 3] = 255
  }
  const imageData = {
    data: rgba,
    width: img.width,
    height: img.height,
    colorSpace: "srgb"
  } as unknown as Parameters<typeof readBarcodes>[0]
  return readBarcodes(imageData, {
    tryHarder: true,
    maxNumberOfSymbols: 64,
    ...(formats === undefined ? {} : { formats: formats as never })
  })
}

/** Writes a grey image as a binary PGM file (ZXingReader and zbarimg read it). */
export const writePgm = (img: Gray, file: string): void => {
  writeFileSync(
    file,
    Buffer.concat([Buffer.from(`P5\n${img.width} ${img.height}\n255\n`), Buffer.from(img.data)])
  )
}

/** Decodes a crop with a Debian command-line decoder; returns the texts it printed. */
export const cliDecode = (tool: "ZXingReader" | "zbarimg", img: Gray): ReadonlyArray<string> => {
  const dir = mkdtempSync(join(tmpdir(), "labels-cli-"))
  const file = join(dir, "crop.pgm")
  try {
    writePgm(img, file)
    if (tool === "zbarimg") {
      let out = ""
      try {
        out = execFileSync("zbarimg", ["--quiet", "--raw", file], {
          encoding: "utf8",
          stdio: ["ignore", "pipe", "ignore"]
        })
      } catch {
        return []
      }
      return out.split("\n").filter((l) => l !== "")
    }
    const out = execFileSync("ZXingReader", [file], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
    return out
      .split("\n")
      .filter((l) => l.startsWith("Text:"))
      .map((l) => l.replace(/^Text:\s*/, "").replace(/^"|"$/g, ""))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
