// A benchmark's load-generator child process speaking JSON lines: stdout lines are events, stdin lines
// are commands. The child exits when its stdin ends, so closing stdin (or this process dying) ends it.
import { spawn } from "node:child_process"

export interface Child {
  /** Resolves with the next line whose `event` is `event` (seen after this call when `fresh`). */
  readonly next: (event: string, fresh?: boolean) => Promise<Record<string, unknown>>
  /** Sends one command line. */
  readonly send: (command: string) => void
  /**
   * Ends stdin and resolves when the child has exited (SIGKILL after `graceMs`, by default 5 s or
   * BENCH_CHILD_GRACE_MS: a profiled child, NODE_OPTIONS=--cpu-prof, needs longer to write its profile).
   */
  readonly stop: (graceMs?: number) => Promise<void>
}

const all = new Set<ReturnType<typeof spawn>>()
// A benchmark interrupted (Ctrl-C, timeout) ends its children too.
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    for (const p of all) p.kill("SIGKILL")
    process.exit(130)
  })
process.once("exit", () => {
  for (const p of all) p.kill("SIGKILL")
})

/** Starts `script` (a .ts file run by this Node) with `args` as its JSON argument. */
export const startChild = (script: string, args: unknown): Child => {
  const p = spawn(process.execPath, [script, JSON.stringify(args)], { stdio: ["pipe", "pipe", "inherit"] })
  all.add(p)
  const exited = new Promise<void>((resolve) =>
    p.once("exit", () => {
      all.delete(p)
      resolve()
    })
  )
  const lines: Array<Record<string, unknown>> = []
  const waiters: Array<() => void> = []
  let buf = ""
  p.stdout.on("data", (d: Buffer) => {
    buf += d.toString()
    for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
      lines.push(JSON.parse(buf.slice(0, i)) as Record<string, unknown>)
      buf = buf.slice(i + 1)
      for (const w of waiters.splice(0)) w()
    }
  })
  return {
    next: async (event, fresh = false) => {
      const from = fresh ? lines.length : 0
      for (;;) {
        const hit = lines.slice(from).find((l) => l["event"] === event)
        if (hit !== undefined) {
          lines.splice(lines.indexOf(hit), 1)
          return hit
        }
        if (p.exitCode !== null) throw new Error(`child ${script} exited (${p.exitCode}) before "${event}"`)
        await new Promise<void>((r) => {
          waiters.push(r)
          p.once("exit", r)
        })
      }
    },
    send: (command) => {
      p.stdin.write(`${command}\n`)
    },
    stop: async (graceMs = Number(process.env["BENCH_CHILD_GRACE_MS"] ?? 5_000)) => {
      p.stdin.end()
      const timer = setTimeout(() => p.kill("SIGKILL"), graceMs)
      await exited
      clearTimeout(timer)
    }
  }
}
