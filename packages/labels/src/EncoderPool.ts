/**
 * A pool of worker threads that encode barcodes (the costly part of a big batch: about 2 ms per QR
 * code) while the main thread keeps drawing and stays responsive.
 *
 * @since 0.1.0
 */
import { createRequire } from "node:module"
import { availableParallelism } from "node:os"
import { Worker } from "node:worker_threads"
import { type BarcodeSpec, type BarcodeSymbol, fromRaw, type RawResult, rawRequest } from "./Barcode.js"
import { InvalidBarcodeData, InvalidLabelInput, RenderWorkerFailed } from "./errors.js"

/**
 * A running pool. Pass it to `renderPdf` (option `pool`) and close it when done.
 *
 * @category models
 * @since 0.1.0
 */
export interface EncoderPool {
  /** Number of workers. */
  readonly size: number
  /** Encodes symbols in the workers (same results and errors as `encodeBarcode`). */
  readonly encode: (specs: ReadonlyArray<BarcodeSpec>) => Promise<ReadonlyArray<BarcodeSymbol>>
  /** Stops the workers. */
  readonly close: () => Promise<void>
}

/** Symbols per message to a worker. */
const CHUNK = 32

type Reply = { readonly id: number; readonly out: ReadonlyArray<{ raw?: unknown; error?: string }> }

const workerSource = (bwipPath: string): string => `
const { parentPort } = require("node:worker_threads")
const bwipjs = require(${JSON.stringify(bwipPath)})
parentPort.on("message", ({ id, jobs }) => {
  const out = jobs.map(([bcid, text]) => {
    try { return { raw: bwipjs.raw(bcid, text, {}) } } catch (e) { return { error: String(e && e.message || e) } }
  })
  parentPort.postMessage({ id, out })
})`

/**
 * Starts a pool of barcode encoding workers.
 *
 * @param options - `size`: workers (default: available parallelism − 1, at least 1, at most 8).
 * @returns The pool; call `close()` when done.
 * @throws InvalidLabelInput when size is not an integer from 1 to 32.
 * @example
 * ```ts
 * import { createEncoderPool } from "@microdrop/labels"
 * const pool = createEncoderPool({ size: 2 })
 * const [qr] = await pool.encode([{ symbology: "qr", data: "TICKET-0001" }])
 * qr?.kind // => "matrix"
 * await pool.close()
 * ```
 * @since 0.1.0
 */
export const createEncoderPool = (options: { readonly size?: number } = {}): EncoderPool => {
  const size = options.size ?? Math.min(8, Math.max(1, availableParallelism() - 1))
  if (!Number.isInteger(size) || size < 1 || size > 32)
    throw new InvalidLabelInput({ target: "options", path: "size", rule: "must be an integer from 1 to 32" })
  const bwipPath = createRequire(import.meta.url).resolve("bwip-js")
  const source = workerSource(bwipPath)
  const workers = Array.from({ length: size }, () => new Worker(source, { eval: true }))
  let next = 0
  const pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: unknown) => void }>()
  for (const w of workers) {
    w.on("message", (r: Reply) => {
      pending.get(r.id)?.resolve(r)
      pending.delete(r.id)
    })
    w.on("error", (e) => {
      for (const p of pending.values()) p.reject(new RenderWorkerFailed({ reason: String(e.message) }))
      pending.clear()
    })
  }
  const run = (worker: Worker, jobs: ReadonlyArray<readonly [string, string]>): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const id = next++
      pending.set(id, { resolve, reject })
      worker.postMessage({ id, jobs })
    })
  return {
    size,
    encode: async (specs) => {
      const requests = specs.map(rawRequest)
      // Small messages, spread round-robin: each reply is deserialised and converted in its own
      // event-loop turn, so a batch of thousands never blocks the main thread in one piece.
      const chunks: Array<Promise<ReadonlyArray<BarcodeSymbol>>> = []
      for (let start = 0, k = 0; start < requests.length; start += CHUNK, k++) {
        const slice = requests.slice(start, start + CHUNK)
        const worker = workers[k % size] as Worker
        chunks.push(
          run(worker, slice).then((reply) =>
            reply.out.map((o, j) => {
              const spec = specs[start + j] as BarcodeSpec
              if (o.raw === undefined)
                throw new InvalidBarcodeData({
                  symbology: spec.symbology,
                  rule: String(o.error ?? "no result").replace(/^bwipp\.\w+#\d+:\s*/, ""),
                  value: spec.data
                })
              return fromRaw(spec, (slice[j] as readonly [string, string])[1], o.raw as RawResult)
            })
          )
        )
      }
      return (await Promise.all(chunks)).flat()
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()))
    }
  }
}
