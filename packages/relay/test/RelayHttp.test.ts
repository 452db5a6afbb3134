import { generateTokenKeyPair, signToken } from "@microdrop/codes"
// Every WHIP/WHEP error status, with its readable body, over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { MediaStreamTrack, RTCPeerConnection, useOPUS } from "werift"
import { type RunningRelay, startRelay } from "../src/promise.ts"
import { localRelay, PUBLISHER_SECRET, pass, passKinds, publicKeys } from "./support/keys.ts"
import { listen, publish } from "./support/weriftPeer.ts"

let relay: RunningRelay
let refusing: RunningRelay
let offer: string

const post = (url: string, body: string, headers: Record<string, string>) =>
  fetch(url, { method: "POST", headers, body })
const sdp = (token: string) => ({ "Content-Type": "application/sdp", Authorization: `Bearer ${token}` })

beforeAll(async () => {
  const base = localRelay
  relay = await startRelay({ ...base, rooms: { main: ["mix", "binaural"] } })
  refusing = await startRelay({
    ...base,
    takeover: "refuse",
    seatPolicy: "refuse",
    rooms: { main: ["main"] }
  })
  const pc = new RTCPeerConnection({ codecs: { audio: [useOPUS()], video: [] }, iceServers: [] })
  pc.addTransceiver(new MediaStreamTrack({ kind: "audio" }), { direction: "sendonly" })
  await pc.setLocalDescription(await pc.createOffer())
  offer = pc.localDescription?.sdp ?? ""
  await pc.close()
})
afterAll(async () => {
  await relay.close()
  await refusing.close()
})

describe("WHIP/WHEP error statuses", () => {
  it("answers 415 to an offer that is not application/sdp", async () => {
    const r = await post(`${relay.url}/whip/main/mix`, offer, {
      "Content-Type": "application/json",
      Authorization: `Bearer ${PUBLISHER_SECRET}`
    })
    expect(r.status).toBe(415)
    expect(await r.text()).toContain("Content-Type: application/sdp")
  })

  it("answers 400 to an empty or malformed offer, and to one without Opus", async () => {
    const empty = await post(`${relay.url}/whip/main/mix`, "", sdp(PUBLISHER_SECRET))
    expect(empty.status).toBe(400)
    const junk = await post(`${relay.url}/whip/main/mix`, "hello", sdp(PUBLISHER_SECRET))
    expect(junk.status).toBe(400)
    expect(await junk.text()).toContain("v=0")
    const noOpus = await post(
      `${relay.url}/whip/main/mix`,
      offer.replace(/opus/gi, "PCMU"),
      sdp(PUBLISHER_SECRET)
    )
    expect(noOpus.status).toBe(400)
    expect(await noOpus.text()).toContain("Opus")
  })

  it("answers 401 to a publisher without or with a wrong secret", async () => {
    const none = await post(`${relay.url}/whip/main/mix`, offer, { "Content-Type": "application/sdp" })
    expect(none.status).toBe(401)
    expect(none.headers.get("www-authenticate")).toContain("Bearer")
    const wrong = await post(`${relay.url}/whip/main/mix`, offer, sdp("not-the-secret"))
    expect(wrong.status).toBe(401)
    expect(await wrong.text()).toContain("publisher secret")
  })

  it("answers 401 to a listener with a badly signed, malformed or expired pass", async () => {
    const good = pass({ kind: "mix" })
    const tampered = `${good.slice(0, -4)}AAAA`
    const bad = await post(`${relay.url}/whep/main`, offer, sdp(tampered))
    expect(bad.status).toBe(401)
    expect(bad.headers.get("www-authenticate")).toContain('error="invalid_token"')
    expect(await bad.text()).toContain("signature")
    const malformed = await post(`${relay.url}/whep/main`, offer, sdp("nonsense"))
    expect(malformed.status).toBe(401)
    const expired = await post(`${relay.url}/whep/main`, offer, sdp(pass({ kind: "mix", exp: 1_000_000 })))
    expect(expired.status).toBe(401)
    expect(await expired.text()).toContain("expired")
    const otherIssuer = signToken(
      { id: "x", event: "main", kind: "mix", nbf: 0, exp: 2_000_000_000 },
      generateTokenKeyPair(7).privateKey
    )
    const unknownKey = await post(`${relay.url}/whep/main`, offer, sdp(otherIssuer))
    expect(unknownKey.status).toBe(401)
    expect(await unknownKey.text()).toContain("signed with a key this relay does not have (key 7")
  })

  it("answers 403 to a pass for another room or track", async () => {
    const otherRoom = await post(`${relay.url}/whep/main`, offer, sdp(pass({ room: "other", kind: "mix" })))
    expect(otherRoom.status).toBe(403)
    expect(await otherRoom.text()).toContain("room 'other'")
    const otherTrack = await post(`${relay.url}/whep/main/binaural`, offer, sdp(pass({ kind: "mix" })))
    expect(otherTrack.status).toBe(403)
    const otherKind = await post(`${relay.url}/whep/main`, offer, sdp(pass({ kind: "ga" })))
    expect(otherKind.status).toBe(403)
    expect(await otherKind.text()).toContain("passes of kind 'ga' do not open this relay")
  })

  it("answers 404 to an unknown room, track, session or path", async () => {
    const room = await post(`${relay.url}/whep/nowhere`, offer, sdp(pass({ room: "nowhere" })))
    expect(room.status).toBe(404)
    expect(await room.text()).toContain("nowhere")
    const track = await post(`${relay.url}/whep/main/stems`, offer, sdp(pass({ kind: "stems" })))
    expect(track.status).toBe(404)
    const session = await fetch(`${relay.url}/sessions/abc`, {
      method: "DELETE",
      headers: { Authorization: "Bearer x" }
    })
    expect(session.status).toBe(404)
    expect((await fetch(`${relay.url}/nope`)).status).toBe(404)
  })

  it("answers 405 with Allow to a method an endpoint does not take", async () => {
    const r = await fetch(`${relay.url}/whip/main`)
    expect(r.status).toBe(405)
    expect(r.headers.get("allow")).toBe("POST, OPTIONS")
  })

  it("lets only the creating credential PATCH or DELETE a session", async () => {
    const mine = pass({ pass: "owner", kind: "mix" })
    const l = await listen(`${relay.url}/whep/main/mix`, mine)
    const url = `${relay.url}${l.location}`
    const noAuth = await fetch(url, { method: "DELETE" })
    expect(noAuth.status).toBe(401)
    const other = await fetch(url, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${pass({ pass: "thief", kind: "mix" })}` }
    })
    expect(other.status).toBe(403)
    const strangerPatch = await fetch(url, {
      method: "PATCH",
      headers: {
        Authorization: `Bearer ${pass({ pass: "thief", kind: "mix" })}`,
        "Content-Type": "application/trickle-ice-sdpfrag"
      },
      body: "a=end-of-candidates\r\n"
    })
    expect(strangerPatch.status).toBe(403)
    // The owner may PATCH (trickle ICE); an empty fragment is a 400 that says why.
    const patch = await fetch(url, {
      method: "PATCH",
      headers: { Authorization: `Bearer ${mine}`, "Content-Type": "application/trickle-ice-sdpfrag" },
      body: ""
    })
    expect(patch.status).toBe(400)
    expect(await patch.text()).toContain("no ICE credentials, candidates or end-of-candidates")
    const del = await fetch(url, { method: "DELETE", headers: { Authorization: `Bearer ${mine}` } })
    expect(del.status).toBe(200)
    expect(
      (await fetch(url, { method: "DELETE", headers: { Authorization: `Bearer ${mine}` } })).status
    ).toBe(404)
    await l.close()
  })

  it("answers 409 to a second publisher when takeovers are refused", async () => {
    const first = await publish(`${refusing.url}/whip/main`, PUBLISHER_SECRET)
    expect(first.response.status).toBe(201)
    const second = await post(`${refusing.url}/whip/main`, offer, sdp(PUBLISHER_SECRET))
    expect(second.status).toBe(409)
    expect(await second.text()).toContain("already has a publisher")
    await first.stop()
  })

  it("answers 409 to a pass over its seat cap when extra seats are refused", async () => {
    const token = pass({ pass: "one-seat", kind: "main-solo" })
    const a = await listen(`${refusing.url}/whep/main`, token)
    expect(a.response.status).toBe(201)
    const b = await post(`${refusing.url}/whep/main`, offer, sdp(token))
    expect(b.status).toBe(409)
    expect(await b.text()).toContain("one-seat")
    await a.close()
  })

  it("answers 413 to an oversized body", async () => {
    const r = await post(
      `${relay.url}/whip/main/mix`,
      `v=0\r\n${"a=x\r\n".repeat(20_000)}`,
      sdp(PUBLISHER_SECRET)
    )
    expect(r.status).toBe(413)
  })

  it("answers OPTIONS with CORS and Accept-Post for browser players", async () => {
    const r = await fetch(`${relay.url}/whep/main`, {
      method: "OPTIONS",
      headers: { Origin: "https://example.org" }
    })
    expect(r.status).toBe(204)
    expect(r.headers.get("access-control-allow-origin")).toBe("*")
    expect(r.headers.get("access-control-allow-headers")).toContain("Authorization")
    expect(r.headers.get("access-control-expose-headers")).toContain("Location")
    expect(r.headers.get("accept-post")).toBe("application/sdp")
  })

  it("ends a session whose peer never connects after connectTimeoutMs", async () => {
    const quick = await startRelay({
      port: 0,
      host: "127.0.0.1",
      publicKeys,
      passKinds,
      publisherSecret: PUBLISHER_SECRET,
      connectTimeoutMs: 1000
    })
    try {
      // A WHIP POST whose answer is never applied: the relay must not keep the peer connection forever.
      const r = await post(`${quick.url}/whip/main`, offer, sdp(PUBLISHER_SECRET))
      expect(r.status).toBe(201)
      const location = r.headers.get("location")
      expect((await quick.stats()).tracks.find((t) => t.room === "main")?.publishing).toBe(true)
      await new Promise((resolve) => setTimeout(resolve, 1500))
      const gone = await fetch(`${quick.url}${location}`, {
        method: "DELETE",
        headers: { Authorization: `Bearer ${PUBLISHER_SECRET}` }
      })
      expect(gone.status).toBe(404)
      expect((await quick.stats()).tracks.find((t) => t.room === "main")?.publishing).toBe(false)
    } finally {
      await quick.close()
    }
  })

  it("counts refusals by status", async () => {
    const stats = await relay.stats()
    expect(stats.refused["401"]).toBeGreaterThan(0)
    expect(stats.refused["415"]).toBe(1)
  })
})
