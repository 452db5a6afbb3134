/** PDF path operators (filled rectangles) for a placed symbol: a few bytes per bar or run, no objects. */
import type { BarcodeSymbol } from "../Barcode.js"

const n = (v: number): string => {
  const s = v.toFixed(3)
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s
}

/**
 * The symbol's dark modules as `x y w h re` operators in module units, origin at the symbol's top-left,
 * y growing downward (the caller's `cm` maps modules to page points). Bars are `barModules` tall.
 */
export const symbolRects = (symbol: BarcodeSymbol, barModules: number): string => {
  const out: string[] = []
  if (symbol.kind === "linear") {
    for (const [x, w] of symbol.bars) out.push(`${x} 0 ${w} ${n(barModules)} re`)
    return out.join("\n")
  }
  const { width, height, modules } = symbol
  for (let r = 0; r < height; r++) {
    let c = 0
    while (c < width) {
      if (modules[r * width + c] !== 1) {
        c++
        continue
      }
      const start = c
      while (c < width && modules[r * width + c] === 1) c++
      out.push(`${start} ${r} ${c - start} 1 re`)
    }
  }
  return out.join("\n")
}

/**
 * A self-contained content-stream fragment drawing the rectangles at (x, top) in points with module
 * width X points: `q`, a `cm` that flips y, the rectangles, one fill, `Q`.
 */
export const placedSymbol = (rects: string, x: number, top: number, X: number): string =>
  `q ${n(X)} 0 0 ${n(-X)} ${n(x)} ${n(top)} cm 0 g\n${rects}\nf Q`
