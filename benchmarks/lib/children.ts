// Child processes a benchmark starts, ended with it: on a normal exit, on an uncaught error, and on SIGINT /
// SIGTERM / SIGHUP (each child runs in its own process group, and the whole group is killed, so nothing a
// child started survives either). Children get a stdin pipe: one that also exits when its stdin ends (as
// lib/relay-peers.ts and the UDP sink do) goes away even when this process is SIGKILLed.
import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process"

const owned = new Set<ChildProcess>()

/** Kills every child still running (its whole process group), now. */
export const endChildren = (signal: NodeJS.Signals = "SIGKILL"): void => {
  for (const child of owned) {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, signal)
      } catch {
        child.kill(signal)
      }
    }
  }
  owned.clear()
}

let installed = false
const install = (): void => {
  if (installed) return
  installed = true
  process.once("exit", () => endChildren())
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129]
  ] as const)
    process.once(signal, () => {
      endChildren()
      process.exit(code)
    })
  process.once("uncaughtException", (e) => {
    endChildren()
    console.error(e)
    process.exit(1)
  })
  process.once("unhandledRejection", (e) => {
    endChildren()
    console.error(e)
    process.exit(1)
  })
}

/** `spawn`, with the child (and its process group) ended when this process ends, however it ends. */
export const spawnOwned = (
  command: string,
  args: ReadonlyArray<string>,
  options: Omit<SpawnOptions, "detached"> = {}
): ChildProcess => {
  install()
  const [, out = "pipe", err = "pipe"] = Array.isArray(options.stdio) ? options.stdio : []
  const child = spawn(command, [...args], { ...options, stdio: ["pipe", out, err], detached: true })
  owned.add(child)
  child.once("exit", () => owned.delete(child))
  return child
}

/**
 * A UDP sink in another process (the floor's receiver): binds 127.0.0.1 on any port and drops what it gets;
 * exits when its stdin ends, so it never outlives this process.
 */
export const startUdpSink = async (): Promise<{
  readonly port: number
  readonly pid: number
  readonly stop: () => Promise<void>
}> => {
  const sink = spawnOwned(process.execPath, [
    "-e",
    "const s=require('node:dgram').createSocket('udp4');s.on('message',()=>{});s.bind(0,'127.0.0.1',()=>console.log(s.address().port));process.stdin.on('end',()=>process.exit(0)).resume()"
  ])
  const port = await new Promise<number>((resolve, reject) => {
    sink.once("exit", (code) => reject(new Error(`the UDP sink exited (${code}) before binding`)))
    sink.stdout?.once("data", (d: Buffer) => resolve(Number(d.toString())))
  })
  return {
    port,
    pid: sink.pid ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        if (sink.exitCode !== null || sink.signalCode !== null) return resolve()
        sink.once("exit", () => resolve())
        sink.stdin?.end()
      })
  }
}
