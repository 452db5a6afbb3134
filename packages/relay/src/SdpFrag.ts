/**
 * Trickle ICE fragments (RFC 8840 `application/trickle-ice-sdpfrag`), the body of WHIP/WHEP `PATCH`
 * requests (RFC 9725 §4.3): ICE credentials, candidates and end-of-candidates, grouped by media section.
 * Pure functions: parse with a readable reason per line, and format back.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import { InvalidSdpFrag } from "./errors.ts"

/**
 * The media type of a trickle ICE fragment.
 *
 * @category constants
 * @since 0.1.0
 */
export const SDPFRAG_MEDIA_TYPE = "application/trickle-ice-sdpfrag"

/**
 * One media section of a fragment: the candidates for one m-line (identified by `a=mid`, or by its
 * position when it has none).
 *
 * @category models
 * @since 0.1.0
 */
export interface SdpFragMedia {
  /** The m-line's value after "m=" (e.g. "audio 9 UDP/TLS/RTP/SAVPF 0"); undefined for candidates sent without an m-line. */
  readonly mLine: string | undefined
  /** The `a=mid` of the section, when given. */
  readonly mid: string | undefined
  /** The section's position among the fragment's m-lines (0 for candidates without an m-line). */
  readonly mLineIndex: number
  /** Candidate attributes as "candidate:<foundation> <component> …" (what `addIceCandidate` takes). */
  readonly candidates: ReadonlyArray<string>
  /** The section carried `a=end-of-candidates`. */
  readonly endOfCandidates: boolean
}

/**
 * A parsed trickle ICE fragment.
 *
 * @category models
 * @since 0.1.0
 */
export interface SdpFrag {
  /** `a=ice-ufrag` (session or media level), when given. */
  readonly ufrag: string | undefined
  /** `a=ice-pwd` (session or media level), when given. */
  readonly pwd: string | undefined
  /** Media sections, in order. */
  readonly media: ReadonlyArray<SdpFragMedia>
  /** A session-level `a=end-of-candidates` (before any m-line): gathering is complete for every section. */
  readonly endOfCandidates: boolean
}

const ICE_CHARS = /^[A-Za-z0-9+/]+$/
const CANDIDATE =
  /^candidate:([A-Za-z0-9+/]{1,32}) (\d{1,5}) ([A-Za-z0-9!#$%&'*+\-.^_`{|}~]+) (\d{1,10}) (\S+) (\d{1,5}) typ ([A-Za-z0-9\-_.]+)((?: \S+ \S+)*)$/

/**
 * Checks one candidate attribute value ("candidate:…", RFC 8839 §5.1 grammar).
 *
 * @param value - The attribute value, without "a=".
 * @returns undefined when valid, otherwise the rule it breaks.
 * @category parsing
 * @since 0.1.0
 */
export const candidateProblem = (value: string): string | undefined => {
  const m = CANDIDATE.exec(value)
  if (m === null)
    return "a candidate must read 'candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> [<name> <value>]…'"
  const component = Number(m[2])
  if (component < 1 || component > 256) return `the component id ${m[2]} is not 1-256`
  const priority = Number(m[4])
  if (priority > 0xffffffff) return `the priority ${m[4]} does not fit in 32 bits`
  const port = Number(m[6])
  if (port > 65535) return `the port ${m[6]} is above 65535`
  return undefined
}

interface Section {
  mLine: string | undefined
  mid: string | undefined
  mLineIndex: number
  candidates: string[]
  endOfCandidates: boolean
}

/**
 * Parses a trickle ICE fragment. Lines are `<letter>=<value>`, separated by CRLF or LF; attributes
 * other than ice-ufrag, ice-pwd, mid, candidate and end-of-candidates (e.g. `a=ice-options`,
 * `a=group`) are ignored.
 *
 * @param text - The PATCH body.
 * @returns The fragment, or `InvalidSdpFrag` naming the line and the rule.
 * @category parsing
 * @since 0.1.0
 */
export const parseSdpFrag = (text: string): Result.Result<SdpFrag, InvalidSdpFrag> => {
  const fail = (line: number, reason: string) => Result.fail(new InvalidSdpFrag({ line, reason }))
  let ufrag: string | undefined
  let pwd: string | undefined
  let sessionEnd = false
  const sections: Section[] = []
  let current: Section | undefined
  let mLines = 0
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ""
    const n = i + 1
    if (line === "") continue
    const typed = /^([a-z])=(.*)$/.exec(line)
    if (typed === null) return fail(n, `'${clip(line)}' is not an SDP line ('<letter>=<value>')`)
    const [, type, value = ""] = typed
    if (type === "m") {
      if (!/^[A-Za-z]+ \d+(?:\/\d+)? \S+(?: \S+)*$/.test(value))
        return fail(n, `'m=${clip(value)}' is not '<media> <port> <proto> <format>…'`)
      current = { mLine: value, mid: undefined, mLineIndex: mLines++, candidates: [], endOfCandidates: false }
      sections.push(current)
      continue
    }
    if (type !== "a") continue
    const colon = value.indexOf(":")
    const name = colon < 0 ? value : value.slice(0, colon)
    const arg = colon < 0 ? undefined : value.slice(colon + 1)
    switch (name) {
      case "ice-ufrag":
      case "ice-pwd": {
        const min = name === "ice-ufrag" ? 4 : 22
        if (arg === undefined || arg.length < min || arg.length > 256 || !ICE_CHARS.test(arg))
          return fail(n, `a=${name} must be ${min}-256 letters, digits, '+' or '/'`)
        const previous = name === "ice-ufrag" ? ufrag : pwd
        if (previous !== undefined && previous !== arg)
          return fail(n, `a=${name} differs from an earlier a=${name} in the same fragment`)
        if (name === "ice-ufrag") ufrag = arg
        else pwd = arg
        break
      }
      case "mid": {
        if (current === undefined || current.mLine === undefined)
          return fail(n, "a=mid must follow an m= line")
        if (arg === undefined || !/^[A-Za-z0-9!#$%&'*+\-.^_`{|}~]{1,32}$/.test(arg))
          return fail(n, "a=mid must be a token of 1-32 characters")
        if (current.mid !== undefined) return fail(n, "an m= section has at most one a=mid")
        current.mid = arg
        break
      }
      case "candidate": {
        const problem = candidateProblem(value)
        if (problem !== undefined) return fail(n, problem)
        if (current === undefined) {
          // Candidates without an m-line: they belong to the first (bundled) section.
          current = {
            mLine: undefined,
            mid: undefined,
            mLineIndex: 0,
            candidates: [],
            endOfCandidates: false
          }
          sections.push(current)
          mLines++
        }
        current.candidates.push(value)
        break
      }
      case "end-of-candidates":
        if (arg !== undefined) return fail(n, "a=end-of-candidates takes no value")
        if (current === undefined) sessionEnd = true
        else current.endOfCandidates = true
        break
      default:
        break
    }
  }
  if (ufrag === undefined && pwd !== undefined) return fail(0, "a=ice-pwd was sent without a=ice-ufrag")
  if (ufrag !== undefined && pwd === undefined) return fail(0, "a=ice-ufrag was sent without a=ice-pwd")
  if (
    ufrag === undefined &&
    !sessionEnd &&
    sections.every((s) => s.candidates.length === 0 && !s.endOfCandidates)
  )
    return fail(0, "the fragment holds no ICE credentials, candidates or end-of-candidates")
  return Result.succeed({ ufrag, pwd, media: sections, endOfCandidates: sessionEnd })
}

const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}...` : s)

/**
 * Formats a fragment as RFC 8840 text (CRLF line ends): session-level credentials first, then each
 * media section with its mid, candidates and end-of-candidates.
 *
 * @param frag - The fragment.
 * @returns The body of a PATCH request or of an ICE restart response.
 * @category formatting
 * @since 0.1.0
 */
export const formatSdpFrag = (frag: SdpFrag): string => {
  const out: string[] = []
  if (frag.ufrag !== undefined) out.push(`a=ice-ufrag:${frag.ufrag}`)
  if (frag.pwd !== undefined) out.push(`a=ice-pwd:${frag.pwd}`)
  if (frag.endOfCandidates) out.push("a=end-of-candidates")
  for (const m of frag.media) {
    if (m.mLine !== undefined) out.push(`m=${m.mLine}`)
    if (m.mid !== undefined) out.push(`a=mid:${m.mid}`)
    for (const c of m.candidates) out.push(`a=${c}`)
    if (m.endOfCandidates) out.push("a=end-of-candidates")
  }
  return `${out.join("\r\n")}\r\n`
}
