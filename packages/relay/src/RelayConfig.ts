/**
 * The relay's user-facing configuration (CLI flags, a config file or code), validated with a Schema
 * into the options the relay and its HTTP server run with.
 *
 * @since 0.1.0
 */

import { parseTokenPublicKey, type RevocationList, type TokenPublicKey } from "@microdrop/codes"
import { Effect, Result, Schema, SchemaIssue } from "effect"
import { InvalidRelayConfig } from "./errors.ts"
import { iceBinding } from "./internal/peer.ts"
import { Name } from "./Name.ts"
import { codesPassVerifier, defaultPassKinds, PassKind, type PassVerifier } from "./PassVerifier.ts"
import { PushSpec } from "./Push.ts"
import type { RelayOptions } from "./Relay.ts"
import { UpstreamSpec } from "./Upstream.ts"

const Port = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 65535 }))

/**
 * The relay configuration as given (every field but the keys has a default).
 *
 * @category schemas
 * @since 0.1.0
 */
export const RelayConfig = Schema.Struct({
  /** TCP port of the HTTP server (0: any free port). Default 8080. */
  port: Schema.optionalKey(Port),
  /** Address to listen on. Default "0.0.0.0". */
  host: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1))),
  /**
   * The pass issuer's `@microdrop/codes` token public keys, each `"<key id>:<32 raw bytes as base64url
   * or hex>"` (several during a key rotation).
   */
  publicKeys: Schema.Array(Schema.String.check(Schema.isMinLength(1))).check(Schema.isMinLength(1)),
  /** What each pass kind (the token's `kind`) opens. Default {@link defaultPassKinds}. */
  passKinds: Schema.optionalKey(Schema.Record(Schema.String, PassKind)),
  /** The publishers' bearer secret; at least 16 characters. */
  publisherSecret: Schema.String.check(Schema.isMinLength(16)),
  /** A second publisher on a live track: "replace" (default) or "refuse" (409). */
  takeover: Schema.optionalKey(Schema.Literals(["replace", "refuse"])),
  /** A pass over its seat cap: "replace-oldest" (default) or "refuse" (409). */
  seatPolicy: Schema.optionalKey(Schema.Literals(["replace-oldest", "refuse"])),
  /** Rooms (and their tracks) that exist before a publisher arrives. */
  rooms: Schema.optionalKey(Schema.Record(Schema.String, Schema.Array(Name).check(Schema.isMinLength(1)))),
  /** CORS Access-Control-Allow-Origin. Default "*". */
  corsOrigin: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1))),
  /**
   * The ICE host addresses to offer (e.g. "127.0.0.1", or the public address behind a 1:1 NAT). Absent:
   * every interface's address, sockets on 0.0.0.0 / ::. Given: only these are offered, and the ICE
   * sockets bind to the one address of this machine per family among them (the wildcard only for a
   * family with none, e.g. a NAT's public address alone; two of one family are refused).
   */
  iceHosts: Schema.optionalKey(Schema.Array(Schema.String.check(Schema.isMinLength(1)))),
  /** Offer IPv6 host candidates. Default true. */
  iceIpv6: Schema.optionalKey(Schema.Boolean),
  /** Offer passive TCP host candidates (players behind UDP-blocking firewalls). Default true. */
  iceTcp: Schema.optionalKey(Schema.Boolean),
  /** UDP port range for ICE, [min, max] with min < max. */
  icePortRange: Schema.optionalKey(Schema.Tuple([Port, Port])),
  /**
   * One UDP port for every WebRTC session: ICE, DTLS and SRTP of all of them share it, told apart by ICE
   * ufrag and remote address (as Pion and MediaMTX do). The main thread (publishers, and listeners when
   * `workers` is 0) uses `udpPort`, listener worker i uses `udpPort + 1 + i`: open UDP `udpPort` …
   * `udpPort + workers` in the firewall. Absent (default): a socket per session on any port (or
   * `icePortRange`). No TCP candidates in this mode (`iceTcp` must not be true).
   */
  udpPort: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 65535 }))),
  /** Largest request body in bytes. Default 65536. */
  maxBodyBytes: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1024, maximum: 1_048_576 }))),
  /** Tracks to pull from upstream relays by WHEP (this relay is then an edge for them). */
  upstreams: Schema.optionalKey(Schema.Array(UpstreamSpec)),
  /** Tracks to push onward by WHIP (another relay, MediaMTX, a CDN's WHIP ingest). */
  pushes: Schema.optionalKey(Schema.Array(PushSpec)),
  /** Pause before pulling or pushing again after a session ends, in ms. Default 1000. */
  upstreamRetryMs: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 100, maximum: 600_000 }))),
  /**
   * End an upstream pull after this many ms without an RTP packet (counted from the first packet), so an
   * edge notices a silently dead origin in seconds instead of at ICE consent expiry (~30 s). Default 3000.
   */
  upstreamIdleMs: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 200, maximum: 600_000 }))),
  /**
   * Listener worker threads: 0 (default) keeps every peer connection on the main thread; N > 0 puts
   * listener peer connections in N workers (node:worker_threads).
   */
  workers: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 64 }))),
  /**
   * A file holding the issuer's signed revocation list (the text `signRevocationList` from
   * `@microdrop/codes` returns). Read at start (it must open with `publicKeys`), then looked at
   * every `revocationPollMs`: a newer list takes effect at once, revoked passes get 401.
   */
  revocationFile: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1))),
  /** How often to look at `revocationFile`, in ms. Default 5000. */
  revocationPollMs: Schema.optionalKey(
    Schema.Int.check(Schema.isBetween({ minimum: 100, maximum: 3_600_000 }))
  ),
  /**
   * Listener sessions this process serves at most; a listener past it is refused at once with 503 and
   * `Retry-After: 10` (`RelayAtCapacity`). Default: no cap. Size it from the benchmark's listeners per
   * core (see the README's capacity section).
   */
  maxListeners: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 10_000_000 }))),
  /**
   * Listener joins (answer, ICE, DTLS handshake) in progress at once; more wait in a queue, so a join
   * storm cannot starve the publisher's stream. Default 4 per handshake thread (4, or 4 × `workers`).
   */
  maxJoinsInFlight: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 4096 }))),
  /** Joins that may wait for a slot; with the queue full a join gets 503 and `Retry-After: 2`. Default 1024. */
  maxQueuedJoins: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1_000_000 }))),
  /** Close sessions whose peer has not connected after this many ms. Default 30000. */
  connectTimeoutMs: Schema.optionalKey(
    Schema.Int.check(Schema.isBetween({ minimum: 1000, maximum: 600_000 }))
  )
})

/**
 * The relay configuration as given (see {@link RelayConfig}).
 *
 * @category models
 * @since 0.1.0
 */
export type RelayConfig = typeof RelayConfig.Encoded

/**
 * A validated configuration with defaults applied.
 *
 * @category models
 * @since 0.1.0
 */
export interface ResolvedConfig {
  /** Options for the relay service. */
  readonly relay: RelayOptions
  /**
   * The revocation list file to watch, and the verifier to use with the list it holds (undefined
   * without `revocationFile`, or when a custom verifier was given).
   */
  readonly revocations:
    | {
        readonly file: string
        readonly pollMs: number
        readonly publicKeys: ReadonlyArray<TokenPublicKey>
        readonly verifier: (revocations: () => RevocationList | undefined) => PassVerifier
      }
    | undefined
  /** Options for the HTTP server. */
  readonly http: {
    readonly port: number
    readonly host: string
    readonly corsOrigin: string
    readonly maxBodyBytes: number
  }
}

const decode = Schema.decodeUnknownResult(RelayConfig)
const EXCESS = "Expected no excess property"

/** A path segment as a field name shows it: bare when it is a plain name or an index, else JSON-quoted (so "a.b" or ", " stay one segment). */
const segment = (key: PropertyKey): string =>
  typeof key === "number" || (typeof key === "string" && /^[A-Za-z_$][\w$-]*$|^\d+$/.test(key))
    ? String(key)
    : JSON.stringify(String(key))

/** The known name within edit distance 2 of `name` (the nearest), if any. */
const closest = (name: string, known: ReadonlyArray<string>): string | undefined => {
  const distance = (a: string, b: string): number => {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
    for (let i = 1; i <= a.length; i++) {
      const row = [i]
      for (let j = 1; j <= b.length; j++)
        row.push(
          Math.min(
            (prev[j] ?? 0) + 1,
            (row[j - 1] ?? 0) + 1,
            (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
          )
        )
      prev = row
    }
    return prev[b.length] ?? Number.POSITIVE_INFINITY
  }
  const ranked = known.map((k) => [k, distance(name.toLowerCase(), k.toLowerCase())] as const)
  const best = ranked.reduce<readonly [string, number] | undefined>(
    (a, x) => (a === undefined || x[1] < a[1] ? x : a),
    undefined
  )
  return best !== undefined && best[1] <= 2 ? best[0] : undefined
}
const isName = Schema.is(Name)

/**
 * Validates a configuration and applies defaults.
 *
 * @param input - The configuration (e.g. parsed CLI flags or JSON).
 * @param verifier - Optional pass verifier to use instead of `codesPassVerifier` built from `publicKeys`
 *   and `passKinds` (e.g. one that also reads a revocation list).
 * @returns The resolved configuration, or `InvalidRelayConfig` naming the field and the rule.
 * @example
 * ```ts
 * import { resolveConfig } from "@microdrop/relay"
 * resolveConfig({ publicKeys: ["nope"], publisherSecret: "0123456789abcdef" })._tag
 * // => "Failure"
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const resolveConfig = (
  input: unknown,
  verifier?: PassVerifier
): Result.Result<ResolvedConfig, InvalidRelayConfig> => {
  const r = decode(input, { errors: "all", onExcessProperty: "error" })
  if (Result.isFailure(r)) {
    const issues = SchemaIssue.makeFormatterStandardSchemaV1()(r.failure.issue).issues.map((issue) => ({
      field: issue.path?.map((p) => segment(typeof p === "object" && p !== null ? p.key : p)).join(".") ?? "",
      message: issue.message
    }))
    // Unknown keys (a typo such as `worker: 2`) are named all at once, with the option meant when it is close.
    const excess = issues.filter((issue) => issue.message === EXCESS)
    if (excess.length > 0) {
      const guesses = excess.flatMap(({ field }) => {
        const guess = field.includes(".") ? undefined : closest(field, Object.keys(RelayConfig.fields))
        return guess === undefined ? [] : [`'${field}' → '${guess}'`]
      })
      return Result.fail(
        new InvalidRelayConfig({
          field: excess.map((issue) => issue.field).join(", "),
          rule: `${excess.length === 1 ? "is not a relay setting" : "are not relay settings"}${guesses.length === 0 ? "" : ` (did you mean ${guesses.join(", ")}?)`}`
        })
      )
    }
    const issue = issues[0]
    return Result.fail(
      new InvalidRelayConfig({
        field: issue === undefined || issue.field === "" ? "the configuration" : issue.field,
        rule: issue?.message ?? r.failure.message
      })
    )
  }
  const c = r.success
  const publicKeys: Array<TokenPublicKey> = []
  for (const [i, text] of c.publicKeys.entries()) {
    const key = parseTokenPublicKey(text)
    if (!key.ok)
      return Result.fail(
        new InvalidRelayConfig({
          field: `publicKeys.${i}`,
          rule: `must be a @microdrop/codes token public key '<key id 0-255>:<32 raw bytes as base64url or hex>' (as formatTokenPublicKey writes it); ${key.error.rule}`
        })
      )
    publicKeys.push(key.value)
  }
  const badRoom = Object.keys(c.rooms ?? {}).find((room) => !isName(room))
  if (badRoom !== undefined)
    return Result.fail(
      new InvalidRelayConfig({
        field: `rooms.${badRoom}`,
        rule: "must be a name of 1-64 letters, digits, '-' or '_'"
      })
    )
  const { ambiguous } = iceBinding(c.iceHosts ?? [])
  if (ambiguous.length > 0)
    return Result.fail(
      new InvalidRelayConfig({
        field: "iceHosts",
        rule: `may hold one address of this machine per IP family (werift binds every ICE socket of a family to one address), got ${ambiguous.join(", ")}`
      })
    )
  if (c.icePortRange !== undefined && c.icePortRange[0] >= c.icePortRange[1])
    return Result.fail(
      new InvalidRelayConfig({ field: "icePortRange", rule: "must be [min, max] with min < max" })
    )
  if (c.udpPort !== undefined && c.udpPort + (c.workers ?? 0) > 65535)
    return Result.fail(
      new InvalidRelayConfig({
        field: "udpPort",
        rule: `must leave room for one port per worker (udpPort + workers ≤ 65535), got ${c.udpPort} + ${c.workers ?? 0}`
      })
    )
  if (c.udpPort !== undefined && c.iceTcp === true)
    return Result.fail(
      new InvalidRelayConfig({
        field: "iceTcp",
        rule: "cannot be true with udpPort (TCP candidates need a listening socket per session; leave it unset)"
      })
    )
  const withList = (revocations?: () => RevocationList | undefined): PassVerifier =>
    codesPassVerifier({ publicKeys, passKinds: c.passKinds ?? defaultPassKinds, revocations })
  return Result.succeed({
    revocations:
      c.revocationFile === undefined || verifier !== undefined
        ? undefined
        : { file: c.revocationFile, pollMs: c.revocationPollMs ?? 5_000, publicKeys, verifier: withList },
    relay: {
      publisherSecret: c.publisherSecret,
      verifier: verifier ?? withList(),
      takeover: c.takeover ?? "replace",
      seatPolicy: c.seatPolicy ?? "replace-oldest",
      rooms: c.rooms ?? {},
      connectTimeoutMs: c.connectTimeoutMs ?? 30_000,
      workers: c.workers ?? 0,
      ...(c.maxListeners === undefined ? {} : { maxListeners: c.maxListeners }),
      ...(c.maxJoinsInFlight === undefined ? {} : { maxJoinsInFlight: c.maxJoinsInFlight }),
      ...(c.maxQueuedJoins === undefined ? {} : { maxQueuedJoins: c.maxQueuedJoins }),
      upstreams: c.upstreams ?? [],
      pushes: c.pushes ?? [],
      upstreamRetryMs: c.upstreamRetryMs ?? 1_000,
      upstreamIdleMs: c.upstreamIdleMs ?? 3_000,
      iceAdditionalHostAddresses: c.iceHosts ?? [],
      icePortRange: c.icePortRange,
      iceIpv6: c.iceIpv6 ?? true,
      iceTcp: c.iceTcp ?? c.udpPort === undefined,
      udpPort: c.udpPort,
      gatherTimeoutMs: 5_000
    },
    http: {
      port: c.port ?? 8080,
      host: c.host ?? "0.0.0.0",
      corsOrigin: c.corsOrigin ?? "*",
      maxBodyBytes: c.maxBodyBytes ?? 65_536
    }
  })
}

/**
 * {@link resolveConfig} as an Effect.
 *
 * @param input - The configuration.
 * @returns The resolved configuration; fails with `InvalidRelayConfig`.
 * @category constructors
 * @since 0.1.0
 */
export const resolveConfigEffect = (input: unknown): Effect.Effect<ResolvedConfig, InvalidRelayConfig> =>
  Effect.fromResult(resolveConfig(input))
