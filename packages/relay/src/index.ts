// @microdrop/relay: WHIP ingest and WHEP egress Opus audio relay on werift.

export type { RelayRequestError } from "./errors.ts"
export {
  ClientSessionStep,
  Forbidden,
  IceSessionMismatch,
  InvalidOffer,
  InvalidPass,
  InvalidPublisherSecret,
  InvalidRelayConfig,
  InvalidSdpFrag,
  MethodNotAllowed,
  MissingCredential,
  NegotiationFailed,
  PayloadTooLarge,
  PreconditionFailed,
  PushUnavailable,
  RelayAtCapacity,
  RoomHasPublisher,
  RoomNotFound,
  SeatTaken,
  SessionNotFound,
  UnsupportedMediaType,
  UpstreamUnavailable
} from "./errors.ts"
export type { LatencyWindow } from "./LatencyWindow.ts"
export { makeLatencyWindow } from "./LatencyWindow.ts"
export { Name } from "./Name.ts"
export type { CodesPassVerifierOptions, ListenerPass, PassVerifier } from "./PassVerifier.ts"
export {
  codesPassVerifier,
  defaultPassKinds,
  PassKind,
  passFromClaims
} from "./PassVerifier.ts"
export type { SinkSlot } from "./Push.ts"
export { PushSpec, pushForever, pushOnce } from "./Push.ts"
export type { PatchResult, RelayOptions, RelayShape, SessionCreated } from "./Relay.ts"
export { Relay } from "./Relay.ts"
export type { ResolvedConfig } from "./RelayConfig.ts"
export { RelayConfig, resolveConfig, resolveConfigEffect } from "./RelayConfig.ts"
export type { HttpOptions } from "./RelayHttp.ts"
export { makeRequestListener } from "./RelayHttp.ts"
export { makeMetricsRegistry } from "./RelayMetrics.ts"
export { RelayServer, relayLayer } from "./RelayServer.ts"
export type { AdmissionStats, ListenerStats, RelayStats, TrackStats } from "./RelayStats.ts"
export type { RevocationFileOptions } from "./RevocationFile.ts"
export { watchRevocationFile } from "./RevocationFile.ts"
export type { SdpFrag, SdpFragMedia } from "./SdpFrag.ts"
export { candidateProblem, formatSdpFrag, parseSdpFrag, SDPFRAG_MEDIA_TYPE } from "./SdpFrag.ts"
export type { SourceSlot } from "./Upstream.ts"
export { pullForever, pullOnce, UpstreamSpec } from "./Upstream.ts"
