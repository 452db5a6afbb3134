// `node:crypto`'s createHash for the browser bundle of the drop page (build.mjs aliases `crypto`
// and `node:crypto` to this file there): the raffle code of @microdrop/drops hashes with
// `createHash("sha256").update(text).digest("hex")`, which this provides with @noble/hashes.
import { sha256 } from "@noble/hashes/sha2"
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils"

/** A SHA-256 hash of UTF-8 text, with node's `update(...).digest("hex")` chain. */
export const createHash = (_algorithm: "sha256") => {
  const parts: Array<string> = []
  const hash = {
    update: (text: string) => {
      parts.push(text)
      return hash
    },
    digest: (_encoding: "hex") => bytesToHex(sha256(utf8ToBytes(parts.join(""))))
  }
  return hash
}
