// @microdrop/codes: generateCode and verifyCheck beside naive implementations in the same run.
// Baselines: crypto.randomBytes per code with a string-lookup encoder; a regex normalizer with
// indexOf lookups for the check. Both compute the same outputs as ours (asserted below).
import { randomBytes } from "node:crypto"
import { ALPHABET, generateCode, verifyCheck, withCheck } from "@microdrop/codes"
import { runSuite } from "./lib/suite.ts"

const BATCH = 1000

const naiveGenerate = (length: number): string => {
  const bytes = randomBytes(length)
  let body = ""
  for (const b of bytes) body += ALPHABET.charAt(b % 32)
  // Same Damm check as ours, written the obvious way.
  let x = 0
  for (const ch of body) x = naiveStep(x, ALPHABET.indexOf(ch))
  const full = body + ALPHABET.charAt(naiveDouble(x))
  return full.match(/.{1,4}/g)?.join("-") ?? full
}
const naiveDouble = (x: number) => ((x * 2) ^ (x >= 16 ? 37 : 0)) % 32
const naiveStep = (x: number, d: number) => naiveDouble(x) ^ d
const naiveVerify = (code: string): boolean => {
  const canonical = code.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0")
  if (!/^[0-9A-HJKMNP-TV-Z]{2,}$/.test(canonical)) return false
  let x = 0
  for (const ch of canonical) x = naiveStep(x, ALPHABET.indexOf(ch))
  return x === 0
}

const codes = Array.from({ length: BATCH }, () => generateCode({ length: 10 }))
const typed = codes.map((c) => c.toLowerCase())
for (const c of typed)
  if (!naiveVerify(c) || !verifyCheck(c).ok) throw new Error(`baseline disagrees on ${c}`)
if (!verifyCheck(naiveGenerate(10)).ok || withCheck("ABCDEFGH") !== "ABCDEFGHZ")
  throw new Error("baseline disagrees")

let sink = 0
await runSuite("codes", [
  {
    name: "naive generate (randomBytes per code) length 10",
    batch: BATCH,
    fn: () => {
      for (let i = 0; i < BATCH; i++) sink += naiveGenerate(10).length
    }
  },
  {
    name: "generateCode length 10",
    batch: BATCH,
    baseline: "naive generate (randomBytes per code) length 10",
    fn: () => {
      for (let i = 0; i < BATCH; i++) sink += generateCode({ length: 10 }).length
    }
  },
  {
    name: "naive verify (regex normalize) length 10",
    batch: BATCH,
    fn: () => {
      for (const c of typed) sink += naiveVerify(c) ? 1 : 0
    }
  },
  {
    name: "verifyCheck length 10",
    batch: BATCH,
    baseline: "naive verify (regex normalize) length 10",
    fn: () => {
      for (const c of typed) sink += verifyCheck(c).ok ? 1 : 0
    }
  }
])
if (sink === 42) console.log("")
