/**
 * `@microdrop/codes`: human-friendly codes for tickets, passes and redemptions.
 *
 * Functions that read text a person typed return a `Result` (`{ ok, value } | { ok, error }`) with a
 * tagged error; functions given invalid options by the program throw `InvalidCodeOptions`.
 *
 * @since 0.1.0
 */

export type { Result } from "@microdrop/kit"
export { ALPHABET } from "./alphabet.ts"
export { decode, encode } from "./base32.ts"
export type { CodeOptions } from "./CodeOptions.ts"
export { checkCharacter, verifyCheck, withCheck } from "./checkCharacter.ts"
export type {
  CodeError,
  InputIssue,
  LedgerMethod,
  LedgerStoreName,
  LedgerStoreOperation,
  RedeemError,
  ShortCodeError,
  TokenError
} from "./errors.ts"
export {
  CodeAlreadyIssued,
  CodeAlreadyRedeemed,
  CodeExpired,
  CodeNotFound,
  CodeRevoked,
  InvalidCharacter,
  InvalidCheckCharacter,
  InvalidCodeOptions,
  InvalidKeyText,
  InvalidLedgerInput,
  InvalidLength,
  InvalidPrefix,
  InvalidSignature,
  LedgerDisposed,
  LedgerUnavailable,
  MalformedToken,
  NonCanonicalEncoding,
  RateLimited,
  StaleRevocationList,
  TokenExpired,
  TokenNotYetValid,
  TokenRevoked,
  UnknownKey
} from "./errors.ts"
export type { CodeBatch } from "./generateBatch.ts"
export { generateBatch } from "./generateBatch.ts"
export { generateCode } from "./generateCode.ts"
export { generateTokenKeyPair } from "./generateTokenKeyPair.ts"
export { group } from "./group.ts"
export type { LedgerApi, LedgerConfig } from "./Ledger.ts"
export { Ledger } from "./Ledger.ts"
export { memoryStore } from "./LedgerMemory.ts"
export {
  Attempt,
  CodeStatus,
  IssueRequest,
  OfflineScan,
  RedeemRequest,
  Redemption,
  SyncReport
} from "./LedgerSchemas.ts"
export type { RedeemCommand, RedeemOutcome, StoredCode } from "./LedgerStore.ts"
export { LedgerStore } from "./LedgerStore.ts"
export { normalize } from "./normalize.ts"
export type { CodeShape, ParsedCode } from "./parseCode.ts"
export { parseCode } from "./parseCode.ts"
export type { RandomSource } from "./RandomSource.ts"
export type { RevocationList } from "./RevocationList.ts"
export { openRevocationList, signRevocationList } from "./RevocationList.ts"
export type { ShortCodeOptions, ShortKey, VerifiedShortCode } from "./ShortKey.ts"
export { DEFAULT_TAG_LENGTH, MIN_TAG_LENGTH } from "./ShortKey.ts"
export { signShort } from "./signShort.ts"
export { signToken } from "./signToken.ts"
export { TokenClaims } from "./TokenClaims.ts"
export type { TokenKeyPair, TokenPrivateKey, TokenPublicKey } from "./TokenKey.ts"
export { formatTokenPublicKey, parseTokenPublicKey } from "./tokenKeyText.ts"
export { verifyShort } from "./verifyShort.ts"
export type { VerifiedToken, VerifyTokenOptions } from "./verifyToken.ts"
export { verifyToken } from "./verifyToken.ts"
