/** Encodes every distinct barcode of a batch once (in a worker pool when given), yielding to the event loop. */
import { type BarcodeSpec, type BarcodeSymbol, encodeBarcode } from "../Barcode.js"
import type { EncoderPool } from "../EncoderPool.js"
import type { Ticker } from "./Ticker.js"

/** Cache key of a spec: the symbology (no NUL in it) then the data. */
export const symbolKey = (spec: BarcodeSpec): string => `${spec.symbology}\u0000${spec.data}`

export const encodeSymbols = async (
  specs: ReadonlyArray<BarcodeSpec>,
  pool: EncoderPool | undefined,
  ticker: Ticker
): Promise<Map<string, BarcodeSymbol>> => {
  const unique = new Map<string, BarcodeSpec>()
  for (const s of specs) unique.set(symbolKey(s), s)
  const out = new Map<string, BarcodeSymbol>()
  if (pool !== undefined && unique.size > 1) {
    const list = [...unique.values()]
    const symbols = await pool.encode(list)
    list.forEach((s, i) => {
      out.set(symbolKey(s), symbols[i] as BarcodeSymbol)
    })
    return out
  }
  for (const [key, spec] of unique) {
    out.set(key, encodeBarcode(spec))
    await ticker.tick()
  }
  return out
}
