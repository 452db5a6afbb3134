// Test keys and pass tokens: one Ed25519 issuer per test run.
import { generateKeyPairSync } from "node:crypto"
import { type PassClaims, signPass } from "../../src/index.ts"

export const issuer = generateKeyPairSync("ed25519")
export const publicKeyPem = issuer.publicKey.export({ format: "pem", type: "spki" }).toString()
export const PUBLISHER_SECRET = "test-publisher-secret-0123456789"

export const pass = (claims: Partial<PassClaims> = {}): string =>
  signPass(
    {
      pass: "pass-1",
      room: "main",
      tracks: ["main"],
      exp: Math.floor(Date.now() / 1000) + 3600,
      ...claims
    },
    issuer.privateKey
  )
/** The public key as the raw 32 bytes in base64url (what a command line takes most easily). */
export const publicKeyRaw = String(issuer.publicKey.export({ format: "jwk" }).x)
