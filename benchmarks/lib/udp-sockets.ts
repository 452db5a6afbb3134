// The local ports of this process's UDP sockets, from /proc (Linux): worker threads share the process's
// descriptors, so a relay with workers shows all its threads' sockets. Used by benchmarks/relay-storm.ts
// and the relay's storm test to count what the relay holds.
import { readdirSync, readFileSync, readlinkSync } from "node:fs"

/** The local port of each UDP socket (IPv4 and IPv6) this process has open. */
export const udpSocketPorts = (): Array<number> => {
  const inodes = new Set(
    readdirSync("/proc/self/fd").flatMap((fd) => {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1]
        return inode === undefined ? [] : [inode]
      } catch {
        return []
      }
    })
  )
  return ["/proc/self/net/udp", "/proc/self/net/udp6"].flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .slice(1)
      .flatMap((line) => {
        const cols = line.trim().split(/\s+/)
        return cols[9] !== undefined && inodes.has(cols[9])
          ? [Number.parseInt(cols[1]?.split(":")[1] ?? "", 16)]
          : []
      })
  )
}
