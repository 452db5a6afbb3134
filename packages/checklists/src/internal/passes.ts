/**
 * The passes behind a schedule, on flat arrays: anchor instants, the forward pass (start, finish,
 * driving dependency), the backward pass (latest finish, what limits it, the anchor its slack counts
 * to), and the longest chain to each anchor. Linear in items + edges, no recursion.
 */
import { PinnedBeforeDependency, UnknownChecklistItem } from "../errors.ts"
import type { Template } from "../Template.ts"
import { FS, type Graph } from "./graph.ts"

const MINUTE = 60_000

/**
 * Every anchor's instant: given ones as given, the others placed by the template's anchor offsets
 * from the first given anchor (template order); with none given, ms from the template's offset 0.
 */
export const resolveAnchors = (
  template: Template,
  given: Readonly<Record<string, number>> = {}
): Float64Array => {
  const anchors = template.anchors
  for (const key of Object.keys(given))
    if (!anchors.some((a) => a.id === key)) throw new UnknownChecklistItem({ kind: "anchor", id: key })
  const base = anchors.find((a) => given[a.id] !== undefined)
  const out = new Float64Array(anchors.length)
  anchors.forEach((a, i) => {
    const own = given[a.id]
    out[i] =
      own !== undefined
        ? own
        : base === undefined
          ? a.offset * MINUTE
          : (given[base.id] as number) + (a.offset - base.offset) * MINUTE
  })
  return out
}

/** Arrays of a computed schedule, shared by `schedule`, `explain` and the benchmarks. */
export interface ScheduleArrays {
  readonly graph: Graph
  readonly anchorAt: Float64Array
  readonly planned: Float64Array
  readonly es: Float64Array
  readonly ef: Float64Array
  readonly lf: Float64Array
  readonly driver: Int32Array
  /** >= 0: a successor; -1 own deadline; -2 end; -3 pin. */
  readonly limit: Int32Array
  /** Anchor index of the item's deadline, -1 for none. */
  readonly deadline: Int32Array
  /** Anchor index its slack is measured against, -1 for the end. */
  readonly bind: Int32Array
  readonly end: number
}

/** Forward and backward passes over the topological order. Throws PinnedBeforeDependency. */
export const computeSchedule = (template: Template, graph: Graph, anchorAt: Float64Array): ScheduleArrays => {
  const { n, order, anchorOf, inStart, inFrom, inType, inLag, outStart, outTo, outType, outLag } = graph
  const items = template.items
  const planned = new Float64Array(n)
  const dur = new Float64Array(n)
  const es = new Float64Array(n)
  const ef = new Float64Array(n)
  const driver = new Int32Array(n).fill(-1)
  let end = Number.NEGATIVE_INFINITY
  for (let k = 0; k < n; k++) {
    const i = order[k] as number
    const item = items[i] as Template["items"][number]
    const p = (anchorAt[anchorOf[i] as number] as number) + item.offset * MINUTE
    planned[i] = p
    dur[i] = item.duration * MINUTE
    let start = p
    for (let e = inStart[i] as number; e < (inStart[i + 1] as number); e++) {
      const from = inFrom[e] as number
      const c = (inType[e] === FS ? (ef[from] as number) : (es[from] as number)) + (inLag[e] as number)
      // A dependency that ends exactly at the planned start still drives it (no gap between them).
      if (c > start || (c === start && driver[i] === -1)) {
        start = c
        driver[i] = from
      }
    }
    if (item.pinned === true && start > p)
      throw new PinnedBeforeDependency({
        item: item.id,
        dependency: (items[driver[i] as number] as Template["items"][number]).id,
        pinnedStart: p,
        earliestStart: start
      })
    es[i] = start
    const f = start + (dur[i] as number)
    ef[i] = f
    if (f > end) end = f
  }
  if (n === 0) end = anchorAt.reduce((m, x) => Math.max(m, x), Number.NEGATIVE_INFINITY)
  // Deadlines: the first anchor at or after the planned finish (ties: first in template order).
  const byTime = Array.from(anchorAt.keys()).sort(
    (a, b) => (anchorAt[a] as number) - (anchorAt[b] as number) || a - b
  )
  const times = byTime.map((a) => anchorAt[a] as number)
  const deadline = new Int32Array(n)
  const lf = new Float64Array(n)
  const limit = new Int32Array(n)
  const bind = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const pf = (planned[i] as number) + (dur[i] as number)
    let lo = 0
    let hi = times.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((times[mid] as number) < pf) lo = mid + 1
      else hi = mid
    }
    deadline[i] = lo < byTime.length ? (byTime[lo] as number) : -1
  }
  for (let k = n - 1; k >= 0; k--) {
    const i = order[k] as number
    const d = deadline[i] as number
    let latest = d >= 0 ? (anchorAt[d] as number) : end
    let lim = d >= 0 ? -1 : -2
    let b = d
    if ((items[i] as Template["items"][number]).pinned === true) {
      const pin = (planned[i] as number) + (dur[i] as number)
      if (pin < latest) {
        latest = pin
        lim = -3
      }
    }
    for (let e = outStart[i] as number; e < (outStart[i + 1] as number); e++) {
      const s = outTo[e] as number
      const ls = (lf[s] as number) - (dur[s] as number)
      const c = ls - (outLag[e] as number) + (outType[e] === FS ? 0 : (dur[i] as number))
      if (c < latest) {
        latest = c
        lim = s
        b = bind[s] as number
      }
    }
    lf[i] = latest
    limit[i] = lim
    bind[i] = b
  }
  return { graph, anchorAt, planned, es, ef, lf, driver, limit, deadline, bind, end }
}

/** The chain of drivers ending at item i, first item first. */
export const drivingChain = (s: ScheduleArrays, i: number): number[] => {
  const chain: number[] = []
  for (let v = i; v >= 0; v = s.driver[v] as number) chain.push(v)
  return chain.reverse()
}

/** The critical path to each anchor (index) and to the end (-1), by the anchor's instant. */
export const criticalPaths = (
  s: ScheduleArrays
): Array<{ anchor: number; at: number; last: number; chain: number[]; slack: number }> => {
  const a = s.anchorAt.length
  // last[x]: the item with the latest finish due by anchor x (x = a for the end).
  const last = new Int32Array(a + 1).fill(-1)
  for (let i = 0; i < s.graph.n; i++) {
    const d = s.deadline[i] as number
    const x = d >= 0 ? d : a
    const cur = last[x] as number
    if (cur < 0 || (s.ef[i] as number) > (s.ef[cur] as number)) last[x] = i
  }
  const out: Array<{ anchor: number; at: number; last: number; chain: number[]; slack: number }> = []
  for (let x = 0; x <= a; x++) {
    const l = last[x] as number
    if (l < 0) continue
    const at = x < a ? (s.anchorAt[x] as number) : s.end
    out.push({
      anchor: x < a ? x : -1,
      at,
      last: l,
      chain: drivingChain(s, l),
      slack: at - (s.ef[l] as number)
    })
  }
  return out.sort((p, q) => p.at - q.at || (p.anchor < 0 ? 1 : q.anchor < 0 ? -1 : p.anchor - q.anchor))
}
