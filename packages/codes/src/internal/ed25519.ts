/**
 * Ed25519 over Node's crypto: raw RFC 8032 keys turned into KeyObjects once and cached. A cache
 * entry is only used while the key entry still holds the same kind, id and bytes it was built from,
 * so no call (failed, misused or valid) can change what a later call answers.
 */
import { createPrivateKey, createPublicKey, KeyObject, sign, verify } from "node:crypto"
import { InvalidCodeOptions } from "../errors.ts"
import { describeValue, refuse } from "./options.ts"

// DER prefixes that wrap a raw 32-byte key (RFC 8410): PKCS#8 for the seed, SPKI for the public key.
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex")
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex")

type KeyType = "private" | "public"

/** What a cached KeyObject was built from: used only while the entry still matches. */
interface Cached {
  readonly type: KeyType
  readonly id: number
  readonly key: KeyObject | Uint8Array
  readonly bytes: Uint8Array | undefined
  readonly object: KeyObject
}

const cache = new WeakMap<object, Cached>()

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

const fromRaw = (raw: Uint8Array, type: KeyType, option: string): KeyObject => {
  if (raw.length !== 32) {
    throw new InvalidCodeOptions({
      option: `${option}.key`,
      rule: `an Ed25519 ${type} key is 32 bytes, got ${raw.length}`
    })
  }
  const der = Buffer.concat([type === "private" ? PKCS8_PREFIX : SPKI_PREFIX, raw])
  return type === "private"
    ? createPrivateKey({ key: der, format: "der", type: "pkcs8" })
    : createPublicKey({ key: der, format: "der", type: "spki" })
}

/**
 * The KeyObject of a token key entry (`{ type, id, key }`), built once per entry. `option` names the
 * parameter in errors (`"privateKey"`, `"publicKeys"`). Throws `InvalidCodeOptions` for a key of the
 * wrong kind (a public key given to sign, a private key given to verify), an id outside 0-255 or a
 * key that is not an Ed25519 key of that kind.
 */
export const keyObjectOf = (entry: unknown, type: KeyType, option: string): KeyObject => {
  if (typeof entry !== "object" || entry === null)
    return refuse(option, `must be a token ${type} key { type, id, key }`, entry)
  const { type: declared, id, key } = entry as { type?: unknown; id?: unknown; key?: unknown }
  if (type === "private" && declared !== "private") {
    return refuse(
      `${option}.type`,
      declared === "public" || declared === undefined
        ? 'must be "private": sign with the private key (generateTokenKeyPair(id).privateKey), never the public key'
        : 'must be "private"',
      declared
    )
  }
  if (type === "public" && declared !== undefined && declared !== "public") {
    return refuse(
      `${option}.type`,
      declared === "private"
        ? 'must be "public": doors hold only public keys (generateTokenKeyPair(id).publicKey), never the private key'
        : 'must be "public" (or left out)',
      declared
    )
  }
  if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || id > 255)
    return refuse(`${option}.id`, "must be a whole number from 0 to 255", id)
  const cached = cache.get(entry)
  if (
    cached !== undefined &&
    cached.type === type &&
    cached.id === id &&
    cached.key === key &&
    (cached.bytes === undefined || (key instanceof Uint8Array && sameBytes(cached.bytes, key)))
  ) {
    return cached.object
  }
  let object: KeyObject
  if (key instanceof Uint8Array) object = fromRaw(key, type, option)
  else if (key instanceof KeyObject) {
    if (key.asymmetricKeyType !== "ed25519" || key.type !== type) {
      throw new InvalidCodeOptions({
        option: `${option}.key`,
        rule: `must be an Ed25519 ${type} key, got a ${key.asymmetricKeyType ?? "secret"} ${key.type} key`
      })
    }
    object = key
  } else {
    throw new InvalidCodeOptions({
      option: `${option}.key`,
      rule: `must be 32 raw bytes (Uint8Array) or a KeyObject, got ${describeValue(key)}`
    })
  }
  cache.set(entry, {
    type,
    id,
    key,
    bytes: key instanceof Uint8Array ? Uint8Array.from(key) : undefined,
    object
  })
  return object
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
export const privateKeyFromSeed = (seed: Uint8Array): KeyObject => fromRaw(seed, "private", "seed")

/** Signs `message` (Ed25519, pure: no pre-hash). */
export const ed25519Sign = (key: KeyObject, message: Uint8Array): Uint8Array => sign(null, message, key)

/** Verifies an Ed25519 signature. */
export const ed25519Verify = (key: KeyObject, message: Uint8Array, signature: Uint8Array): boolean =>
  verify(null, message, key, signature)

/**
 * The entry of `keys` (one key or a list) with key id `id`, after checking that `keys` is a key or a
 * list of keys and that none of them is a private key. Returns the ids held, for `UnknownKey`.
 */
export const findPublicKey = (
  keys: unknown,
  id: number,
  option: string
): { readonly entry: object | undefined; readonly known: ReadonlyArray<number> } => {
  const list: ReadonlyArray<unknown> = Array.isArray(keys) ? keys : [keys]
  if (!Array.isArray(keys) && (typeof keys !== "object" || keys === null))
    return refuse(option, "must be a token public key or a list of them", keys)
  let entry: object | undefined
  const known: number[] = []
  for (const k of list) {
    if (typeof k !== "object" || k === null)
      return refuse(option, "must hold token public keys { id, key }", k)
    const { type, id: kid } = k as { type?: unknown; id?: unknown }
    if (type === "private")
      return refuse(
        `${option}.type`,
        'must be "public": doors hold only public keys, never the private key',
        type
      )
    if (typeof kid !== "number")
      return refuse(`${option}.id`, "must be a key id (a whole number from 0 to 255)", kid)
    known.push(kid)
    if (kid === id && entry === undefined) entry = k
  }
  return { entry, known }
}
