/**
 * The dependency graph of a template in flat arrays (compressed rows of incoming and outgoing edges)
 * with a topological order from Kahn's algorithm: linear in items + edges, no recursion.
 */
import { DependencyCycle, DuplicateItemId, InvalidChecklistInput, UnknownDependency } from "../errors.ts"
import type { Template } from "../Template.ts"

/** Edge kinds in `inType` / `outType`. */
export const FS = 0
export const SS = 1

export interface Graph {
  readonly n: number
  readonly index: ReadonlyMap<string, number>
  /** Anchor index of each item (into template.anchors). */
  readonly anchorOf: Int32Array
  /** Incoming edges of item i: positions inStart[i] .. inStart[i + 1]. */
  readonly inStart: Int32Array
  readonly inFrom: Int32Array
  readonly inType: Uint8Array
  /** Lag in ms. */
  readonly inLag: Float64Array
  /** Outgoing edges of item i: positions outStart[i] .. outStart[i + 1]. */
  readonly outStart: Int32Array
  readonly outTo: Int32Array
  readonly outType: Uint8Array
  readonly outLag: Float64Array
  /** Items in an order where every dependency comes before its dependents. */
  readonly order: Int32Array
}

const MINUTE = 60_000

/**
 * Builds the graph; throws DuplicateItemId, UnknownDependency, InvalidChecklistInput (unknown anchor)
 * or DependencyCycle.
 */
export const compileGraph = (template: Template): Graph => {
  const items = template.items
  const n = items.length
  const anchorIndex = new Map<string, number>()
  template.anchors.forEach((a, i) => {
    const seen = anchorIndex.get(a.id)
    if (seen !== undefined)
      throw new InvalidChecklistInput({
        path: `anchors.${i}.id`,
        rule: `a unique anchor id (${a.id} is anchor ${seen})`
      })
    anchorIndex.set(a.id, i)
  })
  const index = new Map<string, number>()
  const anchorOf = new Int32Array(n)
  let edges = 0
  for (let i = 0; i < n; i++) {
    const item = items[i] as Template["items"][number]
    // One hash operation per item: a repeated id leaves the size unchanged (then find the first one).
    index.set(item.id, i)
    if (index.size !== i + 1)
      throw new DuplicateItemId({ id: item.id, indexes: [items.findIndex((x) => x.id === item.id), i] })
    const a = anchorIndex.get(item.anchor)
    if (a === undefined)
      throw new InvalidChecklistInput({
        path: `items.${i}.anchor`,
        item: item.id,
        rule: `one of the template's anchors (${template.anchors.map((x) => x.id).join(", ")})`
      })
    anchorOf[i] = a
    edges += item.dependsOn?.length ?? 0
  }
  const inStart = new Int32Array(n + 1)
  const inFrom = new Int32Array(edges)
  const inType = new Uint8Array(edges)
  const inLag = new Float64Array(edges)
  const outCount = new Int32Array(n + 1)
  let e = 0
  for (let i = 0; i < n; i++) {
    inStart[i] = e
    const item = items[i] as Template["items"][number]
    const deps = item.dependsOn
    const count = deps === undefined ? 0 : deps.length
    for (let k = 0; k < count; k++) {
      const d = (deps as NonNullable<typeof deps>)[k] as NonNullable<typeof deps>[number]
      const from = index.get(d.item)
      if (from === undefined) throw new UnknownDependency({ item: item.id, dependency: d.item })
      inFrom[e] = from
      inType[e] = d.type === "SS" ? SS : FS
      inLag[e] = (d.lag ?? 0) * MINUTE
      outCount[from + 1] = (outCount[from + 1] as number) + 1
      e++
    }
  }
  inStart[n] = e
  const outStart = new Int32Array(n + 1)
  for (let i = 0; i < n; i++) outStart[i + 1] = (outStart[i] as number) + (outCount[i + 1] as number)
  const fill = outStart.slice(0, n)
  const outTo = new Int32Array(edges)
  const outType = new Uint8Array(edges)
  const outLag = new Float64Array(edges)
  for (let i = 0; i < n; i++) {
    for (let k = inStart[i] as number; k < (inStart[i + 1] as number); k++) {
      const from = inFrom[k] as number
      const at = fill[from] as number
      outTo[at] = i
      outType[at] = inType[k] as number
      outLag[at] = inLag[k] as number
      fill[from] = at + 1
    }
  }
  // Kahn: repeatedly take an item whose dependencies are all placed.
  const pending = new Int32Array(n)
  for (let i = 0; i < n; i++) pending[i] = (inStart[i + 1] as number) - (inStart[i] as number)
  const order = new Int32Array(n)
  let head = 0
  let tail = 0
  for (let i = 0; i < n; i++) if (pending[i] === 0) order[tail++] = i
  while (head < tail) {
    const v = order[head++] as number
    for (let k = outStart[v] as number; k < (outStart[v + 1] as number); k++) {
      const w = outTo[k] as number
      pending[w] = (pending[w] as number) - 1
      if (pending[w] === 0) order[tail++] = w
    }
  }
  if (tail < n) throw new DependencyCycle({ items: findCycle(template, pending, inStart, inFrom) })
  return { n, index, anchorOf, inStart, inFrom, inType, inLag, outStart, outTo, outType, outLag, order }
}

/**
 * Items Kahn's algorithm left behind each still wait on another left-behind item, so walking from
 * one to a waiting dependency must revisit an item: the walk from that first revisit is a cycle.
 */
const findCycle = (
  template: Template,
  pending: Int32Array,
  inStart: Int32Array,
  inFrom: Int32Array
): string[] => {
  const n = pending.length
  const step = new Int32Array(n).fill(-1)
  let v = 0
  while (pending[v] === 0) v++
  const walk: number[] = []
  while (step[v] === -1) {
    step[v] = walk.length
    walk.push(v)
    let next = -1
    for (let k = inStart[v] as number; k < (inStart[v + 1] as number); k++) {
      const from = inFrom[k] as number
      if ((pending[from] as number) > 0) {
        next = from
        break
      }
    }
    v = next
  }
  // walk[i + 1] is a dependency of walk[i]; report dependencies first.
  return walk
    .slice(step[v] as number)
    .reverse()
    .map((i) => (template.items[i] as Template["items"][number]).id)
}
