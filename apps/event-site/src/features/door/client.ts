/**
 * The door page's script. Works offline once loaded: a service worker keeps the page, this
 * script, the QR decoder and the door data. Tickets are checked on this device (the QR token's
 * Ed25519 signature with WebCrypto, typed short codes by their hash, or online with the server),
 * every admitted scan is queued in IndexedDB, and the queue is uploaded (`/door/sync`, the
 * ledger's offline sync) whenever the device is online; a ticket also used at another door comes
 * back as a conflict.
 */
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader"
import {
  canonicalCode,
  codeHash,
  type DoorData,
  importKeys,
  type Verdict,
  verifyScannedToken
} from "./token.ts"

interface Scan {
  readonly nonce: string
  readonly code: string
  readonly kind: string
  readonly at: number
  state: "queued" | "synced" | "conflict" | "rejected"
  detail?: string
}

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T
const connection = $("connection")
const verdictBox = $("verdict")
const syncStatus = $("sync-status")
const doorName = $<HTMLInputElement>("door-name")
const timeOf = (ms: number) =>
  new Date(ms).toLocaleTimeString("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZone: "UTC"
  })

// --- The queue (IndexedDB) -------------------------------------------------------------------
const openQueue = (): Promise<IDBDatabase> =>
  new Promise((resolve, reject) => {
    const request = indexedDB.open("door", 1)
    request.onupgradeneeded = () => request.result.createObjectStore("scans", { keyPath: "nonce" })
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
const queue = openQueue()
const tx = async <T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
  const db = await queue
  return new Promise((resolve, reject) => {
    const request = f(db.transaction("scans", mode).objectStore("scans"))
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}
const allScans = async (): Promise<Scan[]> =>
  (await tx("readonly", (s) => s.getAll() as IDBRequest<Scan[]>)).sort((a, b) => b.at - a.at)
const putScan = (scan: Scan) => tx("readwrite", (s) => s.put(scan))

const stateText = (scan: Scan): string =>
  scan.state === "queued"
    ? "Waiting to sync"
    : scan.state === "synced"
      ? "Synced"
      : `${scan.state === "conflict" ? "Conflict" : "Rejected"}: ${scan.detail ?? ""}`

const render = async () => {
  const rows = (await allScans()).map((scan) => {
    const tr = document.createElement("tr")
    for (const text of [`${scan.code} (${scan.kind})`, `${timeOf(scan.at)} UTC`, stateText(scan)]) {
      const td = document.createElement("td")
      td.textContent = text
      tr.append(td)
    }
    return tr
  })
  $("scans").replaceChildren(...rows)
}

// --- Door data -------------------------------------------------------------------------------
let data: DoorData | undefined
let keys: ReadonlyMap<number, CryptoKey> = new Map()
let revoked: ReadonlySet<string> = new Set()

const loadData = async () => {
  try {
    const response = await fetch("/door/data.json")
    if (!response.ok) throw new TypeError(`door data: ${response.status}`)
    data = (await response.json()) as DoorData
    keys = await importKeys(data.publicKeys)
    revoked = new Set(data.revoked)
  } catch {
    connection.textContent = "The door has no keys yet: open this page once while online and logged in."
  }
}

const showConnection = () => {
  if (data === undefined) return
  connection.textContent = navigator.onLine
    ? `Online · keys and revocations from ${timeOf(data.madeAt)} UTC`
    : `Offline · checking on this device (keys from ${timeOf(data.madeAt)} UTC); scans sync when back online`
}

const show = (verdict: Verdict, label: string) => {
  verdictBox.className = verdict.ok ? "ok" : "error"
  verdictBox.textContent = verdict.ok
    ? `Admit: ${label} ${verdict.id} (${verdict.kind})`
    : `Do not admit: ${verdict.reason}`
}

// --- Checking in -----------------------------------------------------------------------------
const checkIn = async (verdict: Verdict, label: string) => {
  if (verdict.ok) {
    const earlier = (await allScans()).find((s) => s.code === verdict.id)
    if (earlier !== undefined) {
      show({ ok: false, reason: `already checked in at this door at ${timeOf(earlier.at)} UTC.` }, label)
      return
    }
    await putScan({
      nonce: crypto.randomUUID(),
      code: verdict.id,
      kind: verdict.kind,
      at: Date.now(),
      state: "queued"
    })
    await render()
    void sync()
  }
  show(verdict, label)
}

const recent = new Map<string, number>()
const onQr = async (text: string) => {
  // The camera sees the same code many times a second: handle each once per 5 seconds.
  const seen = recent.get(text)
  if (seen !== undefined && Date.now() - seen < 5000) return
  recent.set(text, Date.now())
  if (data === undefined) return
  const verdict = await verifyScannedToken(text, {
    keys,
    event: data.event,
    kinds: data.kinds,
    revoked,
    now: Date.now()
  })
  await checkIn(verdict, "ticket")
}

const onTyped = async (typed: string): Promise<Verdict> => {
  const canonical = canonicalCode(typed)
  if (canonical === undefined)
    return { ok: false, reason: "that code has a character codes never use: read it again." }
  try {
    const response = await fetch("/door/code", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: typed })
    })
    const body = (await response.json()) as { id?: string; kind?: string; error?: { message: string } }
    if (response.ok && body.id !== undefined && body.kind !== undefined)
      return { ok: true, id: body.id, kind: body.kind }
    if (response.status !== 401) return { ok: false, reason: body.error?.message ?? "the code was refused." }
  } catch {
    // Offline: fall back to the codes this door downloaded.
  }
  const hash = await codeHash(canonical)
  const found = data?.codes.find(([h]) => h === hash)
  if (found === undefined)
    return { ok: false, reason: "not one of the codes this door knows (offline check)." }
  if (revoked.has(found[1])) return { ok: false, reason: "this ticket was revoked: send to the box office." }
  return { ok: true, id: found[1], kind: found[2] }
}

// --- Sync ------------------------------------------------------------------------------------
interface SyncReport {
  readonly accepted: ReadonlyArray<string>
  readonly duplicates: ReadonlyArray<string>
  readonly rejected: ReadonlyArray<{ nonce: string; code: string; reason: string }>
  readonly conflicts: ReadonlyArray<{
    code: string
    uses: ReadonlyArray<{ doorId: string; at: number; outcome: string; redemptionId: string }>
  }>
}

const SYNC_BATCH = 500
let syncing: Promise<void> | undefined
// Set when a sync is asked for while one runs: that run may have read the queue or failed before the
// reason for asking (a new scan, the `online` event) happened, so one more run follows it.
let askedAgain = false
const sync = (): Promise<void> => {
  if (syncing !== undefined) {
    askedAgain = true
    return syncing
  }
  syncing = (async () => {
    let more = false
    try {
      // Oldest first, in uploads of at most SYNC_BATCH (the server takes up to 1000 at once).
      const waiting = (await allScans()).filter((s) => s.state === "queued").reverse()
      const queued = waiting.slice(0, SYNC_BATCH)
      if (queued.length === 0) return
      const response = await fetch("/door/sync", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          doorId: doorName.value,
          scans: queued.map(({ nonce, code, at }) => ({ nonce, code, at }))
        })
      })
      if (!response.ok) {
        syncStatus.textContent =
          response.status === 401 ? "Log in again to sync." : `Sync failed (${response.status}).`
        return
      }
      const report = (await response.json()) as SyncReport
      let conflicts = 0
      let latest: Scan | undefined
      for (const scan of queued) {
        const conflict = report.conflicts.find((c) => c.code === scan.code)
        const rejected = report.rejected.find((r) => r.nonce === scan.nonce)
        if (conflict !== undefined) {
          conflicts++
          scan.state = "conflict"
          const others = conflict.uses.filter((u) => u.redemptionId !== scan.nonce)
          scan.detail = `also used at ${others.map((u) => `${u.doorId} at ${timeOf(u.at)} UTC`).join(", ")}`
          if (latest === undefined || scan.at > latest.at) latest = scan
        } else if (rejected !== undefined) {
          scan.state = "rejected"
          scan.detail = rejected.reason
        } else if (report.accepted.includes(scan.nonce) || report.duplicates.includes(scan.nonce)) {
          scan.state = "synced"
        }
        await putScan(scan)
      }
      if (latest !== undefined) {
        // Say it where staff look: the ticket was let in twice.
        verdictBox.className = "error"
        verdictBox.textContent = `Conflict: ${latest.code} was ${latest.detail ?? "used at another door"}.`
      }
      syncStatus.textContent = `Synced ${queued.length} ${queued.length === 1 ? "scan" : "scans"}${conflicts === 0 ? "" : `; ${conflicts} ${conflicts === 1 ? "conflict" : "conflicts"}`}.`
      await render()
      // Only after an upload went through: a failing server is not asked again in a loop.
      more = waiting.length > SYNC_BATCH
    } catch {
      syncStatus.textContent = "Offline: scans wait on this device."
    } finally {
      syncing = undefined
      const again = more || askedAgain
      askedAgain = false
      if (again) void sync()
    }
  })()
  return syncing
}

// --- Camera ----------------------------------------------------------------------------------
prepareZXingModule({
  overrides: {
    locateFile: (path: string, prefix: string) =>
      path.endsWith(".wasm") ? "/door/zxing_reader.wasm" : prefix + path
  }
})

const startCamera = async () => {
  const video = $<HTMLVideoElement>("camera")
  try {
    video.srcObject = await navigator.mediaDevices.getUserMedia({
      video: { width: 640, height: 480 },
      audio: false
    })
    await video.play()
  } catch {
    show({ ok: false, reason: "the camera could not start: type the short code instead." }, "")
    return
  }
  $<HTMLButtonElement>("camera-start").textContent = "Camera on"
  const canvas = document.createElement("canvas")
  const context = canvas.getContext("2d", { willReadFrequently: true })
  let busy = false
  setInterval(async () => {
    if (busy || context === null || video.videoWidth === 0) return
    busy = true
    try {
      canvas.width = video.videoWidth
      canvas.height = video.videoHeight
      context.drawImage(video, 0, 0)
      const image = context.getImageData(0, 0, canvas.width, canvas.height)
      const [found] = await readBarcodes(image, {
        formats: ["QRCode"],
        maxNumberOfSymbols: 1,
        tryHarder: true
      })
      if (found?.isValid === true) await onQr(found.text)
    } finally {
      busy = false
    }
  }, 250)
}

// --- Start -----------------------------------------------------------------------------------
doorName.value = localStorage.getItem("door-name") ?? `Door ${crypto.randomUUID().slice(0, 4).toUpperCase()}`
doorName.addEventListener("change", () => localStorage.setItem("door-name", doorName.value))
localStorage.setItem("door-name", doorName.value)
$("camera-start").addEventListener("click", () => void startCamera())
$("sync").addEventListener("click", () => void sync())
$<HTMLFormElement>("typed").addEventListener("submit", (event) => {
  event.preventDefault()
  const input = $<HTMLInputElement>("short-code")
  void onTyped(input.value).then(async (verdict) => {
    await checkIn(verdict, "code")
    if (verdict.ok) input.value = ""
  })
})
addEventListener("online", () => {
  showConnection()
  void loadData().then(showConnection)
  void sync()
})
addEventListener("offline", showConnection)

if ("serviceWorker" in navigator) void navigator.serviceWorker.register("/door/sw.js", { scope: "/door/" })
void loadData().then(async () => {
  showConnection()
  await render()
  if (navigator.onLine) await sync()
})
