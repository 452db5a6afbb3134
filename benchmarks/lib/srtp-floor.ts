// The SRTP floor of a relay benchmark: what forwarding must cost at least — SRTP-protect (AES-128-CM +
// HMAC-SHA1-80, node:crypto) and send (one UDP socket, to a sink in another process) one 120-byte Opus
// packet per listener every 20 ms, each listener with its own key, SSRC and sequence. Measured in the
// same run as the relay it is compared with (benchmarks/relay.ts, benchmarks/relay-storm.ts).
import { createCipheriv, createHmac, randomBytes } from "node:crypto"
import { createSocket } from "node:dgram"
import { performance } from "node:perf_hooks"
import { startUdpSink } from "./children.ts"
import { percentile } from "./stats.ts"

const PAYLOAD = 120

const cpuMicros = () => {
  const u = process.cpuUsage()
  return u.user + u.system
}

/** CPU per listener-packet (µs) and the time one 20 ms burst to all listeners takes (p50/p99, ms). */
export interface SrtpFloor {
  readonly usPerPacket: number
  readonly p50: number
  readonly p99: number
}

/** Protects and sends a packet to each of `n` listeners every 20 ms for `ms`, and measures it. */
export const measureSrtpFloor = async (n: number, ms: number): Promise<SrtpFloor> => {
  // The sink used to wait for a stdin 'end' it never got (stdin was never read), and outlived the run.
  const sink = await startUdpSink()
  const port = sink.port
  const socket = createSocket("udp4")
  const legs = Array.from({ length: n }, () => ({
    key: randomBytes(16),
    salt: randomBytes(14),
    auth: randomBytes(20),
    ssrc: randomBytes(4).readUInt32BE(0),
    seq: 0
  }))
  const payload = Buffer.alloc(PAYLOAD, 0x5a)
  const roc = Buffer.alloc(4)
  let ts = 0
  const burst = () => {
    for (const l of legs) {
      const header = Buffer.alloc(12)
      header[0] = 0x80
      header[1] = 111
      header.writeUInt16BE(l.seq & 0xffff, 2)
      header.writeUInt32BE(ts >>> 0, 4)
      header.writeUInt32BE(l.ssrc, 8)
      const iv = Buffer.alloc(16)
      l.salt.copy(iv, 0)
      iv.writeUInt32BE((iv.readUInt32BE(4) ^ l.ssrc) >>> 0, 4)
      iv.writeUInt16BE(iv.readUInt16BE(12) ^ (l.seq & 0xffff), 12)
      const cipher = createCipheriv("aes-128-ctr", l.key, iv)
      const enc = Buffer.concat([cipher.update(payload), cipher.final()])
      const tag = createHmac("sha1", l.auth).update(header).update(enc).update(roc).digest().subarray(0, 10)
      socket.send(Buffer.concat([header, enc, tag]), port, "127.0.0.1")
      l.seq++
    }
    ts += 960
  }
  const lat: number[] = []
  let bursts = 0
  for (let i = 0; i < 50; i++) burst() // warm up
  const c0 = cpuMicros()
  await new Promise<void>((resolve) => {
    const start = performance.now()
    const timer = setInterval(() => {
      const t = performance.now()
      burst()
      lat.push(performance.now() - t)
      bursts++
      if (t - start > ms) {
        clearInterval(timer)
        resolve()
      }
    }, 20)
  })
  const c1 = cpuMicros()
  socket.close()
  await sink.stop()
  return { usPerPacket: (c1 - c0) / (bursts * n), p50: percentile(lat, 0.5), p99: percentile(lat, 0.99) }
}
