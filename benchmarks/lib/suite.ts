// Runs tinybench cases side by side and writes results/<suite>.json as ARCHITECTURE.md describes:
// an array of { name, opsPerSec, p99Ms?, baseline?, ratio? }, where ratio = ours / baseline.
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Bench } from "tinybench"

export interface Case {
  /** Operation and size, e.g. "generateCode length 10". */
  readonly name: string
  /** One call runs `batch` operations (tiny operations are batched so timer overhead does not dominate). */
  readonly fn: () => void
  /** Operations per call of `fn` (default 1). */
  readonly batch?: number
  /** Name of the case this one is compared against. */
  readonly baseline?: string
}

export interface Row {
  readonly name: string
  readonly opsPerSec: number
  readonly p99Ms?: number
  readonly baseline?: string
  readonly ratio?: number
}

export const runSuite = async (suite: string, cases: ReadonlyArray<Case>, time = 1000): Promise<Row[]> => {
  const bench = new Bench({ time, warmup: true })
  for (const c of cases) bench.add(c.name, c.fn)
  await bench.run()
  const measured = new Map<string, { opsPerSec: number; p99Ms: number }>()
  for (const task of bench.tasks) {
    const r = task.result
    if (r.state !== "completed") throw new Error(`benchmark ${task.name} did not complete: ${r.state}`)
    const batch = cases.find((c) => c.name === task.name)?.batch ?? 1
    measured.set(task.name, { opsPerSec: r.throughput.mean * batch, p99Ms: r.latency.p99 / batch })
  }
  const rows: Row[] = cases.map((c) => {
    const m = measured.get(c.name) as { opsPerSec: number; p99Ms: number }
    const base = c.baseline === undefined ? undefined : measured.get(c.baseline)
    return {
      name: c.name,
      opsPerSec: Math.round(m.opsPerSec),
      p99Ms: Number(m.p99Ms.toPrecision(3)),
      ...(c.baseline === undefined || base === undefined
        ? {}
        : { baseline: c.baseline, ratio: Number((m.opsPerSec / base.opsPerSec).toFixed(3)) })
    }
  })
  writeResults(suite, rows)
  return rows
}

export const writeResults = (suite: string, rows: ReadonlyArray<Row>): void => {
  const dir = join(import.meta.dirname, "..", "results")
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, `${suite}.json`), `${JSON.stringify(rows, null, 2)}\n`)
  console.log(`\n${suite}`)
  console.table(rows)
}

/** Writes results/<suite>.json for a suite whose figures are not rates (one object per run). */
export const writeJson = (suite: string, rows: ReadonlyArray<Record<string, unknown>>): void => {
  const dir = join(import.meta.dirname, "..", "results")
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, `${suite}.json`), `${JSON.stringify(rows, null, 2)}\n`)
}
