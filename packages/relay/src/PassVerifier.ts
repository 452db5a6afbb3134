/**
 * How the relay checks a listener's bearer pass: one small interface, implemented with
 * `@microdrop/codes`' `verifyToken` (Ed25519 QR/pass tokens) and a mapping from the token's pass kind
 * to the tracks and seats it opens.
 *
 * @since 0.1.0
 */
import {
  type RevocationList,
  type TokenClaims,
  type TokenError,
  type TokenPublicKey,
  verifyToken
} from "@microdrop/codes"
import { Result, Schema } from "effect"
import { Forbidden, InvalidPass, type InvalidRelayConfig } from "./errors.ts"
import { timeProblem } from "./internal/time.ts"
import { Name } from "./Name.ts"

/**
 * What a verified pass lets a listener do in this relay.
 *
 * @category models
 * @since 0.1.0
 */
export interface ListenerPass {
  /** The pass id (the token's `id`); sessions are counted per pass. */
  readonly pass: string
  /** The room the pass opens (the token's `event`). */
  readonly room: string
  /** The pass kind (the token's `kind`, e.g. "remote" or "vip"). */
  readonly kind: string
  /** The tracks the pass may hear, from its kind; the first the room has is the default. */
  readonly tracks: ReadonlyArray<string>
  /** Concurrent sessions the pass allows (absent: no cap), from its kind. */
  readonly seats?: number | undefined
}

/**
 * Verifies a bearer pass token at a given time.
 *
 * @category models
 * @since 0.1.0
 */
export interface PassVerifier {
  /**
   * Checks the token and says what it opens.
   *
   * @param token - The bearer token as sent.
   * @param nowMs - The current time in milliseconds since 1970 (from Effect's Clock).
   * @returns The pass, `InvalidPass` (401) for a token that is not valid now, `Forbidden` (403)
   *   for a valid token whose kind this relay does not serve, or `InvalidRelayConfig` naming `nowMs` when
   *   the time is not a finite number ≥ 0 (a broken clock admits nobody).
   */
  readonly verify: (
    token: string,
    nowMs: number
  ) => Result.Result<ListenerPass, InvalidPass | Forbidden | InvalidRelayConfig>
}

/**
 * What one pass kind opens: its tracks (the first the room has is the default) and its seat cap.
 *
 * @category schemas
 * @since 0.1.0
 */
export const PassKind = Schema.Struct({
  /** Tracks a pass of this kind may hear, e.g. ["mix"], or ["binaural", "mix"] for VIP. */
  tracks: Schema.Array(Name).check(Schema.isMinLength(1), Schema.isMaxLength(16)),
  /** Concurrent sessions one pass of this kind allows (absent: no cap). */
  seats: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 1000 })))
})

/**
 * What one pass kind opens (see {@link PassKind}).
 *
 * @category models
 * @since 0.1.0
 */
export type PassKind = typeof PassKind.Type

/**
 * The pass kinds a relay serves when its configuration names none: `remote` hears the room mix
 * (`main` or `mix`), `vip` may also switch to `binaural`; one seat per pass.
 *
 * @category constants
 * @since 0.1.0
 */
export const defaultPassKinds: Readonly<Record<string, PassKind>> = {
  remote: { tracks: ["main", "mix"], seats: 1 },
  vip: { tracks: ["main", "mix", "binaural"], seats: 1 }
}

const reasonOf = (e: TokenError): InvalidPass => {
  switch (e._tag) {
    case "MalformedToken":
      return new InvalidPass({ reason: "malformed", detail: e.reason })
    case "UnknownKey":
      return new InvalidPass({
        reason: "unknown-key",
        detail: `key ${e.keyId}; this relay has ${e.known.length === 0 ? "none" : e.known.join(", ")}`
      })
    case "InvalidSignature":
      return new InvalidPass({ reason: "bad-signature", detail: `key ${e.keyId}` })
    case "TokenRevoked":
      return new InvalidPass({ reason: "revoked", detail: `revocation list ${e.listVersion}` })
    case "TokenNotYetValid":
      return new InvalidPass({
        reason: "not-yet-valid",
        detail: `valid from ${new Date(e.notBefore * 1000).toISOString()}`
      })
    case "TokenExpired":
      return new InvalidPass({
        reason: "expired",
        detail: `expired at ${new Date(e.expiresAt * 1000).toISOString()}`
      })
    default:
      // A token error this relay does not know yet: refuse, and say what codes said.
      return new InvalidPass({ reason: "malformed", detail: (e as Error).message })
  }
}

/**
 * Maps a verified token's claims onto what the relay needs: event id → room, token id → pass id,
 * kind → tracks and seats (through `kinds`).
 *
 * @param claims - The token's claims (from `verifyToken`).
 * @param kinds - The pass kinds this relay serves.
 * @returns The pass, or `Forbidden` when the kind is not served here.
 * @example
 * ```ts
 * import { passFromClaims } from "@microdrop/relay"
 * passFromClaims({ id: "T1", event: "main", kind: "vip", nbf: 0, exp: 60 }, { vip: { tracks: ["binaural", "mix"] } })
 * // => Success({ pass: "T1", room: "main", kind: "vip", tracks: ["binaural", "mix"], seats: undefined })
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const passFromClaims = (
  claims: TokenClaims,
  kinds: Readonly<Record<string, PassKind>>
): Result.Result<ListenerPass, Forbidden> => {
  const kind = Object.hasOwn(kinds, claims.kind) ? kinds[claims.kind] : undefined
  if (kind === undefined)
    return Result.fail(
      new Forbidden({
        reason: `passes of kind '${claims.kind}' do not open this relay (it serves ${Object.keys(kinds).join(", ") || "no kinds"})`
      })
    )
  return Result.succeed({
    pass: claims.id,
    room: claims.event,
    kind: claims.kind,
    tracks: kind.tracks,
    seats: kind.seats
  })
}

/**
 * Options of {@link codesPassVerifier}.
 *
 * @category models
 * @since 0.1.0
 */
export interface CodesPassVerifierOptions {
  /** The issuer's public keys (every key id still accepted). */
  readonly publicKeys: ReadonlyArray<TokenPublicKey>
  /** What each pass kind opens. */
  readonly passKinds: Readonly<Record<string, PassKind>>
  /** The newest revocation list, read on every check (e.g. refreshed by the caller); revoked passes get 401. */
  readonly revocations?: (() => RevocationList | undefined) | undefined
  /** Seconds of clock difference forgiven at both ends of a pass's window (default 0; a finite number ≥ 0). */
  readonly leeway?: number | undefined
}

const SECONDS = { unit: "seconds", minimum: 0 } as const
const EPOCH_MS = { unit: "milliseconds since 1970", minimum: 0 } as const

/**
 * A pass verifier built on `@microdrop/codes`' `verifyToken`: the same Ed25519 tokens the box office
 * issues for the doors open the stream.
 *
 * @param options - Public keys, pass kinds, optional revocation list and leeway.
 * @returns A {@link PassVerifier}; its `verify` refuses a `nowMs` that is not a finite number ≥ 0 with
 *   `InvalidRelayConfig` naming `nowMs` (never a pass).
 * @throws `InvalidRelayConfig` naming `leeway` when it is given and not a finite number of seconds ≥ 0.
 * @example
 * ```ts
 * import { generateTokenKeyPair, signToken } from "@microdrop/codes"
 * import { codesPassVerifier } from "@microdrop/relay"
 * const { privateKey, publicKey } = generateTokenKeyPair(1)
 * const token = signToken({ id: "T1", event: "main", kind: "remote", nbf: 0, exp: 2_000_000_000 }, privateKey)
 * codesPassVerifier({ publicKeys: [publicKey], passKinds: { remote: { tracks: ["mix"] } } }).verify(token, Date.now())._tag
 * // => "Success"
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const codesPassVerifier = (options: CodesPassVerifierOptions): PassVerifier => {
  const badLeeway = options.leeway === undefined ? undefined : timeProblem("leeway", options.leeway, SECONDS)
  if (badLeeway !== undefined) throw badLeeway
  return {
    verify: (token, nowMs) => {
      const badNow = timeProblem("nowMs", nowMs, EPOCH_MS)
      if (badNow !== undefined) return Result.fail(badNow)
      const r = verifyToken(token, options.publicKeys, {
        now: nowMs,
        revocations: options.revocations?.(),
        leeway: options.leeway
      })
      return r.ok ? passFromClaims(r.value.claims, options.passKinds) : Result.fail(reasonOf(r.error))
    }
  }
}
