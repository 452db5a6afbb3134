/**
 * The door's service worker (served as `/door/sw.js`, scope `/door/`): keeps the door page, its
 * script, the QR decoder and the door data in a cache, answers from the network when it can
 * (refreshing the cache) and from the cache when offline. Everything else — the sync and code
 * POSTs, other pages — passes through untouched.
 */

// The DOM lib types `self` as a Window; these are the few service worker types used here.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request
  respondWith(response: Promise<Response>): void
}
interface WorkerScope {
  readonly location: Location
  skipWaiting(): Promise<void>
  readonly clients: { claim(): Promise<void> }
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void
}
const worker = self as unknown as WorkerScope

const CACHE = "door-v1"
/** What the door needs offline. */
const OFFLINE = ["/door/", "/assets/door.js", "/door/zxing_reader.wasm", "/door/data.json"]

const store = async (cache: Cache, path: string, response: Response): Promise<void> => {
  // Only a page's own good answer: never a redirect to /login or an error.
  if (response.ok && !response.redirected && response.type === "basic") await cache.put(path, response)
}

worker.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE)
      await Promise.all(
        OFFLINE.map(async (path) => {
          const response = await fetch(path, { cache: "no-store" }).catch(() => undefined)
          if (response !== undefined) await store(cache, path, response)
        })
      )
      await worker.skipWaiting()
    })()
  )
})

worker.addEventListener("activate", (event) => {
  event.waitUntil(worker.clients.claim())
})

worker.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url)
  if (event.request.method !== "GET" || url.origin !== worker.location.origin) return
  const path = url.pathname
  if (!OFFLINE.includes(path)) return
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE)
      try {
        const response = await fetch(event.request)
        await store(cache, path, response.clone())
        return response
      } catch {
        const cached = await cache.match(path)
        if (cached !== undefined) return cached
        return new Response("Offline, and this door has not cached the page yet.", {
          status: 503,
          headers: { "content-type": "text/plain; charset=utf-8" }
        })
      }
    })()
  )
})
