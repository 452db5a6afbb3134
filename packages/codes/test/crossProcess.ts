// Runs the redeem worker in several OS processes at once and collects what each got.
import { fork } from "node:child_process"
import { join } from "node:path"

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
