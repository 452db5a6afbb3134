// Type-level promise, checked by `tsc` (pnpm typecheck): public and private token keys are distinct
// types, so signing with a public key or handing a private key to a door does not compile.
import { describe, expectTypeOf, it } from "vitest"
import {
  generateTokenKeyPair,
  openRevocationList,
  signRevocationList,
  signToken,
  type TokenPrivateKey,
  type TokenPublicKey,
  verifyToken
} from "../src/index.ts"

const { privateKey, publicKey } = generateTokenKeyPair(1)
const claims = { id: "T1", event: "EV1", kind: "ga", nbf: 0, exp: 60 }

describe("token key types", () => {
  it("a public key is not a private key, and a private key is not a public key", () => {
    expectTypeOf<TokenPublicKey>().not.toExtend<TokenPrivateKey>()
    expectTypeOf<TokenPrivateKey>().not.toExtend<TokenPublicKey>()
  })

  it("signing with the public key and verifying with the private key do not compile", () => {
    // @ts-expect-error a public key cannot sign
    signToken(claims, publicKey)
    // @ts-expect-error a public key cannot sign a revocation list
    signRevocationList({ version: 1, issuedAt: 0, tokenIds: [] }, publicKey)
    // @ts-expect-error doors hold public keys only
    verifyToken("token", [privateKey], { now: 0 })
    // @ts-expect-error doors hold public keys only
    openRevocationList("list", privateKey)
    // the right kinds compile
    verifyToken(signToken(claims, privateKey), [publicKey], { now: 0 })
  })

  it("a key rebuilt from stored bytes must say it is private to sign", () => {
    const seed = new Uint8Array(32)
    // @ts-expect-error `type: "private"` is required
    signToken(claims, { id: 1, key: seed })
    signToken(claims, { type: "private", id: 1, key: seed })
  })
})
