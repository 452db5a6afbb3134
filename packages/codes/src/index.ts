/**
 * `@microdrop/codes`: human-friendly codes for tickets, passes and redemptions.
 *
 * Functions that read text a person typed return a `Result` (`{ ok, value } | { ok, error }`) with a
 * tagged error; functions given invalid options by the program throw `InvalidCodeOptions`.
 *
 * @since 0.1.0
 */

export type { Result } from "@microdrop/kit"
export { ALPHABET } from "./alphabet.js"
export { decode, encode } from "./base32.js"
export type { CodeOptions } from "./CodeOptions.js"
export { checkCharacter, verifyCheck, withCheck } from "./checkCharacter.js"
export type { CodeError, RedeemError, ShortCodeError, TokenError } from "./errors.js"
export {
  CodeAlreadyIssued,
  CodeAlreadyRedeemed,
  CodeExpired,
  CodeNotFound,
  CodeRevoked,
  Expired,
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
  NotYetValid,
  RateLimited,
  Revoked,
  StaleRevocationList,
  UnknownKey
} from "./errors.js"
export type { CodeBatch } from "./generateBatch.js"
export { generateBatch } from "./generateBatch.js"
export { generateCode } from "./generateCode.js"
export { generateTokenKeyPair } from "./generateTokenKeyPair.js"
export { group } from "./group.js"
export type { LedgerApi, LedgerConfig } from "./Ledger.js"
export { Ledger } from "./Ledger.js"
export { memoryStore } from "./LedgerMemory.js"
export {
  Attempt,
  CodeStatus,
  IssueRequest,
  OfflineScan,
  RedeemRequest,
  Redemption,
  SyncReport
} from "./LedgerSchemas.js"
export type { RedeemCommand, RedeemOutcome, StoredCode } from "./LedgerStore.js"
export { LedgerStore } from "./LedgerStore.js"
export { normalize } from "./normalize.js"
export type { CodeShape, ParsedCode } from "./parseCode.js"
export { parseCode } from "./parseCode.js"
export type { RandomSource } from "./RandomSource.js"
export type { RevocationList } from "./RevocationList.js"
export { openRevocationList, signRevocationList } from "./RevocationList.js"
export type { ShortCodeOptions, ShortKey, VerifiedShortCode } from "./ShortKey.js"
export { DEFAULT_TAG_LENGTH, MIN_TAG_LENGTH } from "./ShortKey.js"
export { signShort } from "./signShort.js"
export { signToken } from "./signToken.js"
export { TokenClaims } from "./TokenClaims.js"
export type { TokenKeyPair, TokenPrivateKey, TokenPublicKey } from "./TokenKey.js"
export { formatTokenPublicKey, parseTokenPublicKey } from "./tokenKeyText.js"
export { verifyShort } from "./verifyShort.js"
export type { VerifiedToken, VerifyTokenOptions } from "./verifyToken.js"
export { verifyToken } from "./verifyToken.js"
