// Shared by labels' batch test and benchmarks/labels.ts: how long a piece of work keeps the event
// loop from turning.

/**
 * Runs `f` while measuring the longest time between two turns of the event loop: on the wall clock,
 * and in CPU time of the main thread (`process.threadCpuUsage`), which does not count the time a
 * loaded machine keeps the process off its cores, only time the work kept the loop busy.
 */
export const longestStall = async <A>(
  f: () => Promise<A>
): Promise<{ readonly value: A; readonly wallMs: number; readonly cpuMs: number }> => {
  const cpu = () => {
    const u = process.threadCpuUsage()
    return (u.user + u.system) / 1000
  }
  let lastWall = performance.now()
  let lastCpu = cpu()
  let wallMs = 0
  let cpuMs = 0
  const timer = setInterval(() => {
    const w = performance.now()
    const c = cpu()
    wallMs = Math.max(wallMs, w - lastWall)
    cpuMs = Math.max(cpuMs, c - lastCpu)
    lastWall = w
    lastCpu = c
  }, 1)
  try {
    const value = await f()
    return { value, wallMs, cpuMs }
  } finally {
    clearInterval(timer)
  }
}
