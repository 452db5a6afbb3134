// Runs the redeem worker in several OS processes at once and collects what each got.
import { fork } from "node:child_process"
import { join } from "node:path"
import { expect } from "vitest"

export interface WorkerResult {
  readonly ok: boolean
  readonly use?: number
  readonly tag?: string
}

export const redeemFromProcesses = (
  store: "postgres" | "redis",
  url: string,
  namespace: string,
  code: string,
  processes: number,
  perProcess: number
): Promise<ReadonlyArray<WorkerResult>> =>
  Promise.all(
    Array.from(
      { length: processes },
      (_, p) =>
        new Promise<ReadonlyArray<WorkerResult>>((resolve, reject) => {
          const child = fork(
            join(import.meta.dirname, "fixtures", "redeemWorker.mjs"),
            [store, url, namespace, code, String(perProcess), `p${p}`],
            { stdio: ["ignore", "inherit", "inherit", "ipc"] }
          )
          let got: ReadonlyArray<WorkerResult> | undefined
          child.on("message", (m) => {
            got = m as ReadonlyArray<WorkerResult>
          })
          child.on("error", reject)
          child.on("exit", (code) =>
            got !== undefined
              ? resolve(got)
              : reject(new Error(`worker ${p} exited with ${code} and no result`))
          )
        })
    )
  ).then((all) => all.flat())

/** The ledger methods the cross-process check reads. */
interface LedgerView {
  readonly history: (code: string) => Promise<ReadonlyArray<{ readonly outcome: string }>>
  readonly status: (code: string) => Promise<{ readonly uses: number }>
}

/**
 * Asserts the outcome of `redeemFromProcesses` on a code issued with `maxUses`: exactly uses 1..maxUses
 * succeeded, every other attempt failed as already redeemed, and the history holds every attempt.
 */
export const expectExactlyOnceAcrossProcesses = async (
  ledger: LedgerView,
  code: string,
  maxUses: number,
  results: ReadonlyArray<WorkerResult>
): Promise<void> => {
  expect(
    results
      .filter((r) => r.ok)
      .map((r) => r.use)
      .sort((a, b) => (a ?? 0) - (b ?? 0))
  ).toEqual(Array.from({ length: maxUses }, (_, i) => i + 1))
  expect(new Set(results.filter((r) => !r.ok).map((r) => r.tag))).toEqual(new Set(["CodeAlreadyRedeemed"]))
  const history = await ledger.history(code)
  expect(history).toHaveLength(results.length)
  expect(history.filter((a) => a.outcome === "redeemed")).toHaveLength(maxUses)
  expect((await ledger.status(code)).uses).toBe(maxUses)
}
