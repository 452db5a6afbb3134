// Test keys and pass tokens: one @microdrop/codes token key per test run, and the pass kinds the tests use.
import { formatTokenPublicKey, generateTokenKeyPair, signToken } from "@microdrop/codes"

export const issuer = generateTokenKeyPair(1)
/** The public key as the relay's config and CLI take it: `<key id>:<raw key as base64url>`. */
export const publicKeyText = formatTokenPublicKey(issuer.publicKey)
export const publicKeys = [publicKeyText]
export const PUBLISHER_SECRET = "test-publisher-secret-0123456789"

/** Pass kinds of the tests: one per track set, a VIP kind, and one-seat kinds. */
export const passKinds = {
  main: { tracks: ["main"] },
  mix: { tracks: ["mix"] },
  stems: { tracks: ["stems"] },
  vip: { tracks: ["binaural", "mix"] },
  "main-solo": { tracks: ["main"], seats: 1 },
  "mix-solo": { tracks: ["mix"], seats: 1 }
}

/** A signed pass: token id `pass`, event `room`, `kind`, valid from `nbf` (default 0) until `exp` (default in 1 h). */
export const pass = (
  c: {
    readonly pass?: string
    readonly room?: string
    readonly kind?: keyof typeof passKinds | (string & {})
    readonly nbf?: number
    readonly exp?: number
  } = {}
): string =>
  signToken(
    {
      id: c.pass ?? "pass-1",
      event: c.room ?? "main",
      kind: c.kind ?? "main",
      nbf: c.nbf ?? 0,
      exp: c.exp ?? Math.floor(Date.now() / 1000) + 3600
    },
    issuer.privateKey
  )

/** What most test relays start with: any free port on loopback, the test keys, kinds and secret. */
export const localRelay = {
  port: 0,
  host: "127.0.0.1",
  publicKeys,
  passKinds,
  publisherSecret: PUBLISHER_SECRET,
  iceHosts: ["127.0.0.1"]
}
