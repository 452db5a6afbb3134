/**
 * A PNG preview of one label as a Zebra printer would print it: the label's ZPL rendered offline by
 * `zpl-renderer-js` (an optional peer dependency, loaded only when a preview is asked for).
 *
 * @since 0.1.0
 */
import { PreviewUnavailable } from "./errors.js"
import { resolveTemplate } from "./internal/resolveTemplate.js"
import type { Label } from "./Label.js"
import { type ToZplOptions, toZpl } from "./toZpl.js"

type Renderer = {
  readonly ready: Promise<{
    readonly api: { zplToBase64Async: (zpl: string, w: number, h: number, dpmm: number) => Promise<string> }
  }>
}

/**
 * Renders one label to a PNG (e.g. for a page that shows it before printing). The image is the
 * label's ZPL (`toZpl`) drawn by `zpl-renderer-js` (Zebra's rendering rules, offline WebAssembly), at
 * 8 dots/mm for 203 dpi or 12 for 300 dpi.
 *
 * @param label - The label.
 * @param options - As `toZpl`: template, dpi and locale.
 * @returns The PNG bytes.
 * @throws PreviewUnavailable when `zpl-renderer-js` is not installed or fails; the `toZpl` errors.
 * @example
 * ```ts
 * import { previewPng } from "@microdrop/labels"
 * const png = await previewPng({ title: "Tape", barcode: { symbology: "qr", data: "EV26" } }, { template: "thermal-2x1in" })
 * png[1] === 0x50 // => true ("PNG")
 * ```
 * @since 0.1.0
 */
export const previewPng = async (label: Label, options: ToZplOptions): Promise<Uint8Array> => {
  const zpl = toZpl([label], options)
  const t = resolveTemplate(options.template)
  const dpmm = (options.dpi ?? (t.dpi === 300 ? 300 : 203)) === 300 ? 12 : 8
  let renderer: Renderer
  try {
    renderer = (await import("zpl-renderer-js")) as unknown as Renderer
  } catch {
    throw new PreviewUnavailable({ reason: "zpl-renderer-js is not installed: pnpm add zpl-renderer-js" })
  }
  try {
    const { api } = await renderer.ready
    const b64 = await api.zplToBase64Async(zpl, t.page.width, t.page.height, dpmm)
    return new Uint8Array(Buffer.from(b64, "base64"))
  } catch (e) {
    throw new PreviewUnavailable({ reason: `zpl-renderer-js failed: ${String((e as Error)?.message ?? e)}` })
  }
}
