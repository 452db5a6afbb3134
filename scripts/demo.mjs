#!/usr/bin/env node
// The main job until the event site exists: a walk through @microdrop/codes on its built output.
// Generates a batch of door codes, then reads them back as a volunteer might type them.
import { generateBatch, parseCode } from "../packages/codes/dist/index.js"

const shape = { length: 8, prefix: "MD" }
const batch = generateBatch(10, shape)
console.log(
  `Generated ${batch.codes.length} door codes (${batch.entropyBits} bits each; one guess hits with p = ${batch.guessProbability.toExponential(2)}):`
)
for (const code of batch.codes) console.log(`  ${code}`)

const [first = ""] = batch.codes
const swapAt = first.length - 4
const typed = [
  ["as printed", first],
  ["lowercase, spaces", first.toLowerCase().replaceAll("-", " ")],
  [
    "two neighbours swapped",
    first.slice(0, swapAt) + first[swapAt + 1] + first[swapAt] + first.slice(swapAt + 2)
  ],
  ["one character short", first.slice(0, -1)],
  ["with a U", `${first.slice(0, -1)}U`]
]
console.log("\nReading the first code back as a volunteer might type it:")
for (const [how, input] of typed) {
  const r = parseCode(input, shape)
  console.log(
    `  ${how.padEnd(24)} ${input.padEnd(16)} → ${r.ok ? `OK ${r.value.code}` : `${r.error._tag}: ${r.error.message}`}`
  )
}
