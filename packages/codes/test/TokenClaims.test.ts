import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { TokenClaims } from "../src/index.ts"

const decode = Schema.decodeUnknownResult(TokenClaims)
const valid = { id: "T1", event: "EV1", kind: "vip", nbf: 0, exp: 60 }

describe("TokenClaims", () => {
  it("decodes valid claims, with or without a holder", () => {
    expect(decode(valid)).toEqual(Result.succeed(valid))
    expect(decode({ ...valid, holder: "Zoë" })).toEqual(Result.succeed({ ...valid, holder: "Zoë" }))
  })

  it("names the field and the rule when a claim is invalid", () => {
    const cases = [
      [{ ...valid, id: "" }, /must be 1 to 64 UTF-8 bytes[\s\S]*id/],
      [{ ...valid, kind: "x".repeat(33) }, /must be 1 to 32 UTF-8 bytes[\s\S]*kind/],
      [{ ...valid, event: "é".repeat(33) }, /64 UTF-8 bytes[\s\S]*event/],
      [{ ...valid, nbf: 1.5 }, /nbf/],
      [{ ...valid, exp: 2 ** 32 }, /exp/],
      [{ ...valid, exp: 0 }, /exp must be after nbf/]
    ] as const
    for (const [input, message] of cases) {
      const r = decode(input)
      expect(Result.isFailure(r), JSON.stringify(input)).toBe(true)
      if (Result.isFailure(r)) expect(r.failure.message).toMatch(message)
    }
  })
})
