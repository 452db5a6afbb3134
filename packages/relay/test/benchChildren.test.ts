// `pnpm bench relay` used to leave its floor's UDP sink processes running after it exited (one per size,
// re-parented to init). The benchmark's children now go with it: here a stand-in benchmark starts the
// floor's sink and a child that ignores its stdin through benchmarks/lib/children.ts, then ends in each
// way a benchmark can end, and no child may be left.
import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it, onTestFinished } from "vitest"

const children = join(import.meta.dirname, "..", "..", "..", "benchmarks", "lib", "children.ts")

/** Alive and not a zombie waiting to be reaped. */
const alive = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"))
  } catch {
    return false
  }
}

const gone = async (pids: ReadonlyArray<number>, ms = 5_000): Promise<ReadonlyArray<number>> => {
  const deadline = Date.now() + ms
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  return pids.filter(alive)
}

/** Starts the stand-in benchmark; `then` is what it does once its children run. */
const bench = async (then: string) => {
  const script = `
    import { spawnOwned, startUdpSink } from ${JSON.stringify(children)}
    const sink = await startUdpSink()
    const stubborn = spawnOwned(process.execPath, ["-e", "setInterval(() => {}, 1000)"])
    console.log(JSON.stringify({ sink: sink.pid, stubborn: stubborn.pid }))
    setInterval(() => {}, 1000)
    ${then}
  `
  const driver = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "pipe"]
  })
  const pids = await new Promise<{ sink: number; stubborn: number }>((resolve, reject) => {
    let out = ""
    driver.stdout.on("data", (d: Buffer) => {
      out += d.toString()
      if (out.includes("\n")) resolve(JSON.parse(out) as { sink: number; stubborn: number })
    })
    driver.once("exit", (code) => reject(new Error(`the stand-in benchmark exited (${code}) early: ${out}`)))
  })
  onTestFinished(() => {
    for (const pid of [driver.pid ?? 0, pids.sink, pids.stubborn])
      try {
        process.kill(pid, "SIGKILL")
      } catch {
        // already gone
      }
  })
  expect([alive(pids.sink), alive(pids.stubborn)]).toEqual([true, true])
  return { driver, pids }
}

describe("a benchmark's child processes", () => {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
    it(`end when the benchmark is interrupted (${signal})`, async () => {
      const { driver, pids } = await bench("")
      driver.kill(signal)
      expect(await gone([pids.sink, pids.stubborn])).toEqual([])
    })

  it("end when the benchmark exits normally, or fails", async () => {
    const done = await bench("setTimeout(() => process.exit(0), 100)")
    expect(await gone([done.pids.sink, done.pids.stubborn])).toEqual([])
    const failed = await bench("setTimeout(() => { throw new Error('benchmark failed') }, 100)")
    expect(await gone([failed.pids.sink, failed.pids.stubborn])).toEqual([])
  })

  it("the floor's sink ends even when the benchmark is SIGKILLed (its stdin ends)", async () => {
    const { driver, pids } = await bench("")
    driver.kill("SIGKILL")
    expect(await gone([pids.sink])).toEqual([])
  })
})
