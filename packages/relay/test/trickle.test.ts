// Trickle ICE and ICE restart by PATCH (RFC 9725 §4.3, RFC 8840 sdpfrag), with real werift peers whose
// offers carry no candidates; on the main thread and in a listener worker.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RunningRelay, startRelay } from "../src/promise.ts"
import { localRelay, PUBLISHER_SECRET, pass } from "./support/keys.ts"
import {
  connected,
  listen,
  localFragment,
  maxSeqStep,
  patch,
  publish,
  restartIce,
  trickleListen,
  tricklePublish,
  until
} from "./support/weriftPeer.ts"

let relay: RunningRelay
let workers: RunningRelay

beforeAll(async () => {
  relay = await startRelay({ ...localRelay, iceIpv6: false, iceTcp: false })
  workers = await startRelay({ ...localRelay, iceIpv6: false, iceTcp: false, workers: 1 })
})
afterAll(async () => {
  await relay.close()
  await workers.close()
})

const FRAG = "application/trickle-ice-sdpfrag"

describe.each([
  { mode: "main thread", get: () => relay },
  { mode: "listener worker", get: () => workers }
])("trickle ICE ($mode)", ({ mode, get }) => {
  const room = mode === "main thread" ? "t-main" : "t-worker"

  it("a WHEP listener that trickles its candidates by PATCH connects and plays; an ICE restart keeps it playing", async () => {
    const r = get()
    const pub = await publish(`${r.url}/whip/${room}`, PUBLISHER_SECRET)
    await connected(pub.pc)
    pub.start()
    const token = pass({ room, pass: `${room}-trickler` })
    const l = await trickleListen(`${r.url}/whep/${room}`, token)
    expect(l.response.status).toBe(201)
    expect(l.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/)
    expect(l.response.headers.get("accept-patch")).toBe(FRAG)
    // The candidates first, then end-of-candidates in a second PATCH.
    const first = await patch(l.url, token, localFragment(l.pc, false), { "If-Match": l.etag })
    expect(first.status).toBe(204)
    expect(first.headers.get("etag")).toBe(l.etag)
    const mid = /^a=mid:(\S+)/m.exec(l.pc.localDescription?.sdp ?? "")?.[1]
    const end = await patch(
      l.url,
      token,
      `m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:${mid}\r\na=end-of-candidates\r\n`,
      {
        "If-Match": l.etag
      }
    )
    expect(end.status).toBe(204)
    await connected(l.pc)
    await until(() => l.packets() > 25, 10_000, "packets at the trickling listener")

    // ICE restart: new ufrag/pwd from the client, new ones (and a new ETag) from the relay.
    const restarted = await restartIce(l, token)
    expect(restarted.response.status).toBe(200)
    expect(restarted.response.headers.get("content-type")).toBe(FRAG)
    const etag2 = restarted.response.headers.get("etag")
    expect(etag2).not.toBe(l.etag)
    expect(restarted.body).toMatch(/^a=ice-ufrag:/m)
    expect(restarted.body).toMatch(/^a=candidate:/m)
    expect(restarted.body).toMatch(/^a=end-of-candidates/m)
    const before = l.packets()
    await until(() => l.packets() > before + 50, 10_000, "packets after the ICE restart")

    // The old ETag names an ICE session that is gone: 412. Candidates of the old ICE session: 409.
    const stale = await patch(l.url, token, localFragment(l.pc), { "If-Match": l.etag })
    expect(stale.status).toBe(412)
    expect(await stale.text()).toContain("If-Match")
    await l.pc.close()
    await pub.stop()
  })

  it("a WHIP publisher that trickles its candidates by PATCH publishes to listeners", async () => {
    const r = get()
    const track = `${room}-pub`
    const p = await tricklePublish(`${r.url}/whip/${track}`, PUBLISHER_SECRET)
    const sent = await patch(p.url, PUBLISHER_SECRET, localFragment(p.pc), { "If-Match": p.etag })
    expect(sent.status).toBe(204)
    await connected(p.pc)
    const l = await listen(`${r.url}/whep/${track}`, pass({ room: track, pass: `${track}-l` }))
    await until(() => l.packets() > 25, 10_000, "packets from the trickling publisher")
    // A publisher's ICE restart: the relay applies the offer again, and must not forward twice.
    const restarted = await restartIce(p, PUBLISHER_SECRET)
    expect(restarted.response.status).toBe(200)
    const before = l.packets()
    await until(() => l.packets() > before + 50, 10_000, "packets after the publisher's ICE restart")
    const after = l.seqs.slice(before)
    expect(new Set(after).size).toBe(after.length)
    // No stall across the restart: at most 4 packets (80 ms) missing in a row. Loopback UDP drops a
    // few datagrams on a loaded 2-core machine (CI saw a step of 4); a stalled stream loses hundreds.
    expect(maxSeqStep(l.seqs)).toBeLessThanOrEqual(5)
    await Promise.all([l.close(), p.stop()])
  })
})

describe("PATCH refusals", () => {
  it("answers 401/403/404 like DELETE, 415 to another media type, 400 to a bad fragment, 409 to a stale ICE session", async () => {
    const token = pass({ room: "t-refuse", pass: "owner" })
    const pub = await publish(`${relay.url}/whip/t-refuse`, PUBLISHER_SECRET)
    await connected(pub.pc)
    pub.start()
    const l = await trickleListen(`${relay.url}/whep/t-refuse`, token)
    const body = localFragment(l.pc)
    const preflight = await fetch(l.url, { method: "OPTIONS" })
    expect(preflight.headers.get("accept-patch")).toBe(FRAG)
    expect(preflight.headers.get("access-control-allow-methods")).toContain("PATCH")
    expect(preflight.headers.get("access-control-allow-headers")).toContain("If-Match")
    expect(l.response.headers.get("access-control-expose-headers")).toContain("ETag")

    expect((await fetch(l.url, { method: "PATCH", headers: { "Content-Type": FRAG }, body })).status).toBe(
      401
    )
    const thief = await patch(l.url, pass({ room: "t-refuse", pass: "thief" }), body)
    expect(thief.status).toBe(403)
    expect((await patch(`${relay.url}/sessions/nope`, token, body)).status).toBe(404)

    const json = await fetch(l.url, {
      method: "PATCH",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: "{}"
    })
    expect(json.status).toBe(415)
    expect(await json.text()).toContain(FRAG)

    const junk = await patch(l.url, token, "a=ice-ufrag:abcd\r\nhello world\r\n")
    expect(junk.status).toBe(400)
    expect(await junk.text()).toContain("line 2")
    const badCandidate = await patch(
      l.url,
      token,
      "m=audio 9 RTP/AVP 0\r\na=mid:0\r\na=candidate:1 1 udp x\r\n"
    )
    expect(badCandidate.status).toBe(400)
    expect(await badCandidate.text()).toContain("line 3")
    const unknownMid = await patch(l.url, token, body.replace(/^a=mid:\S+/m, "a=mid:nine"))
    expect(unknownMid.status).toBe(400)
    expect(await unknownMid.text()).toContain("a=mid:nine")
    const empty = await patch(l.url, token, "")
    expect(empty.status).toBe(400)

    expect((await patch(l.url, token, body, { "If-Match": '"not-the-etag"' })).status).toBe(412)
    // New credentials while naming the current ICE session by its ETag: the wrong ICE session, 409.
    const other = body
      .replace(/^a=ice-ufrag:\S+/m, "a=ice-ufrag:zzzz")
      .replace(/^a=ice-pwd:\S+/m, "a=ice-pwd:zzzzzzzzzzzzzzzzzzzzzz")
    const conflict = await patch(l.url, token, other, { "If-Match": l.etag })
    expect(conflict.status).toBe(409)
    expect((await patch(l.url, token, body, { "If-Match": l.etag })).status).toBe(204)
    await connected(l.pc)

    // After a restart the first ICE session's credentials are stale: 409.
    const restarted = await restartIce(l, token)
    expect(restarted.response.status).toBe(200)
    const old = await patch(l.url, token, body)
    expect(old.status).toBe(409)
    expect(await old.text()).toContain("not this session's current ICE session")
    const stats = await relay.stats()
    expect(stats.refused["409"]).toBeGreaterThanOrEqual(2)
    await l.pc.close()
    await pub.stop()
  })
})
