// A round-robin HTTP load balancer for tests: each request (page, form post, API call, SSE stream)
// goes to the next instance in turn, as a load balancer in front of several app instances would
// send them, so a browser driving the site through it meets every instance within one flow.
// The Host header is passed on unchanged: the apps see the balancer's origin (CSRF checks pass).
import { createServer, request } from "node:http"
import type { AddressInfo } from "node:net"

export interface Balancer {
  readonly url: string
  readonly port: number
  /** Requests sent to each instance so far, in the order of `ports`. */
  readonly served: ReadonlyArray<number>
  readonly close: () => Promise<void>
}

export const startBalancer = async (ports: ReadonlyArray<number>): Promise<Balancer> => {
  const served = ports.map(() => 0)
  let next = 0
  const server = createServer((req, res) => {
    const i = next
    next = (next + 1) % ports.length
    served[i] = (served[i] ?? 0) + 1
    const upstream = request(
      { host: "127.0.0.1", port: ports[i], method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        res.flushHeaders()
        answer.pipe(res)
      }
    )
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" })
      res.end()
    })
    // A page closed mid-stream (SSE): end the upstream request too.
    res.on("close", () => upstream.destroy())
    req.pipe(upstream)
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    served,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
