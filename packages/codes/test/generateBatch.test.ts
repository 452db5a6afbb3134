import { describe, expect, it } from "vitest"
import { generateBatch, normalize } from "../src/index.ts"
import { seeded } from "./seeded.ts"

describe("generateBatch", () => {
  it("returns the number of codes asked for, all distinct", () => {
    const batch = generateBatch(5000, { length: 6 })
    expect(batch.codes).toHaveLength(5000)
    // compare canonical strings (a Set of Result objects would count 5,000 identical codes as distinct)
    const canonical = batch.codes.map((c) => {
      const r = normalize(c)
      if (!r.ok) throw r.error
      return r.value
    })
    expect(new Set(canonical).size).toBe(5000)
  })

  it("states entropy per code and the odds that one guess hits the batch", () => {
    const batch = generateBatch(100, { length: 10 })
    expect(batch.entropyBits).toBe(50)
    expect(batch.space).toBe(2 ** 50)
    expect(batch.guessProbability).toBe(100 / 2 ** 50)
  })

  it("fills the whole code space without duplicates when asked to", () => {
    const batch = generateBatch(1024, { length: 2, check: false, groupSize: 0 })
    expect(new Set(batch.codes).size).toBe(1024)
    expect(batch.guessProbability).toBe(1)
  })

  it("draws again on a duplicate instead of returning it", () => {
    // The first two draws repeat; the batch still has two distinct codes.
    const draws = [Uint8Array.of(1, 2), Uint8Array.of(1, 2), Uint8Array.of(3, 4)]
    let i = 0
    const batch = generateBatch(2, {
      length: 2,
      check: false,
      random: () => draws[i++] ?? Uint8Array.of(5, 6)
    })
    expect(batch.codes).toEqual(["12", "34"])
  })

  it("is deterministic for an injected random source", () => {
    expect(generateBatch(50, { length: 8, random: seeded(1) }).codes).toEqual(
      generateBatch(50, { length: 8, random: seeded(1) }).codes
    )
  })

  it("throws InvalidCodeOptions for more codes than the length allows", () => {
    expect(() => generateBatch(1025, { length: 2 })).toThrowError(
      expect.objectContaining({ _tag: "InvalidCodeOptions", option: "count" })
    )
    expect(() => generateBatch(-1, { length: 2 })).toThrowError(/count/)
  })

  it("throws instead of looping forever when the random source repeats itself", () => {
    expect(() => generateBatch(3, { length: 4, random: () => Uint8Array.of(1, 2, 3, 4) })).toThrowError(
      expect.objectContaining({ _tag: "InvalidCodeOptions", option: "random" })
    )
  })
})
