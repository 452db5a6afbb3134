/** Ed25519 over Node's crypto: raw RFC 8032 keys turned into KeyObjects once and cached. */
import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto"
import { InvalidCodeOptions } from "../errors.js"

// DER prefixes that wrap a raw 32-byte key (RFC 8410): PKCS#8 for the seed, SPKI for the public key.
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex")
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex")

const cache = new WeakMap<object, KeyObject>()

const checkId = (id: number): void => {
  if (!Number.isInteger(id) || id < 0 || id > 255) {
    throw new InvalidCodeOptions({
      option: "key.id",
      rule: `must be a whole number from 0 to 255, got ${id}`
    })
  }
}

const fromRaw = (raw: Uint8Array, type: "private" | "public"): KeyObject => {
  if (raw.length !== 32) {
    throw new InvalidCodeOptions({
      option: "key.key",
      rule: `an Ed25519 ${type} key is 32 bytes, got ${raw.length}`
    })
  }
  const der = Buffer.concat([type === "private" ? PKCS8_PREFIX : SPKI_PREFIX, raw])
  return type === "private"
    ? createPrivateKey({ key: der, format: "der", type: "pkcs8" })
    : createPublicKey({ key: der, format: "der", type: "spki" })
}

/** The KeyObject of a token key entry (`{ id, key }`), built once per entry. */
export const keyObjectOf = (
  entry: { readonly id: number; readonly key: KeyObject | Uint8Array },
  type: "private" | "public"
): KeyObject => {
  const cached = cache.get(entry)
  if (cached !== undefined) return cached
  checkId(entry.id)
  let key: KeyObject
  if (entry.key instanceof Uint8Array) key = fromRaw(entry.key, type)
  else {
    key = entry.key
    const expected = type === "private" ? "private" : "public"
    if (key.asymmetricKeyType !== "ed25519" || key.type !== expected) {
      throw new InvalidCodeOptions({
        option: "key.key",
        rule: `must be an Ed25519 ${expected} key, got a ${key.asymmetricKeyType ?? "secret"} ${key.type} key`
      })
    }
  }
  cache.set(entry, key)
  return key
}

/** The raw 32-byte public key of a private key. */
export const rawPublicKey = (privateKey: KeyObject): Uint8Array =>
  new Uint8Array(
    createPublicKey(privateKey).export({ format: "der", type: "spki" }).subarray(SPKI_PREFIX.length)
  )

/** The raw 32-byte seed of a private key. */
export const rawPrivateKey = (privateKey: KeyObject): Uint8Array =>
  new Uint8Array(privateKey.export({ format: "der", type: "pkcs8" }).subarray(PKCS8_PREFIX.length))

/** Raw seed → private KeyObject (for key generation from a seed). */
export const privateKeyFromSeed = (seed: Uint8Array): KeyObject => fromRaw(seed, "private")

/** Signs `message` (Ed25519, pure: no pre-hash). */
export const ed25519Sign = (key: KeyObject, message: Uint8Array): Uint8Array => sign(null, message, key)

/** Verifies an Ed25519 signature. */
export const ed25519Verify = (key: KeyObject, message: Uint8Array, signature: Uint8Array): boolean =>
  verify(null, message, key, signature)
