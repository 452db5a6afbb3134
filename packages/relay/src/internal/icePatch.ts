// Trickle ICE and ICE restart on one session's werift peer connection (RFC 9725 §4.3), shared by the
// main thread and listener workers. Returns plain data (it crosses the worker boundary).
import { createHash } from "node:crypto"
import { Effect, Option } from "effect"
import type { RTCPeerConnection } from "werift"
import type { SdpFrag } from "../SdpFrag.ts"
import { formatSdpFrag } from "../SdpFrag.ts"
import { waitGathered } from "./peer.ts"

/** What a PATCH did: 204 (candidates added) or 200 with the relay's new ICE credentials and candidates. */
export type PatchOutcome =
  | { readonly ok: true; readonly etag: string; readonly fragment: string | undefined }
  | { readonly ok: false; readonly tag: "PreconditionFailed"; readonly received: string }
  | { readonly ok: false; readonly tag: "IceSessionMismatch"; readonly ufrag: string }
  | { readonly ok: false; readonly tag: "InvalidSdpFrag"; readonly line: number; readonly reason: string }
  | { readonly ok: false; readonly tag: "NegotiationFailed"; readonly reason: string }
  | { readonly ok: false; readonly tag: "SessionGone" }

/** Per-session ICE bookkeeping: remote ufrags restarted away from, and a queue so PATCHes apply in order. */
export interface IceState {
  readonly id: string
  readonly pc: RTCPeerConnection
  readonly stale: Set<string>
  queue: Promise<unknown>
}

export const makeIceState = (id: string, pc: RTCPeerConnection): IceState => ({
  id,
  pc,
  stale: new Set(),
  queue: Promise.resolve()
})

const attr = (sdp: string, name: string): string | undefined =>
  new RegExp(`^a=${name}:(\\S+)`, "m").exec(sdp)?.[1]

/**
 * The entity tag of a session's current ICE session: a digest of the session id and the relay's local
 * ICE credentials, so it changes on every ICE restart and tells nothing about them.
 */
export const etagOf = (id: string, localSdp: string): string => {
  const digest = createHash("sha256")
    .update(`${id}\n${attr(localSdp, "ice-ufrag") ?? ""}\n${attr(localSdp, "ice-pwd") ?? ""}`)
    .digest("base64url")
  return `"${digest.slice(0, 22)}"`
}

/** True when an If-Match header value names `etag` (a list of entity tags; weak tags compare by value). */
const matches = (ifMatch: string, etag: string): boolean =>
  ifMatch
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .includes(etag)

const sections = (sdp: string) =>
  sdp
    .split(/\r?\n/)
    .reduce<Array<{ mLine: string; mid: string | undefined; lines: string[] }>>((acc, line) => {
      if (line.startsWith("m=")) acc.push({ mLine: line.slice(2), mid: undefined, lines: [] })
      else {
        const last = acc[acc.length - 1]
        if (last !== undefined) {
          last.lines.push(line)
          if (line.startsWith("a=mid:")) last.mid = line.slice(6).trim()
        }
      }
      return acc
    }, [])

/** Did ICE gathering complete within `ms`? */
const gathered = (pc: RTCPeerConnection, ms: number): Promise<boolean> =>
  Effect.runPromise(waitGathered(pc).pipe(Effect.timeoutOption(ms), Effect.map(Option.isSome)))

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e))

/**
 * werift nominates a pair only when its remote candidate's `generation` equals werift's own count of ICE
 * restarts, a number the far end keeps on its own (Chrome's happened to match in the tests); candidates
 * without it always qualify. The extension is informational (not in RFC 8839's grammar), so drop it.
 */
const withoutGeneration = (candidate: string) => candidate.replace(/ generation \d+/, "")

/**
 * Adds the fragment's candidates and end-of-candidates markers to the peer connection. `honourEnd`
 * false skips end-of-candidates (see restart).
 */
const trickle = async (
  pc: RTCPeerConnection,
  frag: SdpFrag,
  honourEnd = true
): Promise<PatchOutcome | undefined> => {
  const remote = pc.remoteDescription?.sdp ?? ""
  const mids = sections(remote).map((s) => s.mid)
  for (const m of frag.media) {
    const mid = m.mid ?? mids[m.mLineIndex]
    if (mid === undefined || !mids.includes(mid))
      return {
        ok: false,
        tag: "InvalidSdpFrag",
        line: 0,
        reason:
          m.mid === undefined
            ? `the session has no media section number ${m.mLineIndex + 1} for these candidates`
            : `a=mid:${m.mid} is not a media section of this session (it has ${mids.map((x) => `'${x}'`).join(", ")})`
      }
    for (const candidate of m.candidates) {
      try {
        await pc.addIceCandidate({ candidate: withoutGeneration(candidate), sdpMid: mid })
      } catch (e) {
        return {
          ok: false,
          tag: "InvalidSdpFrag",
          line: 0,
          reason: `the candidate '${candidate}' cannot be used (${errorText(e)})`
        }
      }
    }
    if (m.endOfCandidates && honourEnd) await pc.addIceCandidate({ candidate: "", sdpMid: mid })
  }
  if (frag.endOfCandidates && honourEnd) await pc.addIceCandidate(null)
  return undefined
}

/**
 * Restarts ICE on the answering side: applies the current remote offer again with the new ufrag/pwd
 * (werift restarts the ICE agent when the remote credentials change and makes new local ones), answers,
 * gathers, and starts the connectivity checks. werift's own connect() skips transports whose DTLS is
 * already connected, so after a restart the checks would never run: start them here. The client's
 * end-of-candidates is not applied on a restart: the relay's checks start before the client has the
 * relay's new credentials (they are in this PATCH's response), so they fail at first, and with
 * end-of-candidates werift would give the new ICE session up at once; without it werift keeps going
 * and the client's own checks (triggered checks, nomination) complete it. Verified with Chromium.
 */
const restart = async (
  state: IceState,
  frag: SdpFrag & { readonly ufrag: string; readonly pwd: string },
  gatherTimeoutMs: number
): Promise<PatchOutcome> => {
  const { pc } = state
  const current = pc.remoteDescription?.sdp ?? ""
  const reoffer = current
    .split(/\r?\n/)
    .filter((l) => !l.startsWith("a=candidate:") && l !== "a=end-of-candidates")
    .map((l) =>
      l.startsWith("a=ice-ufrag:")
        ? `a=ice-ufrag:${frag.ufrag}`
        : l.startsWith("a=ice-pwd:")
          ? `a=ice-pwd:${frag.pwd}`
          : l
    )
    .join("\r\n")
  const old = attr(current, "ice-ufrag")
  try {
    await pc.setRemoteDescription({ type: "offer", sdp: reoffer })
    await pc.setLocalDescription(await pc.createAnswer())
  } catch (e) {
    return { ok: false, tag: "NegotiationFailed", reason: `ICE restart failed (${errorText(e)})` }
  }
  if (old !== undefined) state.stale.add(old)
  if (!(await gathered(pc, gatherTimeoutMs)))
    return {
      ok: false,
      tag: "NegotiationFailed",
      reason: "ICE gathering did not finish in time after the restart"
    }
  for (const d of pc.dtlsTransports)
    if (d.state === "connected" && d.iceTransport.getSelectedCandidatePair() === null)
      d.iceTransport.start().catch(() => {
        // The new ICE session failed: end the session like a failed connection.
        void pc.close().catch(() => undefined)
      })
  const added = await trickle(pc, frag, false)
  if (added !== undefined) return added
  const local = pc.localDescription?.sdp ?? ""
  const media = sections(local)
    .filter((s) => !/^\S+ 0 /.test(s.mLine))
    .map((s, i) => ({
      mLine: `${s.mLine.split(" ")[0] ?? "audio"} 9 UDP/TLS/RTP/SAVPF 0`,
      mid: s.mid,
      mLineIndex: i,
      candidates: s.lines.filter((l) => l.startsWith("a=candidate:")).map((l) => l.slice(2)),
      endOfCandidates: true
    }))
  return {
    ok: true,
    etag: etagOf(state.id, local),
    fragment: formatSdpFrag({
      ufrag: attr(local, "ice-ufrag"),
      pwd: attr(local, "ice-pwd"),
      media,
      endOfCandidates: false
    })
  }
}

const decide = async (
  state: IceState,
  frag: SdpFrag,
  ifMatch: string | undefined,
  gatherTimeoutMs: number
): Promise<PatchOutcome> => {
  const { pc } = state
  const etag = etagOf(state.id, pc.localDescription?.sdp ?? "")
  // an If-Match other than "*" names the current ICE session by its entity tag
  const claimed = ifMatch === undefined || ifMatch.trim() === "*" ? undefined : ifMatch
  if (claimed !== undefined && !matches(claimed, etag))
    return { ok: false, tag: "PreconditionFailed", received: claimed }
  const remote = pc.remoteDescription?.sdp ?? ""
  const ufrag = attr(remote, "ice-ufrag")
  const pwd = attr(remote, "ice-pwd")
  if (frag.ufrag === undefined || frag.ufrag === ufrag) {
    if (frag.pwd !== undefined && frag.pwd !== pwd)
      return { ok: false, tag: "IceSessionMismatch", ufrag: frag.ufrag ?? "" }
    const added = await trickle(pc, frag)
    return added ?? { ok: true, etag, fragment: undefined }
  }
  // New credentials: an ICE restart, unless they belong to an earlier ICE session or the request
  // claims the current ICE session by its entity tag (then they are simply the wrong ones).
  if (state.stale.has(frag.ufrag) || claimed !== undefined)
    return { ok: false, tag: "IceSessionMismatch", ufrag: frag.ufrag }
  if (frag.pwd === undefined)
    return { ok: false, tag: "InvalidSdpFrag", line: 0, reason: "a=ice-pwd is missing" }
  return restart(state, { ...frag, ufrag: frag.ufrag, pwd: frag.pwd }, gatherTimeoutMs)
}

/** Applies one PATCH to a session, after any PATCH still in progress on it. */
export const applyPatch = (
  state: IceState,
  frag: SdpFrag,
  ifMatch: string | undefined,
  gatherTimeoutMs: number
): Promise<PatchOutcome> => {
  const next = state.queue.then(() =>
    decide(state, frag, ifMatch, gatherTimeoutMs).catch(
      (e: unknown): PatchOutcome => ({ ok: false, tag: "NegotiationFailed", reason: errorText(e) })
    )
  )
  state.queue = next
  return next
}
