// Type-level promises, checked by `tsc` (pnpm typecheck): the error channels name every tag.
import type { Effect } from "effect"
import { describe, expectTypeOf, it } from "vitest"
import type {
  CodeAlreadyRedeemed,
  CodeNotFound,
  Ledger,
  RateLimited,
  RedeemError,
  Redemption,
  ShortCodeError,
  TokenError,
  VerifiedShortCode,
  VerifiedToken,
  verifyShort,
  verifyToken
} from "../src/index.ts"

type Api = Ledger["Service"]

describe("types", () => {
  it("redeem fails with exactly the RedeemError tags", () => {
    expectTypeOf<ReturnType<Api["redeem"]>>().toEqualTypeOf<Effect.Effect<Redemption, RedeemError>>()
    expectTypeOf<CodeNotFound | CodeAlreadyRedeemed | RateLimited>().toExtend<RedeemError>()
    expectTypeOf<RedeemError["_tag"]>().toEqualTypeOf<
      | "CodeNotFound"
      | "CodeAlreadyRedeemed"
      | "CodeExpired"
      | "CodeRevoked"
      | "RateLimited"
      | "InvalidLedgerInput"
      | "LedgerUnavailable"
    >()
  })

  it("verifyShort and verifyToken return results whose errors are distinct tags", () => {
    type Short = ReturnType<typeof verifyShort>
    type Token = ReturnType<typeof verifyToken>
    expectTypeOf<Extract<Short, { ok: true }>["value"]>().toEqualTypeOf<VerifiedShortCode>()
    expectTypeOf<Extract<Token, { ok: true }>["value"]>().toEqualTypeOf<VerifiedToken>()
    expectTypeOf<ShortCodeError["_tag"]>().toEqualTypeOf<
      | "InvalidCharacter"
      | "InvalidLength"
      | "NonCanonicalEncoding"
      | "InvalidCheckCharacter"
      | "UnknownKey"
      | "InvalidSignature"
    >()
    expectTypeOf<TokenError["_tag"]>().toEqualTypeOf<
      | "MalformedToken"
      | "UnknownKey"
      | "InvalidSignature"
      | "TokenNotYetValid"
      | "TokenExpired"
      | "TokenRevoked"
    >()
  })
})
