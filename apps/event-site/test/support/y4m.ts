// A Y4M video (YUV4MPEG2, 4:2:0) of one still image, for Chromium's fake camera
// (`--use-file-for-fake-video-capture`): the image's luma centred on a white frame, chroma neutral.
import { writeFileSync } from "node:fs"
import { PNG } from "pngjs"

export const writeStillY4m = (
  file: string,
  png: Uint8Array,
  options: { readonly width?: number; readonly height?: number; readonly frames?: number } = {}
): void => {
  const width = options.width ?? 640
  const height = options.height ?? 480
  const frames = options.frames ?? 10
  const image = PNG.sync.read(Buffer.from(png))
  // Scale the image to fit 80 % of the frame's height, nearest neighbour (keeps QR modules sharp).
  const scale = Math.min((height * 0.8) / image.height, (width * 0.8) / image.width)
  const w = Math.floor(image.width * scale)
  const h = Math.floor(image.height * scale)
  const left = Math.floor((width - w) / 2)
  const top = Math.floor((height - h) / 2)
  const y = Buffer.alloc(width * height, 235)
  for (let row = 0; row < h; row++)
    for (let col = 0; col < w; col++) {
      const sx = Math.min(image.width - 1, Math.floor(col / scale))
      const sy = Math.min(image.height - 1, Math.floor(row / scale))
      const i = (sy * image.width + sx) * 4
      const luma =
        0.299 * (image.data[i] ?? 0) + 0.587 * (image.data[i + 1] ?? 0) + 0.114 * (image.data[i + 2] ?? 0)
      // Studio range 16-235, as Y4M's C420jpeg readers expect of video.
      y[(top + row) * width + left + col] = Math.round(16 + (luma * 219) / 255)
    }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128)
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`)
  const frame = Buffer.concat([Buffer.from("FRAME\n"), y, chroma])
  writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]))
}
